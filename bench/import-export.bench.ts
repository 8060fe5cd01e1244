import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { get } from 'node:http';
import { once } from 'node:events';
import { createApp } from '../src/app.setup.js';
import { freePort } from '../src/database/embedded-postgres.js';
import { ImportsService } from '../src/imports/imports.service.js';
import { openBenchDatabase } from './bench-database.js';

/**
 * Import and export at 100,000 cases: a synthetic CPJ data-API file is imported (rows per second,
 * through the same job as the CLI), then every case is exported as CSV and as NDJSON over HTTP by
 * a separate server process (rows per second, and that process's peak memory), then single cases
 * are changed through the API one at a time (latency).
 * Targets: import 10,000+ rows/s, export 15,000+ rows/s, exporter under 250 MB.
 * Uses BENCH_DATABASE_URL (an empty database it may fill) or a throwaway embedded cluster.
 */
const say = (line: string) => void process.stdout.write(`${line}\n`);
const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const EXPORT_RUNS = Number(process.env.BENCH_EXPORT_RUNS ?? 5);
const here = path.dirname(fileURLToPath(import.meta.url));
const COUNTRIES = [
  'Mexico',
  'Philippines',
  'Iraq',
  'Syria',
  'Pakistan',
  'Somalia',
  'India',
  'Brazil',
  'Colombia',
  'Russia',
  'Honduras',
  'Turkey',
];
const FIRE = [
  'Criminal Group',
  'Political Group',
  'Military Officials',
  'Government Officials',
  'Unknown Fire',
  'Criminal Group, Government Officials',
];
const IMPUNITY = ['Complete Impunity', 'Complete Impunity', 'Partial Impunity', 'Full Justice', ''];

async function writeFixture(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write(
    'year,fullName,primaryNationality,gender,typeOfDeath,status,employedAs,organizations,jobs,coverage,mediums,country,location,localOrForeign,sourcesOfFire,motiveConfirmed,impunityMurder\n',
  );
  for (let i = 0; i < CASES; i++) {
    const country = COUNTRIES[i % COUNTRIES.length];
    const line = `${1992 + (i % 33)},Bench Person ${i},${country},${i % 7 ? 'Male' : 'Female'},Murder,Killed,Staff,"Outlet ${i % 500}, Radio ${i % 90}",Print Reporter,"Crime, Politics","Print,Internet",${country},City ${i % 300},Local,"${FIRE[i % FIRE.length]}",Confirmed,${IMPUNITY[i % IMPUNITY.length]}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Streams a URL to nowhere; returns the bytes and seconds. */
function download(url: string): Promise<{ bytes: number; seconds: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () =>
        resolve({ bytes, seconds: Number(process.hrtime.bigint() - started) / 1e9 }),
      );
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** A process's resident memory in bytes (Linux). */
function rss(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return kb ? Number(kb[1]) * 1024 : 0;
}

/** The service as it is deployed (`node dist/src/main.js`), on the bench's database. */
async function startServer(
  databaseUrl: string,
): Promise<{ base: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const server = spawn(process.execPath, [path.join(here, '../src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      // The writes below come from one client, faster than any caller is allowed by default.
      RATE_LIMIT_KEY_WRITES: '1000000',
      RATE_LIMIT_KEY: '1000000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    const ready = await fetch(`${base}/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) break;
    await sleep(200);
  }
  return {
    base,
    pid: server.pid!,
    stop: async () => {
      server.kill('SIGTERM');
      if (server.exitCode === null) await once(server, 'exit');
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const p95 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.95))];
const ADMIN_KEY = 'bench-admin-key-0123456789abcdefghijklmnop';
const WRITES = Number(process.env.BENCH_WRITES ?? 200);

/**
 * Single-case writes through the API, one at a time, on cases spread over the whole set: a PATCH
 * of the case (read first for its ETag, not timed) and a status entry appended. Prints the median
 * and p95 latency of each.
 */
