import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseDisposition } from 'content-disposition';
import { fileURLToPath } from 'node:url';
import { createTestApp, TestApp } from './app-factory.js';
import { id, seedExportShapes } from './export-shapes.js';
import { expectRoundTrip } from './round-trip.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(HERE, 'fixtures', 'exports');
/** `UPDATE_EXPORT_FIXTURES=1` writes the files instead of comparing (then review their diff). */
const UPDATE = process.env.UPDATE_EXPORT_FIXTURES === '1';

const FILES = ['cases', 'people', 'incidents', 'status-history'].flatMap((dataset) =>
  ['csv', 'ndjson'].map((format) => `${dataset}.${format}`),
);

/** Each export compared: its file, the query, and the name of the committed file. */
const EXPORTS: { file: string; query: Record<string, string>; fixture: string }[] = [
  ...FILES.map((file) => ({ file, query: {}, fixture: file })),
  ...FILES.map((file) => ({
    file,
    query: { includeRetracted: 'true' },
    fixture: file.replace('.', '.retracted.'),
  })),
  ...['cases.csv', 'cases.ndjson'].flatMap((file) => [
    { file, query: { asOf: '2015-06-30' }, fixture: file.replace('.', '.as-of.') },
    {
      file,
      query: { knownAsOf: '2020-06-01T00:00:00Z', includeRetracted: 'true' },
      fixture: file.replace('.', '.known-as-of.'),
    },
    { file, query: { country: 'PH', bom: 'false' }, fixture: file.replace('.', '.country.') },
  ]),
];

/**
 * What changes from one run to the next in an export's text: the NDJSON header's generation
 * instant and dataset revision, and today's date as the default asOf.
 */
function stable(text: string): string {
  const today = new Date().toISOString().slice(0, 10);
  return text
    .replace(/"generatedAt":"[^"]+"/, '"generatedAt":"…"')
    .replace(/"revision":"\d+"/, '"revision":"…"')
    .replace(`"asOf":"${today}"`, '"asOf":"today"');
}

/**
 * Every export of a dataset in which each column takes each of its shapes (export-shapes.ts),
 * byte for byte as committed in test/fixtures/exports.
 */
describe('Export files, byte for byte (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://tracker.example.org' });
    await seedExportShapes(t.dataSource);
    if (UPDATE) mkdirSync(FIXTURES, { recursive: true });
  });
  afterAll(() => t.close());

  it.each(EXPORTS)('$fixture', async ({ file, query, fixture }) => {
    const res = await t.http().get(`/api/v1/exports/${file}`).query(query);
    expect(res.status).toBe(200);
    const body = stable(res.text);
    const where = path.join(FIXTURES, fixture);
    if (UPDATE) writeFileSync(where, body, 'utf8');
    expect(body).toBe(readFileSync(where, 'utf8'));
  });

  it('names the file in Content-Disposition', async () => {
    const res = await t.http().get('/api/v1/exports/people.csv').query({ asOf: '2020-01-31' });
    expect(parseDisposition(res.headers['content-disposition'] as string)).toEqual({
      type: 'attachment',
      parameters: { filename: 'people-2020-01-31.csv' },
    });
  });

  // Last: it gives the incident without an attack type one, which the importer requires.
  it('imports its cases.csv into an empty database as the same cases, formula guards removed', async () => {
    await t.dataSource.query(
      `INSERT INTO incident_attack_types (incident_id, attack_type_code) VALUES ($1, 'enforced_disappearance')`,
      [id(203)],
    );
    await expectRoundTrip(t, { PUBLIC_BASE_URL: 'https://tracker.example.org' });
  });
});
