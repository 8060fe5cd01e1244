import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Which Node process owns an embedded cluster. PostgreSQL runs in a process group of its own, so
 * it outlives a Node process that is killed (kill -9, an out-of-memory kill, a crash without exit
 * handlers). The owner's pid, with its start time (pids are reused), is recorded beside the
 * cluster; the next start then knows whether the running PostgreSQL belongs to a live instance or
 * was left behind by a dead one.
 */

export interface ClusterOwner {
  /** The Node process that started the cluster. */
  pid: number;
  /** Its start time in clock ticks since boot (/proc/PID/stat), when known. */
  startTime: number | null;
  /** The postmaster it started. */
  postmasterPid: number;
  port: number;
  clusterDir: string;
}

/** The owner file of a data folder. */
export const ownerFile = (dataDir: string) => path.join(dataDir, 'embedded-postgres.owner.json');

/** A process's start time (field 22 of /proc/PID/stat), or null off Linux or once it is gone. */
export function processStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process that wrote `owner` still runs (the same process, not a reused pid). */
export function ownerAlive(owner: ClusterOwner): boolean {
  if (!isAlive(owner.pid)) return false;
  const started = processStartTime(owner.pid);
  return owner.startTime === null || started === null || started === owner.startTime;
}

export async function readOwner(dataDir: string): Promise<ClusterOwner | undefined> {
  try {
    return JSON.parse(await fs.readFile(ownerFile(dataDir), 'utf8')) as ClusterOwner;
  } catch {
    return undefined;
  }
}

export async function writeOwner(
  dataDir: string,
  owner: Omit<ClusterOwner, 'pid' | 'startTime'>,
): Promise<void> {
  const record: ClusterOwner = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    ...owner,
  };
  await fs.writeFile(ownerFile(dataDir), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the owner file if this process wrote it. */
export async function clearOwner(dataDir: string): Promise<void> {
  const owner = await readOwner(dataDir);
  if (owner?.pid === process.pid) await fs.rm(ownerFile(dataDir), { force: true });
}

/**
 * The postmaster running on a cluster folder, from its postmaster.pid (pid on line 1, port on
 * line 4), if that process still runs and is a PostgreSQL server.
 */
export async function runningPostmaster(
  clusterDir: string,
): Promise<{ pid: number; port: number } | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await fs.readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  try {
    // After a reboot the pid may belong to anything; only a postgres process counts.
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!command.includes('postgres')) return undefined;
  } catch {
    // No /proc (not Linux): trust the pid file.
  }
  return { pid, port: Number(lines[3]) };
}

/**
 * Stops a postmaster left behind: a fast shutdown (SIGINT: sessions ended, data kept), then an
 * immediate one (SIGQUIT) if it has not exited after `patienceMs`; resolves once it is gone.
 */
export async function stopPostmaster(pid: number, patienceMs = 20_000): Promise<void> {
  const gone = async (ms: number) => {
    for (const until = Date.now() + ms; Date.now() < until;) {
      if (!isAlive(pid)) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return !isAlive(pid);
  };
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGINT');
  if (await gone(patienceMs)) return;
  signal('SIGQUIT');
  if (await gone(5000)) return;
  signal('SIGKILL');
  await gone(5000);
}