async function measureWrites(base: string, db: pg.Client): Promise<void> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM cases) c
      WHERE n % greatest(1, (SELECT count(*) FROM cases) / $1) = 0 LIMIT $1`,
    [WRITES],
  );
  const auth = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
  const patch: number[] = [];
  const append: number[] = [];
  for (const [i, { id }] of rows.entries()) {
    const current = await fetch(`${base}/api/v1/cases/${id}`, { headers: auth });
    const etag = current.headers.get('etag')!;
    const { localForeign } = (await current.json()) as { localForeign: string };
    let started = process.hrtime.bigint();
    const patched = await fetch(`${base}/api/v1/cases/${id}`, {
      method: 'PATCH',
      headers: { ...auth, 'if-match': etag },
      body: JSON.stringify({ localForeign: localForeign === 'local' ? 'foreign' : 'local' }),
    });
    patch.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (patched.status !== 200) throw new Error(`PATCH answered ${patched.status}`);
    started = process.hrtime.bigint();
    const appended = await fetch(`${base}/api/v1/cases/${id}/status-history`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        scheme: 'unesco',
        status: 'ongoing',
        effectiveDate: `2025-01-${String((i % 28) + 1).padStart(2, '0')}`,
        reportedBy: 'staff',
      }),
    });
    append.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (appended.status !== 201) throw new Error(`status entry answered ${appended.status}`);
  }
  const ms = (values: number[]) =>
    `median ${median(values).toFixed(1)} ms, p95 ${p95(values).toFixed(1)} ms`;
  say(`write   PATCH /cases/:id, ${patch.length} cases one at a time: ${ms(patch)}`);
  say(
    `write   POST /cases/:id/status-history, ${append.length} cases one at a time: ${ms(append)}`,
  );
}
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

/**
 * Every case exported over HTTP by a separate server process, EXPORT_RUNS times as CSV and as
 * NDJSON, then the single-case writes. The server's memory is sampled from /proc every 10 ms;
 * "over idle" is its peak during a run less its size just before.
 */
async function measureExports(databaseUrl: string): Promise<void> {
  const server = await startServer(databaseUrl);
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    for (const format of ['csv', 'ndjson']) {
      const rates: number[] = [];
      let growth = 0;
      let peak = 0;
      let size = 0;
      for (let run = 0; run < EXPORT_RUNS; run++) {
        const idle = rss(server.pid);
        let high = idle;
        const sampler = setInterval(() => (high = Math.max(high, rss(server.pid))), 10);
        const { bytes, seconds } = await download(`${server.base}/api/v1/exports/cases.${format}`);
        clearInterval(sampler);
        rates.push(CASES / seconds);
        growth = Math.max(growth, high - idle);
        peak = Math.max(peak, high);
        size = bytes;
      }
      const rate = (n: number) => Math.round(n).toLocaleString('en');
      say(
        `export  cases.${format.padEnd(6)} ${CASES} rows (${mb(size)} MB), ${rates.length} runs: median ${rate(median(rates))} rows/s (${rate(Math.min(...rates))}–${rate(Math.max(...rates))}) (target 15,000+); server peak RSS ${mb(peak)} MB, at most +${mb(growth)} MB over its size before the run (target under 250 MB)`,
      );
    }
    await measureWrites(server.base, db);
    say(`load average after the run ${load()}`);
  } finally {
    await db.end();
    await server.stop();
  }
}

const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');

async function main(): Promise<void> {
  say(`load average before the run ${load()} (1/5/15 min)`);
  const { url, config, work, close } = await openBenchDatabase();
  try {
    const file = path.join(work, 'cpj-api-bench.csv');
    await writeFixture(file);

    const app = await createApp(config);
    try {
      const imports = app.get(ImportsService);
      const actor = { kind: 'admin' as const, label: 'bench' };
      const options = { format: 'cpj-api' as const, mode: 'commit_valid' as const };
      const job = await imports.createJob('cpj-api-bench.csv', options, actor);
      const started = Date.now();
      const done = await imports.run(job.id, file, options, actor);
      const seconds = (Date.now() - started) / 1000;
      const summary = done.summary as { created: number; rejected: number };
      say(
        `import  cpj-api   ${CASES} rows in ${seconds.toFixed(1)} s: ${Math.round(CASES / seconds)} rows/s (created ${summary.created}, rejected ${summary.rejected}; target 10,000+)`,
      );

      const again = await imports.createJob('cpj-api-bench.csv', options, actor);
      const reStarted = Date.now();
      await imports.run(again.id, file, options, actor);
      const reSeconds = (Date.now() - reStarted) / 1000;
      say(
        `reimport cpj-api  ${CASES} rows in ${reSeconds.toFixed(1)} s: ${Math.round(CASES / reSeconds)} rows/s (nothing changes)`,
      );
    } finally {
      await app.close();
    }
    await measureExports(url);
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
