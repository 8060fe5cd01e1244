import { execFile } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client } from 'pg';
import {
  EmbeddedDatabase,
  EmbeddedDatabaseInUse,
  startEmbeddedDatabase,
} from '../src/database/embedded-postgres.js';
import { listProcesses, postgresProcessesOf, postmasterPid } from './processes.js';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const isAlive = (pid: number) => listProcesses().some((p) => p.pid === pid);

describe('embedded PostgreSQL', () => {
  let dataDir: string;
  let clusterDir: string;
  let database: EmbeddedDatabase | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tracker-embedded-'));
    chmodSync(dataDir, 0o755); // the unprivileged postgres user must reach the cluster folder
    clusterDir = path.join(dataDir, 'postgres');
  });
  afterAll(async () => {
    await database?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps its data across a stop and a start', async () => {
    database = await startEmbeddedDatabase(dataDir);
    await query(database.adminUrl, `CREATE TABLE kept (note text)`);
    await query(database.adminUrl, `INSERT INTO kept VALUES ('still here')`);
    await database.stop();

    database = await startEmbeddedDatabase(dataDir);
    expect(await query(database.adminUrl, `SELECT note FROM kept`)).toEqual([
      { note: 'still here' },
    ]);
  });

  it('refuses a second start on a folder whose cluster runs, naming the folder and the pid', async () => {
    const running = postmasterPid(clusterDir);
    const second = startEmbeddedDatabase(dataDir);
    await expect(second).rejects.toBeInstanceOf(EmbeddedDatabaseInUse);
    await expect(second).rejects.toThrow(
      `The embedded database in ${clusterDir} is already in use by another process (PostgreSQL pid ${running})`,
    );
    // The running cluster is untouched.
    expect(await query(database!.adminUrl, `SELECT count(*)::int AS n FROM kept`)).toEqual([
      { n: 1 },
    ]);
  });

  it('runs PostgreSQL in a process group of its own, so a Ctrl-C reaches only the service', () => {
    const postmaster = listProcesses().find((p) => p.pid === postmasterPid(clusterDir));
    const self = listProcesses().find((p) => p.pid === process.pid);
    expect(postmaster).toBeDefined();
    expect(postmaster!.pgid).toBe(postmaster!.pid);
    expect(postmaster!.pgid).not.toBe(self!.pgid);
  });

  it('leaves no PostgreSQL process for the folder after stop', async () => {
    const before = postgresProcessesOf(clusterDir);
    expect(before.length).toBeGreaterThan(1); // the postmaster and its background workers
    await database!.stop();
    database = undefined;
    expect(postgresProcessesOf(clusterDir)).toEqual([]);
    for (const process of before) expect(isAlive(process.pid)).toBe(false);
  });

  it("keeps a command's exit code (embedded-postgres's exit hook would turn it into 0)", async () => {
    const compiled = path.resolve(
      path.dirname(fileURLToPath(import.meta.url)),
      '..',
      'dist',
      'src',
      'database',
      'embedded-postgres.js',
    );
    const script = `import ${JSON.stringify(pathToFileURL(compiled).href)}; process.exitCode = 3;`;
    const code = await new Promise<number | null>((resolve) =>
      execFile(process.execPath, ['--input-type=module', '-e', script], (error) =>
        resolve(error ? (error.code as number) : 0),
      ),
    );
    expect(code).toBe(3);
  });

  it('says why when PostgreSQL cannot start', async () => {
    const broken = mkdtempSync(path.join(tmpdir(), 'tracker-embedded-broken-'));
    chmodSync(broken, 0o755);
    try {
      const first = await startEmbeddedDatabase(broken);
      await first.stop();
      // A setting PostgreSQL rejects makes the server exit at once.
      appendFileSync(
        path.join(broken, 'postgres', 'postgresql.conf'),
        '\nshared_buffers = nonsense\n',
      );
      await expect(startEmbeddedDatabase(broken)).rejects.toThrow(
        /did not start: .*shared_buffers/s,
      );
      expect(postgresProcessesOf(path.join(broken, 'postgres'))).toEqual([]);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
