import * as os from 'node:os';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { createApp } from '../src/app.setup.js';
import { GZIP_FROM_BYTES } from '../src/statistics/figure-response-cache.js';
import { StatisticsRepository } from '../src/statistics/statistics.repository.js';
import { datasetSize, generateDataset } from './statistics-dataset.js';
import { writeSection } from './benchmarks-file.js';
import { openBenchDatabase } from './bench-database.js';

/**
 * Statistics at 100,000 cases and about a million status entries: for each figure endpoint, the
 * figure computed live (`Cache-Control: no-cache`) and served from the cache, through HTTP under
 * load (autocannon, loopback), beside the same SQL run directly through `pg`; median and p99
 * latency, requests per second and the ratio API / direct. Writes the table into BENCHMARKS.md.
 * Targets: a live grouped figure within 1.5× of its SQL; a cached figure at 3,000+
 * requests/s; an asOf figure in the past under 250 ms median.
 * Uses BENCH_DATABASE_URL (an empty database it fills, or one a previous run filled, which it
 * reuses) or a throwaway embedded cluster.
 */
const say = (line: string) => void process.stdout.write(`${line}\n`);
const CASES = Number(process.env.BENCH_CASES ?? 100_000);
/** Seconds of load per measurement. */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
/** Concurrent requests for live figures and for their direct SQL alike (the machine's cores). */
const LIVE_CONNECTIONS = Math.max(2, os.availableParallelism());
const CACHED_CONNECTIONS = 16;

const FIGURES: { name: string; path: string; target?: 'grouped' | 'past' }[] = [
  { name: 'killings by year, country', path: 'killings?groupBy=year,country', target: 'grouped' },
  { name: 'unresolved ratio', path: 'unresolved-ratio' },
  {
    name: 'unresolved ratio, asOf 2016-12-31',
    path: 'unresolved-ratio?asOf=2016-12-31',
    target: 'past',
  },
  { name: 'impunity share', path: 'impunity-share' },
  { name: 'impunity index', path: 'impunity-index' },
];

interface Measure {
  median: number;
  p99: number;
  rps: number;
}
interface Statement {
  sql: string;
  params: unknown[];
}

