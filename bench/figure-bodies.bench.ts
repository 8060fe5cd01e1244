import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { createApp } from '../src/app.setup.js';
import { datasetSize, generateDataset } from './statistics-dataset.js';
import { openBenchDatabase } from './bench-database.js';

/**
 * The size of grouped figure bodies in both shapes, on the statistics benchmark's dataset: the full
 * shape (`groups`, one object per group), the compact one (`shape=compact`, one row of values per
 * group), and, to compare them with, the group values themselves (every key value and measure of
 * every group, as JSON, without names or separators). Uses BENCH_DATABASE_URL (an empty database it
 * fills, or one the statistics benchmark filled) or a throwaway embedded cluster.
 */
const say = (line: string) => void process.stdout.write(`${line}\n`);
const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const FIGURES = [
  'killings?groupBy=year,country',
  'killings?groupBy=year,country,gender',
  'killings?groupBy=country,media_type',
  'unresolved-ratio?groupBy=year,country&scope=all',
  'impunity-share?groupBy=country',
];

interface Group {
  key: Record<string, unknown>;
  [measure: string]: unknown;
}

/** Bytes of every value of every group as JSON, with nothing between them. */
const valueBytes = (groups: Group[]) =>
  groups.reduce(
    (sum, { key, ...measures }) =>
      sum +
      [...Object.values(key), ...Object.values(measures)].reduce<number>(
        (s, v) => s + Buffer.byteLength(JSON.stringify(v)),
        0,
      ),
    0,
  );
const kb = (bytes: number) => (bytes / 1000).toFixed(1);

async function main() {
  const { url, config, close } = await openBenchDatabase();
  try {
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const existing = await datasetSize(db);
      if (existing.cases > 0) say(`reusing the ${existing.cases} cases already in the database`);
      else await generateDataset(db, CASES, say);
    } finally {
      await db.end();
    }

    const app = await createApp(config);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/api/v1/statistics/`;
    const rows: string[][] = [];
    try {
      for (const figure of FIGURES) {
        const get = async (query: string) => {
          const res = await fetch(`${base}${figure}${query}`);
          if (!res.ok) throw new Error(`${figure}${query}: ${res.status} ${await res.text()}`);
          return Buffer.from(await res.arrayBuffer());
        };
        const full = await get('');
        const compact = await get('&shape=compact');
        const groups = (JSON.parse(full.toString('utf8')) as { groups: Group[] }).groups;
        const values = valueBytes(groups);
        rows.push([
          figure,
          groups.length.toLocaleString('en'),
          `${kb(full.length)} (${kb(gzipSync(full).length)})`,
          `${kb(compact.length)} (${kb(gzipSync(compact).length)})`,
          kb(values),
          `${((compact.length / full.length) * 100).toFixed(0)} %`,
          compact.length <= values ? 'yes' : 'no',
        ]);
        say(`${figure}: full ${full.length} B, compact ${compact.length} B, values ${values} B`);
      }
    } finally {
      await app.close();
    }
    const header = [
      'figure',
      'groups',
      'full kB (gzip)',
      'compact kB (gzip)',
      'group values kB',
      'compact / full',
      'compact ≤ values',
    ];
    say(
      `\n${[header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n')}`,
    );
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
