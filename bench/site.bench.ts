import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { createApp } from '../src/app.setup.js';
import { AppConfig } from '../src/config/app-config.js';
import { startEmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { ensureDatabase, prepareDatabase } from '../src/database/maintenance.js';
import { runDemoSeed } from '../seeds/demo/index.js';
import { generateDataset } from './statistics-dataset.js';
import { writeSection } from './benchmarks-file.js';

/**
 * The public site's pages served from the page cache (same dataset revision, as a browser asks
 * with Accept-Language), beside a cached figure from the API: requests per second, median and p99
 * latency through HTTP on the loopback (autocannon), and each page's size. On the demo cases plus
 * BENCH_SITE_CASES generated ones (default 20,000). Writes its section of BENCHMARKS.md.
 */
const say = (line: string) => void process.stdout.write(`${line}\n`);
const CASES = Number(process.env.BENCH_SITE_CASES ?? 20_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONNECTIONS = 16;
const BROWSER = { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.8', 'accept-encoding': 'gzip' };

interface Measure {
  median: number;
  p99: number;
  rps: number;
}

async function load(url: string, seconds: number): Promise<Measure> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: BROWSER,
    workers: 1,
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed) throw new Error(`${url}: ${failed} of ${result.requests.total} requests failed`);
  return {
    median: result.latency.p50,
    p99: result.latency.p99,
    rps: result.requests.total / seconds,
  };
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'tracker-site-bench-'));
  chmodSync(work, 0o755); // the unprivileged postgres user must reach the cluster folder
  const loadBefore = os.loadavg();
  const embedded = await startEmbeddedDatabase(path.join(work, 'pg'));
  try {
    await ensureDatabase(embedded.adminUrl, 'bench');
    const url = embedded.urlFor('bench');
    const config = AppConfig.fromEnv({ DATABASE_URL: url, LOG_LEVEL: 'warn', PORT: '0' });
    await prepareDatabase(config);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      say(`generating ${CASES} cases`);
      await generateDataset(db, CASES, say);
    } finally {
      await db.end();
    }
    const app = await createApp(config);
    await runDemoSeed(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    try {
      const someCase = (await (await fetch(`${base}/api/v1/cases?country=PH&limit=1`)).json()) as {
        data: { id: string }[];
      };
      const targets = [
        ['API: cached figure (unresolved ratio)', '/api/v1/statistics/unresolved-ratio'],
        ['home page', '/'],
        ['case page', `/cases/${someCase.data[0].id}`],
        ['country profile (PH)', '/countries/PH'],
        ['figure builder, killings by year', '/figures?figure=killings&groupBy=year'],
        ['embed, killings by country', '/embed/figures?figure=killings&groupBy=country'],
      ];
      const rows: string[] = [];
      for (const [name, target] of targets) {
        const first = await fetch(base + target, { headers: BROWSER });
        if (!first.ok) throw new Error(`${target}: ${first.status}`);
        const size = Buffer.byteLength(await first.text());
        await load(base + target, 1); // warm-up
        const m = await load(base + target, SECONDS);
        const line = `| ${name} | ${(size / 1024).toFixed(1)} KiB | ${m.rps.toFixed(0)} | ${m.median.toFixed(1)} | ${m.p99.toFixed(1)} |`;
        say(
          `${name}: ${m.rps.toFixed(0)} req/s, median ${m.median} ms, p99 ${m.p99} ms, ${(size / 1024).toFixed(1)} KiB`,
        );
        rows.push(line);
      }
      writeSection(
        'site',
        `## Public site: cached pages

${new Date().toISOString().slice(0, 10)}, ${os.availableParallelism()} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}; load average before the run ${loadBefore.map((l) => l.toFixed(1)).join(' / ')}. ${CASES.toLocaleString('en')} generated cases plus the demo cases; ${CONNECTIONS} connections for ${SECONDS} s each, as a browser asks (French, gzip accepted), from the page cache (dataset revision unchanged). \`npm run bench -- site\`.

| page | size (uncompressed) | requests/s | median ms | p99 ms |
| --- | --- | --- | --- | --- |
${rows.join('\n')}`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await embedded.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
