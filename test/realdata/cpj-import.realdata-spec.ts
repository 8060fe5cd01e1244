import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { ADMIN_KEY, createTestApp, TestApp } from '../app-factory.js';
import { expectRoundTrip } from '../round-trip.js';

/**
 * Imports the CPJ samples in ../shared/data (beside the checkout; never copied into the project)
 * and checks the result against counts computed here from the raw files, independently of the
 * importer: people and cases per status, per year and per country label, the CPJ impunity split,
 * every row imported or rejected with a reason, a second import that changes nothing, and an export
 * that an empty database imports back as the same cases.
 */
const DATA = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'shared',
  'data',
);
const present = existsSync(path.join(DATA, 'cpj-api-sample.csv'));
if (!present) console.warn(`[real-data suite] ${DATA} is absent: skipped`);
const describeIf = present ? describe : describe.skip;
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

type Raw = Record<string, string>;
const tally = <T>(items: T[], key: (t: T) => string) => {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
};
const clean = (v: string | undefined) => (v ?? '').replace(/\s+/g, ' ').trim();

async function importFile(t: TestApp, file: string, format: string) {
  const res = await t
    .http()
    .post('/api/v1/imports')
    .query({ format, mode: 'commit_valid', wait: 'true' })
    .set(auth)
    .set('content-type', 'text/csv')
    .send(readFileSync(path.join(DATA, file)));
  expect(res.status).toBe(202);
  const {
    heldRecords: _h,
    flaggedRecords: _f,
    columns: _c,
    readAs: _r,
    ...counts
  } = res.body.summary ?? {};
  console.warn(`[counts] ${file}: ${JSON.stringify(counts)}`);
  return res.body as { state: string; id: string; summary: Record<string, number> };
}

/** Killings per year as the figures state them: the value, and the held records beside it. */
async function killingsStated(t: TestApp, years: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const year of years) {
    const res = await t
      .http()
      .get('/api/v1/statistics/killings')
      .query({ yearFrom: year, yearTo: year })
      .set('cache-control', 'no-cache');
    expect(res.status).toBe(200);
    expect(res.body.held > 0).toBe(res.body.heldNote !== null);
    out[year] = res.body.value + res.body.held;
  }
  return out;
}

