import { mkdtempSync, rmSync, createWriteStream, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { get } from 'node:http';
import { once } from 'node:events';
import { createApp } from '../src/app.setup.js';
import { AppConfig } from '../src/config/app-config.js';
import { startEmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { ensureDatabase, prepareDatabase } from '../src/database/maintenance.js';
import { DataSource } from 'typeorm';
import { ExportRowsRefresher } from '../src/exports/export-rows.refresher.js';
import { ImportsService } from '../src/imports/imports.service.js';

/**
 * Import and export at 100,000 cases: a synthetic CPJ data-API file is imported (rows per second,
 * through the same job as the CLI), then every case is exported as CSV and as NDJSON over HTTP
 * (rows per second, and the server process's peak memory while it streams): first with every
 * case's export row stored (as the import leaves them, once stored in the background), then with
 * none (as after a change touching every case).
 * Targets (issue 8): import 10,000+ rows/s, export 50,000+ rows/s, exporter under 250 MB.
 * Uses BENCH_DATABASE_URL (an empty database it may fill) or a throwaway embedded cluster.
 */
const say = (line: string) => void process.stdout.write(`${line}\n`);
const CASES = Number(process.env.BENCH_CASES ?? 100_000);
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

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'tracker-bench-'));
  chmodSync(work, 0o755);
  let stop = async () => undefined as void;
  try {
    let url = process.env.BENCH_DATABASE_URL;
    if (!url) {
      const embedded = await startEmbeddedDatabase(path.join(work, 'pg'));
      stop = () => embedded.stop();
      await ensureDatabase(embedded.adminUrl, 'bench');
      url = embedded.urlFor('bench');
    }
    const config = AppConfig.fromEnv({ DATABASE_URL: url, LOG_LEVEL: 'warn', PORT: '0' });
    await prepareDatabase(config);
    const file = path.join(work, 'cpj-api-bench.csv');
    await writeFixture(file);

    const app = await createApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = await app.getUrl();
    try {
      const imports = app.get(ImportsService);
      const actor = { kind: 'admin' as const, label: 'bench' };
      const options = { format: 'cpj-api' as const, mode: 'commit_valid' as const };
      const job = await imports.createJob('cpj-api-bench.csv', options, actor);
      let started = Date.now();
      const done = await imports.run(job.id, file, options, actor);
      const seconds = (Date.now() - started) / 1000;
      const summary = done.summary as { created: number; rejected: number };
      say(
        `import  cpj-api   ${CASES} rows in ${seconds.toFixed(1)} s: ${Math.round(CASES / seconds)} rows/s (created ${summary.created}, rejected ${summary.rejected}; target 10,000+)`,
      );

      // The import started storing the export rows of its cases in the background.
      started = Date.now();
      const refresher = app.get(ExportRowsRefresher);
      await refresher.settle();
      say(
        `export rows stored in the background after the import: ${((Date.now() - started) / 1000).toFixed(1)} s more`,
      );

      const again = await imports.createJob('cpj-api-bench.csv', options, actor);
      started = Date.now();
      await imports.run(again.id, file, options, actor);
      const reSeconds = (Date.now() - started) / 1000;
      say(
        `reimport cpj-api  ${CASES} rows in ${reSeconds.toFixed(1)} s: ${Math.round(CASES / reSeconds)} rows/s (nothing changes)`,
      );

      const dataSource = app.get(DataSource);
      for (const stored of [true, false]) {
        // Without stored rows, as right after a change touching every case: each line is read
        // from the tables (and the rows are stored again in the background afterwards).
        if (!stored) await dataSource.query(`DELETE FROM case_export_rows`);
        for (const format of ['csv', 'ndjson']) {
          global.gc?.();
          const baseline = process.memoryUsage().rss;
          let peak = baseline;
          const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
          const { bytes, seconds: s } = await download(`${base}/api/v1/exports/cases.${format}`);
          clearInterval(sampler);
          if (!stored) {
            await refresher.settle();
            await dataSource.query(`DELETE FROM case_export_rows`);
          }
          const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
          say(
            `export  cases.${format.padEnd(6)} ${stored ? 'rows stored   ' : 'from the tables'} ${CASES} rows (${mb(bytes)} MB) in ${s.toFixed(1)} s: ${Math.round(CASES / s)} rows/s${stored ? ' (target 50,000+)' : ''}; peak RSS ${mb(peak)} MB, +${mb(peak - baseline)} MB over the idle server (target under 250 MB)`,
          );
        }
      }
      await refresher.settle();
    } finally {
      await app.close();
    }
  } finally {
    await stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