/** The figure SQL the repository sends, recorded from the manager it is handed. */
function recordSql(repository: StatisticsRepository): { statements: Statement[]; restore(): void } {
  const statements: Statement[] = [];
  const names = [
    'killings',
    'unresolvedRatio',
    'impunityShare',
    'impunityByCountry',
    'latestPopulationYear',
  ] as const;
  const originals = names.map((name) => [name, repository[name]] as const);
  const recording = (manager: EntityManager) =>
    new Proxy(manager, {
      get: (target, property, receiver) =>
        property === 'query'
          ? (sql: string, params: unknown[] = []) => (
              statements.push({ sql, params }),
              target.query(sql, params)
            )
          : Reflect.get(target, property, receiver),
    });
  for (const [name, original] of originals) {
    (repository as unknown as Record<string, unknown>)[name] = (
      manager: EntityManager,
      ...rest: unknown[]
    ) =>
      (original as (...args: unknown[]) => unknown).call(repository, recording(manager), ...rest);
  }
  return {
    statements,
    restore: () => {
      for (const [name, original] of originals)
        (repository as unknown as Record<string, unknown>)[name] = original;
    },
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : NaN;

/** Runs the statements in turn on `connections` clients at once for `seconds`. */
async function direct(
  url: string,
  statements: Statement[],
  connections: number,
  seconds: number,
): Promise<Measure> {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  try {
    const once = async (client: pg.Client) => {
      for (const s of statements) await client.query(s.sql, s.params);
    };
    await Promise.all(clients.map(once)); // warm the plans and the buffers
    const latencies: number[] = [];
    const started = process.hrtime.bigint();
    const deadline = started + BigInt(seconds * 1e9);
    await Promise.all(
      clients.map(async (client) => {
        while (process.hrtime.bigint() < deadline) {
          const t0 = process.hrtime.bigint();
          await once(client);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }),
    );
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);
    return {
      median: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      rps: latencies.length / elapsed,
    };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/** Loads a URL through HTTP (autocannon in a worker thread, so it does not share the server's). */
async function http(
  url: string,
  connections: number,
  seconds: number,
  headers: Record<string, string>,
): Promise<Measure> {
  const result = await autocannon({ url, connections, duration: seconds, headers, workers: 1 });
  await new Promise((resolve) => setTimeout(resolve, 1000)); // requests still in flight finish
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed) throw new Error(`${url}: ${failed} of ${result.requests.total} requests failed`);
  return {
    median: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.total / seconds,
  };
}

async function machine(db: pg.Client, loadBefore: number[]): Promise<string> {
  const { rows } = await db.query(`SHOW server_version`);
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = loadBefore.map((l) => l.toFixed(1)).join(' / ');
  return `${os.availableParallelism()} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, PostgreSQL ${rows[0].server_version} (embedded, default settings); load average before the run ${load} (1/5/15 min)`;
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

async function main(): Promise<void> {
  const began = Date.now();
  const loadBefore = os.loadavg(); // other work on the machine skews every figure
  const { url, config, close } = await openBenchDatabase();
  try {
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    let size;
    let host;
    try {
      const existing = await datasetSize(db);
      if (existing.cases > 0) {
        say(`reusing the ${existing.cases} cases already in the database`);
        size = existing;
      } else {
        say(`generating ${CASES} cases`);
        size = await generateDataset(db, CASES, say);
      }
      host = await machine(db, loadBefore);
    } finally {
      await db.end();
    }
    say(
      `dataset: ${size.cases} cases in ${size.incidents} incidents, ${size.statusEntries} status entries (${size.corrections} corrections), in ${((Date.now() - began) / 1000).toFixed(0)} s`,
    );

    const app = await createApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api/v1/statistics/`;
    const rows: string[][] = [];
    try {
      const repository = app.get(StatisticsRepository);
      for (const figure of FIGURES) {
        const target = base + figure.path;
        const recorder = recordSql(repository);
        const first = await fetch(target, { headers: { 'cache-control': 'no-cache' } });
        if (!first.ok) throw new Error(`${target}: ${first.status} ${await first.text()}`);
        const body = Buffer.from(await first.arrayBuffer());
        const bodySize =
          body.length >= GZIP_FROM_BYTES
            ? `${kib(body.length)} KiB, ${kib(gzipSync(body).length)} KiB gzipped`
            : `${kib(body.length)} KiB`;
        recorder.restore();

        const sql = await direct(url, recorder.statements, LIVE_CONNECTIONS, SECONDS);
        const live = await http(target, LIVE_CONNECTIONS, SECONDS, { 'cache-control': 'no-cache' });
        await fetch(target); // computed once more into the cache
        // As a browser asks (a large body is then sent gzipped), after a second of warm-up.
        const browser = { 'accept-encoding': 'gzip, deflate, br' };
        await http(target, CACHED_CONNECTIONS, 1, browser);
        const cached = await http(target, CACHED_CONNECTIONS, SECONDS, browser);
        const ratio = live.median / sql.median;
        const row = (mode: string, m: Measure, vs: string, target: string) => [
          figure.name,
          mode,
          ms(m.median),
          ms(m.p99),
          m.rps.toFixed(0),
          vs,
          target,
        ];
        const verdict = (met: boolean) => (met ? 'met' : 'missed');
        const liveTarget =
          figure.target === 'grouped'
            ? `≤ 1.5× SQL — ${verdict(ratio <= 1.5)}`
            : figure.target === 'past'
              ? `< 250 ms median — ${verdict(live.median < 250)}`
              : '';
        rows.push(
          row(
            `direct SQL (${recorder.statements.length} statement${recorder.statements.length > 1 ? 's' : ''})`,
            sql,
            '',
            '',
          ),
          row('API live (no-cache)', live, `${ratio.toFixed(2)}×`, liveTarget),
          row(
            `API cached (${bodySize})`,
            cached,
            '',
            `3,000+ req/s — ${verdict(cached.rps >= 3000)}`,
          ),
        );
        say(
          `${figure.name}: direct ${ms(sql.median)} ms, live ${ms(live.median)} ms (${ratio.toFixed(2)}×), cached ${cached.rps.toFixed(0)} req/s`,
        );
      }
    } finally {
      await app.close();
    }

    const header = [
      'figure',
      'measured',
      'median ms',
      'p99 ms',
      'req/s',
      'API / direct (median)',
      'target',
    ];
    const table = [header, header.map(() => '---'), ...rows]
      .map((r) => `| ${r.join(' | ')} |`)
      .join('\n');
    say(`\n${table}`);
    writeSection(
      'statistics',
      `## Statistics

${new Date().toISOString().slice(0, 10)}, ${host}. ${size.cases.toLocaleString('en')} cases, ${size.statusEntries.toLocaleString('en')} status entries (\`bench/statistics-dataset.ts\`); ${SECONDS} s per measurement through HTTP on the loopback (autocannon), live figures (\`Cache-Control: no-cache\`) and their SQL run directly through \`pg\` with ${LIVE_CONNECTIONS} connections, cached figures with ${CACHED_CONNECTIONS}.

${table}

Where the time goes: a live figure costs what its SQL costs (API / direct near 1): each case's status
is one probe in \`case_status_periods\` (as known at an earlier instant, a walk of its history),
then the scope's joins and the aggregation. A cached figure is answered before the framework's
pipeline after one shared revision read, its body serialised and gzipped once; the grouped
figure's rate is bound by autocannon, which shares the two cores and reads its large bodies.
`,
    );
    say(`\nwritten to BENCHMARKS.md; whole run ${((Date.now() - began) / 1000).toFixed(0)} s`);
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