describeIf('CPJ data API sample', () => {
  let t: TestApp;
  let raw: Raw[];
  let summary: Record<string, number>;
  let rejectedRows: Set<number>;
  beforeAll(async () => {
    t = await createTestApp();
    raw = parse(readFileSync(path.join(DATA, 'cpj-api-sample.csv')), {
      columns: true,
      bom: true,
    }) as Raw[];
    const job = await importFile(t, 'cpj-api-sample.csv', 'cpj-api');
    expect(job.state).toBe('succeeded');
    summary = job.summary;
    const rejects: { row: number }[] = await t.dataSource.query(
      `SELECT row_number AS row FROM import_rejects WHERE job_id = $1`,
      [job.id],
    );
    rejectedRows = new Set(rejects.map((r) => r.row));
  });
  afterAll(() => t?.close());

  /** Raw rows that were not rejected (the header is row 1). */
  const kept = () => raw.filter((_, i) => !rejectedRows.has(i + 2));
  /** One person per killed row; one per name, country and status for census rows. */
  const people = () =>
    tally(kept(), (r) =>
      r.status === 'Killed'
        ? `${r.fullName}|${r.year}|${r.country}|K`
        : `${r.fullName}|${r.country}|${r.status}`,
    );

  it('imports every row or rejects it with a reason', () => {
    expect(summary.rowsRead).toBe(raw.length);
    expect(summary.rejected).toBe(rejectedRows.size);
    expect(summary.records).toBe(Object.keys(people()).length);
    expect(summary.created + summary.held).toBe(summary.records);
  });

  it('has the people and cases per status that the file has', async () => {
    const expected = tally(
      Object.keys(people()),
      (k) => ({ K: 'Killed' })[k.split('|').pop()!] ?? k.split('|').pop()!,
    );
    const rows: { status: string; n: number }[] = await t.dataSource.query(
      `SELECT s.raw->'observations'->0->>'status' AS status, count(*)::int AS n FROM import_sources s GROUP BY 1`,
    );
    const got = Object.fromEntries(
      rows.map((r) => [
        { killed: 'Killed', imprisoned: 'Imprisoned', missing: 'Missing' }[r.status]!,
        r.n,
      ]),
    );
    expect(got).toEqual(expected);
    const outcomes: { outcome: string; n: number }[] = await t.dataSource.query(
      `SELECT outcome, count(*)::int AS n FROM cases GROUP BY 1`,
    );
    const held = summary.held;
    expect(outcomes.reduce((a, r) => a + r.n, 0) + held).toBe(summary.records);
  });

  it('has the yearly census observations and killings per year of the file', async () => {
    const expected = tally(
      kept(),
      (r) => `${r.year}|${r.status.toLowerCase().replace('killed', 'killed')}`,
    );
    const rows: { key: string; n: number }[] = await t.dataSource.query(
      `SELECT o.year || '|' || o.status AS key, count(*)::int AS n FROM case_observations o GROUP BY 1`,
    );
    const heldRows: { raw: { observations: { year: number; status: string }[] } }[] =
      await t.dataSource.query(`SELECT raw FROM import_sources WHERE case_id IS NULL`);
    const got = Object.fromEntries(rows.map((r) => [r.key, r.n]));
    for (const h of heldRows)
      for (const o of h.raw.observations)
        got[`${o.year}|${o.status}`] = (got[`${o.year}|${o.status}`] ?? 0) + 1;
    expect(got).toEqual(
      tally(
        kept(),
        (r) =>
          `${r.year}|${{ Killed: 'killed', Imprisoned: 'imprisoned', Missing: 'missing' }[r.status]}`,
      ),
    );
    expect(expected).toBeDefined();
  });

  it('has the cases per country label of the file', async () => {
    const expected = tally(Object.keys(people()), (k) => k.split('|')[k.endsWith('|K') ? 2 : 1]);
    const rows: { label: string; n: number }[] = await t.dataSource.query(
      `SELECT country_label AS label, count(*)::int AS n FROM import_sources GROUP BY 1`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.label, r.n]))).toEqual(expected);
  });

  it('has the CPJ impunity split of the file', async () => {
    const classes: Record<string, string> = {
      'Complete Impunity': 'complete_impunity',
      'Partial Impunity': 'partial_justice',
      'Full Justice': 'full_justice',
    };
    const expected = tally(
      kept().filter((r) => clean(r.impunityMurder)),
      (r) => classes[clean(r.impunityMurder)],
    );
    const rows: { status: string; n: number }[] = await t.dataSource.query(
      `SELECT status, count(*)::int AS n FROM case_current_status WHERE scheme = 'cpj' GROUP BY 1`,
    );
    const heldRows: { raw: { statuses: { status: string }[] } }[] = await t.dataSource.query(
      `SELECT raw FROM import_sources WHERE case_id IS NULL`,
    );
    const got = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    for (const h of heldRows)
      for (const s of h.raw.statuses) got[s.status] = (got[s.status] ?? 0) + 1;
    expect(got).toEqual(expected);
  });

  it('has every killing of the file in the figures, as a case or stated as held', async () => {
    const killed = tally(
      kept().filter((r) => r.status === 'Killed'),
      (r) => r.year,
    );
    expect(await killingsStated(t, Object.keys(killed))).toEqual(killed);
  });

  it('changes nothing when imported again', async () => {
    const again = await importFile(t, 'cpj-api-sample.csv', 'cpj-api');
    expect(again.summary).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: summary.created,
      held: summary.held,
    });
  });

  it('exports cases that an empty database imports back as the same cases', async () => {
    await expectRoundTrip(t);
  });
});

