import { ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.setup.js';
import { AppConfig } from '../src/config/app-config.js';
import { isAlive } from '../src/database/cluster-owner.js';
import {
  EmbeddedDatabase,
  freePort,
  startEmbeddedDatabase,
} from '../src/database/embedded-postgres.js';
import { ensureDatabase, prepareDatabase } from '../src/database/maintenance.js';
import { ADMIN_KEY } from './app-factory.js';
import { postgresProcessesOf, postmasterPid } from './processes.js';

/**
 * Faults a person should never have to repair: the database killed under the service, and the
 * service itself killed. Each runs on a cluster of its own, never the suite's shared one.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
/** A CPJ data-API file's header, for the import cut short by the database. */
const CPJ_API_HEADER =
  'year,fullName,primaryNationality,gender,typeOfDeath,status,employedAs,organizations,jobs,coverage,mediums,country,location,localOrForeign,sourcesOfFire,motiveConfirmed,impunityMurder';
/** Rows of the import cut short. */
const IMPORT_ROWS = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Kills the cluster's postmaster as a crash would, and waits until its processes are gone. */
async function killDatabase(clusterDir: string): Promise<void> {
  const pids = postgresProcessesOf(clusterDir).map((p) => p.pid);
  process.kill(postmasterPid(clusterDir), 'SIGKILL');
  await until('the killed PostgreSQL to exit', async () => (pids.some(isAlive) ? undefined : true));
}

describe('faults', () => {
  describe('the database killed under the running service', () => {
    let dataDir: string;
    let database: EmbeddedDatabase;
    let app: NestFastifyApplication;
    const http = () => request(app.getHttpServer());
    let caseId: string;
    let port: number;

    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'tracker-faults-'));
      chmodSync(dataDir, 0o755);
      // The app reaches this cluster by URL, as it reaches an external database: what is tested
      // is the pool's reconnection once the database is back.
      port = await freePort();
      database = await startEmbeddedDatabase(dataDir, undefined, { port });
      await ensureDatabase(database.adminUrl, 'faults');
      const config = AppConfig.fromEnv({
        DATABASE_URL: database.urlFor('faults'),
        LOG_LEVEL: 'silent',
        BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
        DATABASE_ACQUIRE_TIMEOUT_MS: '2000',
      });
      await prepareDatabase(config);
      app = await createApp(config);
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      const created = await http()
        .post('/api/v1/incidents')
        .set(admin)
        .send({
          dateStart: '2018-02-21',
          datePrecision: 'day',
          countryCode: 'SK',
          place: 'Veľká Mača',
          attackTypes: ['murder'],
          victims: [{ person: { fullName: 'Fault Victim' }, outcome: 'killed' }],
        })
        .expect(201);
      caseId = created.body.victims[0].caseId;
    }, 180_000);
    afterAll(async () => {
      await app?.close();
      await database?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const routes = () => [
      http().get('/health'),
      http().get('/api/v1/cases'),
      http().get(`/api/v1/cases/${caseId}`),
      http().get('/api/v1/statistics/killings').set('cache-control', 'no-cache'),
      http().get('/api/v1/people'),
      http().post('/api/v1/people').set(admin).send({ fullName: 'Written While Down' }),
      http().post('/graphql').send({ query: '{ cases(first: 5) { data { id } } }' }),
      http()
        .post('/graphql')
        .set(admin)
        .send({ query: 'mutation { createPerson(input: { fullName: "G" }) { id } }' }),
    ];

    it('answers 503 with Retry-After on every route while it is down, and serves again once it is back', async () => {
      const inFlight = Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          i % 2 ? http().get('/api/v1/cases') : http().get('/api/v1/statistics/unresolved-ratio'),
        ),
      );
      const killedAt = Date.now();
      await killDatabase(database.clusterDir);
      // Requests caught by the kill end as answers or 503s: never a 500, never a hang.
      for (const res of await inFlight) expect([200, 503]).toContain(res.status);

      const down = await Promise.all(routes());
      for (const res of down) {
        const graphql = res.request.url.endsWith('/graphql');
        // GraphQL answers 503 too, with the reason in each error's extensions.
        expect({
          url: res.request.url,
          status: res.status,
          retryAfter: res.headers['retry-after'],
        }).toEqual({ url: res.request.url, status: 503, retryAfter: '5' });
        if (graphql) {
          expect(res.body.errors[0].extensions).toMatchObject({
            code: 'SERVICE_UNAVAILABLE',
            statusCode: 503,
          });
        } else {
          expect(res.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
          expect(Object.keys(res.body).sort()).toEqual(
            ['code', 'details', 'error', 'message', 'statusCode'].sort(),
          );
        }
      }

      // The database comes back at the same address; the pool reconnects without a restart.
      const back = Date.now();
      database = await startEmbeddedDatabase(dataDir, undefined, { port });
      const recovered = await until('the service to serve again', async () =>
        (await http().get('/api/v1/cases')).status === 200 ? Date.now() : undefined,
      );
      console.warn(
        `[faults] database down ${back - killedAt} ms; served again ${recovered - back} ms after it was back`,
      );
      for (const res of await Promise.all(routes())) expect(res.status).toBeLessThan(300);
    }, 120_000);

    it('fails an import whose database dies under it, saying nothing was written, without a person', async () => {
      const cases = async () =>
        Number((await app.get(DataSource).query(`SELECT count(*) AS n FROM cases`))[0].n);
      const before = await cases();
      const rows = Array.from(
        { length: IMPORT_ROWS },
        (_, i) =>
          `${1992 + (i % 30)},Fault Import ${i},Mexico,Male,Murder,Killed,Staff,Outlet ${i % 50},Print Reporter,Crime,Print,Mexico,City ${i % 40},Local,Criminal Group,Confirmed,Complete Impunity`,
      );
      const file = `${CPJ_API_HEADER}\n${rows.join('\n')}\n`;
      // Imports of one source take turns on an advisory lock inside their transaction. Held here,
      // it keeps the import waiting inside its transaction, whatever the machine's speed, until
      // the database is killed under it.
      const blocker = app.get(DataSource).createQueryRunner();
      await blocker.startTransaction();
      await blocker.query(
        `SELECT pg_advisory_xact_lock(hashtext('import_sources'), hashtext('cpj'))`,
      );
      const queued = await http()
        .post('/api/v1/imports')
        .query({ format: 'cpj-api' })
        .set(admin)
        .set('content-type', 'text/csv')
        .send(file)
        .expect(202);
      const job = () => http().get(`/api/v1/imports/${queued.body.id}`).set(admin);
      const waiting = await until('the import to wait in its transaction', async () => {
        const [{ n }] = await blocker.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
        );
        if (n > 0) return 'waiting';
        const { body } = await job();
        return ['succeeded', 'failed'].includes(body.state) ? JSON.stringify(body) : undefined;
      });
      expect(waiting).toBe('waiting');
      expect((await job()).body.state).toBe('running');
      await killDatabase(database.clusterDir);
      await blocker.release().catch(() => undefined);
      await sleep(1000);
      database = await startEmbeddedDatabase(dataDir, undefined, { port });
      const failedAt = Date.now();
      const ended = await until('the import to be marked failed', async () => {
        // (Asked again and again while the pool reconnects: 503s until then.)
        const res = await job();
        return res.status === 200 && res.body.state !== 'running' && res.body.state !== 'queued'
          ? res.body
          : undefined;
      });
      console.warn(
        `[faults] import marked failed ${Date.now() - failedAt} ms after the database was back`,
      );
      expect(ended).toMatchObject({
        state: 'failed',
        error: expect.stringMatching(/database.*nothing of it was committed/i),
      });
      expect(await cases()).toBe(before);
    }, 180_000);
  });

  describe('the service killed', () => {
    let dataDir: string;
    const started: ChildProcess[] = [];
    afterAll(async () => {
      for (const child of started)
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      const clusterDir = path.join(dataDir, 'postgres');
      for (const p of postgresProcessesOf(clusterDir)) if (p.pid) process.kill(p.pid, 'SIGINT');
      await until('the cluster to stop', async () =>
        postgresProcessesOf(clusterDir).length ? undefined : true,
      );
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** `npm start`'s command on DATA_DIR; resolves with the process once /health answers. */
    async function start(port: number): Promise<{ child: ChildProcess; log: () => string }> {
      let log = '';
      const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], {
        env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      started.push(child);
      child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
      await until(
        'the service to answer',
        async () => {
          if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${log}`);
          const res = await fetch(`http://127.0.0.1:${port}/health`);
          return res.ok ? true : undefined;
        },
        120_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${log}`);
      });
      return { child, log: () => log };
    }

    const cli = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          [path.join(ROOT, 'dist', 'src', 'database', 'cli.js'), ...args],
          { env: { ...process.env, DATA_DIR: dataDir } },
          (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        ),
      );

    it('restarts its PostgreSQL, serves the CLIs, and starts again after a kill -9', async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'tracker-crash-'));
      chmodSync(dataDir, 0o755);
      const clusterDir = path.join(dataDir, 'postgres');
      const port = await freePort();
      const first = await start(port);

      // Its PostgreSQL dies: the service starts it again by itself.
      const killedAt = Date.now();
      await killDatabase(clusterDir);
      await until('the service to restart PostgreSQL', async () =>
        (await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined,
      );
      console.warn(
        `[faults] service's PostgreSQL killed: healthy after ${Date.now() - killedAt} ms`,
      );

      // A command-line tool uses the running service's cluster instead of refusing.
      const seeded = await cli(['seed']);
      expect(seeded.stderr).toBe('');
      expect(seeded.code).toBe(0);
      expect(seeded.stdout).toContain(
        'Using the embedded PostgreSQL that the running service started',
      );
      // So do the migration, members and import commands; the service then serves what they wrote.
      const migrated = await cli(['migration:run']);
      expect({ code: migrated.code, stderr: migrated.stderr }).toEqual({ code: 0, stderr: '' });
      const member = await cli([
        'members:bootstrap',
        '--organisation',
        'Crash Test Network',
        '--member',
        'Crash Admin',
      ]);
      expect({ code: member.code, stderr: member.stderr }).toEqual({ code: 0, stderr: '' });
      // The key is printed alone on the line after the one that says to store it.
      const lines = member.stdout.split('\n');
      const key = lines[lines.findIndex((l) => l.includes('Store it now')) + 1]?.trim();
      expect(key).toBeTruthy();
      const file = path.join(dataDir, 'killings.csv');
      writeFileSync(
        file,
        `${CPJ_API_HEADER}\n2019,Crash Test Person,Mexico,Male,Murder,Killed,Staff,Outlet,Print Reporter,Crime,Print,Mexico,City,Local,Criminal Group,Confirmed,Complete Impunity\n`,
      );
      const imported = await new Promise<{ code: number; stdout: string; stderr: string }>(
        (resolve) =>
          execFile(
            process.execPath,
            [
              path.join(ROOT, 'dist', 'src', 'imports', 'import-cli.js'),
              '--format',
              'cpj-api',
              file,
            ],
            { env: { ...process.env, DATA_DIR: dataDir } },
            (error, stdout, stderr) =>
              resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
          ),
      );
      expect({ code: imported.code, stderr: imported.stderr }).toEqual({ code: 0, stderr: '' });
      const listed = await fetch(
        `http://127.0.0.1:${port}/api/v1/cases?withTotal=true&limit=1&country=MX`,
        { headers: { authorization: `Bearer ${key}` } },
      );
      expect(listed.status).toBe(200);
      expect(((await listed.json()) as { pageInfo: { total: number } }).pageInfo.total).toBe(1);

      // A second service on the same data is still refused.
      const second = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], {
        env: { ...process.env, DATA_DIR: dataDir, PORT: String(await freePort()) },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let refusal = '';
      second.stderr!.on('data', (chunk: Buffer) => (refusal += chunk.toString()));
      const code = await new Promise((resolve) => second.once('exit', resolve));
      expect(code).toBe(1);
      expect(refusal).toContain('already in use by another process');

      // Node dies without a chance to stop PostgreSQL, which keeps running.
      const postmaster = postmasterPid(clusterDir);
      first.child.kill('SIGKILL');
      await new Promise((resolve) => first.child.once('exit', resolve));
      expect(isAlive(postmaster)).toBe(true);

      // The next start takes the cluster over.
      const again = await start(await freePort());
      expect(again.log()).toContain(`was left running on ${clusterDir}`);
      expect(isAlive(postmaster)).toBe(false);
      again.child.kill('SIGTERM');
      await new Promise((resolve) => again.child.once('exit', resolve));
      expect(postgresProcessesOf(clusterDir)).toEqual([]);
      expect(() => readFileSync(path.join(dataDir, 'embedded-postgres.owner.json'))).toThrow();
    }, 300_000);
  });
});