describeIf('CPJ legacy export sample', () => {
  let t: TestApp;
  let summary: Record<string, number>;
  let raw: Raw[];
  beforeAll(async () => {
    t = await createTestApp();
    // latin1 keeps every byte; only Date cells hold the non-UTF-8 bytes, and only their year is read here.
    raw = parse(readFileSync(path.join(DATA, 'cpj-legacy-sample.csv')), {
      columns: true,
      bom: true,
      encoding: 'latin1',
    }) as Raw[];
    const job = await importFile(t, 'cpj-legacy-sample.csv', 'cpj-legacy');
    expect(job.state).toBe('succeeded');
    summary = job.summary;
  });
  afterAll(() => t?.close());

  /** The year a free-text date starts in: its first four-digit number, or "Mon-YY" spreadsheet dates. */
  const yearOf = (date: string) => {
    const four = date.match(/(\d{4})/);
    if (four && !/disclosed/.test(date)) return four[1];
    const two = date.match(/-(\d{2})$/);
    return two ? `20${two[1]}` : 'unknown';
  };

  it('imports every row or rejects it with a reason', () => {
    expect(summary.rowsRead).toBe(raw.length);
    expect(summary.created + summary.held + summary.rejected).toBe(raw.length);
  });

  it('has the cases per year, per country label and per type of the file', async () => {
    const rejects: { row: number }[] = await t.dataSource.query(
      `SELECT row_number AS row FROM import_rejects`,
    );
    const gone = new Set(rejects.map((r) => r.row));
    const kept = raw.filter((_, i) => !gone.has(i + 2));
    const rows: { year: string; label: string; motive: string | null; role: string }[] =
      await t.dataSource.query(
        `SELECT coalesce(extract(year FROM i.date_start)::text, 'unknown') AS year, s.country_label AS label, mc.motive, p.role
         FROM import_sources s JOIN cases c ON c.id = s.case_id JOIN incidents i ON i.id = c.incident_id
         JOIN people p ON p.id = c.person_id JOIN monitor_classifications mc ON mc.case_id = c.id AND mc.monitor = 'cpj'
       UNION ALL
       SELECT coalesce(substr(raw->'incident'->>'dateStart', 1, 4), 'unknown'), country_label, raw->'classifications'->0->>'motive', raw->'person'->>'role'
         FROM import_sources WHERE case_id IS NULL`,
      );
    expect(tally(rows, (r) => r.year)).toEqual(tally(kept, (r) => yearOf(clean(r.Date))));
    expect(tally(rows, (r) => r.label)).toEqual(tally(kept, (r) => clean(r.Country_killed)));
    const typeOf = (r: { motive: string | null; role: string }) =>
      r.role === 'media_worker' && r.motive === null
        ? 'Media Workers'
        : r.motive === 'confirmed'
          ? 'Motive Confirmed'
          : 'Motive Unconfirmed';
    expect(tally(rows, typeOf)).toEqual(tally(kept, (r) => clean(r.Type)));
  });

  it('rejects no killing: every row is a case or held with a reason', () => {
    expect(summary.rejected).toBe(0);
    expect(summary.created + summary.held).toBe(raw.length);
  });

  it('has every dated killing of the file in the figures, as a case or stated as held', async () => {
    // A year filter matches a killing whose date span overlaps the year, so a span across years
    // ("October 2015 - June 2016") counts in each year it touches.
    const yearsOf = (date: string): string[] => {
      const named = [...date.matchAll(/\d{4}/g)].map((m) => Number(m[0]));
      if (named.length < 2 || /disclosed/.test(date)) return [yearOf(date)];
      const span = [];
      for (let y = Math.min(...named); y <= Math.max(...named); y += 1) span.push(String(y));
      return span;
    };
    const years: Record<string, number> = {};
    for (const r of raw)
      for (const year of yearsOf(clean(r.Date)))
        if (year !== 'unknown') years[year] = (years[year] ?? 0) + 1;
    expect(await killingsStated(t, Object.keys(years))).toEqual(years);
  });

  it('changes nothing when imported again', async () => {
    const again = await importFile(t, 'cpj-legacy-sample.csv', 'cpj-legacy');
    expect(again.summary).toMatchObject({ created: 0, updated: 0 });
  });

  it('reads the file the same with a CRLF header and LF rows', async () => {
    const bytes = readFileSync(path.join(DATA, 'cpj-legacy-sample.csv'));
    const text = bytes.toString('latin1').replace(/\r\n/g, '\n');
    const mixed = Buffer.from(text.replace('\n', '\r\n'), 'latin1');
    const res = await t
      .http()
      .post('/api/v1/imports')
      .query({ format: 'cpj-legacy', mode: 'commit_valid', wait: 'true' })
      .set(auth)
      .set('content-type', 'text/csv')
      .send(mixed);
    expect(res.body.summary).toMatchObject({
      rowsRead: raw.length,
      created: 0,
      updated: 0,
      rejected: 0,
    });
  });

  it('exports cases that an empty database imports back as the same cases', async () => {
    await expectRoundTrip(t);
  });
});
