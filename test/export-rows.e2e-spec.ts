import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QueryRunner } from 'typeorm';
import { runDemoSeed } from '../seeds/demo/index.js';
import { runReferenceSeeds } from '../seeds/index.js';
import { ExportRowsRefresher } from '../src/exports/export-rows.refresher.js';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => readFileSync(path.join(HERE, 'fixtures', 'imports', name));

/**
 * Stored export rows (case_export_rows, migration 1764010000000): an export sends the same bytes
 * whether a case's row is stored or assembled from its tables, and a write never leaves a row
 * behind that says something else than the tables.
 */
describe('Stored export rows (e2e)', () => {
  let t: TestApp;
  let refresher: ExportRowsRefresher;
  let afterImport: { stored: number; cases: number };

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://tracker.example.org' });
    refresher = t.app.get(ExportRowsRefresher);
    await runDemoSeed(t.app);
    const res = await t
      .http()
      .post('/api/v1/imports')
      .query({ wait: 'true', format: 'cpj-api', mode: 'commit_valid' })
      .set('authorization', `Bearer ${ADMIN_KEY}`)
      .set('content-type', 'text/csv')
      .send(fixture('cpj-api.csv'));
    expect(res.body.state).toBe('succeeded');
    await refresher.settle();
    afterImport = { stored: await stored(), cases: await caseCount() };
    // One retracted case, exported with includeRetracted.
    await t.dataSource.query(
      `UPDATE cases SET retracted_at = '2024-05-01T10:00:00Z', retraction_reason = 'Duplicate, "see" other'
        WHERE id = (SELECT id FROM cases ORDER BY id LIMIT 1)`,
    );
  });
  afterAll(() => t.close());

  const stored = async () =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM case_export_rows`))[0].n);
  const storedIds = async () =>
    new Set(
      (
        (await t.dataSource.query(`SELECT case_id FROM case_export_rows`)) as { case_id: string }[]
      ).map((r) => r.case_id),
    );
  const caseCount = async () =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM cases`))[0].n);

  const QUERIES: Record<string, string>[] = [
    {},
    { includeRetracted: 'true' },
    { asOf: '2012-06-30' },
    { monitor: 'cpj', knownAsOf: new Date(Date.now() - 60_000).toISOString() },
    { gender: 'male', yearFrom: '2000' }, // a filter on the person, whom the scope then joins
  ];

  /** Every export of cases (both formats, several filters), without the NDJSON header line. */
  async function exports(): Promise<string[]> {
    const bodies: string[] = [];
    for (const query of QUERIES)
      for (const format of ['csv', 'ndjson']) {
        const res = await t.http().get(`/api/v1/exports/cases.${format}`).query(query);
        expect(res.status).toBe(200);
        const text = res.text;
        bodies.push(format === 'ndjson' ? text.slice(text.indexOf('\n') + 1) : text);
      }
    return bodies;
  }

  /** The exports as the tables say, with no row stored (the rows removed, then stored again). */
  async function fromTables(): Promise<string[]> {
    await refresher.settle();
    await t.dataSource.query(`DELETE FROM case_export_rows`);
    const bodies = await exports();
    await refresher.settle();
    return bodies;
  }

  it('stores a row for every case after an import, and exports the same bytes from them', async () => {
    expect(afterImport.stored).toBe(afterImport.cases);
    expect(await stored()).toBe(afterImport.cases - 1); // the retraction removed its case's row
    const cold = await fromTables();
    expect(await stored()).toBe(await caseCount()); // the export that met no row stored them
    const warm = await exports();
    expect(warm).toEqual(cold);
    expect(cold[0].split('\r\n').length).toBeGreaterThan(10);
    expect(cold[2]).toContain('"Duplicate, ""see"" other"'); // the retracted case, CSV-quoted
    const lines = (csv: string) => csv.split('\r\n').filter(Boolean).length;
    expect(lines(cold[8])).toBeGreaterThan(1); // the person's filter finds some cases…
    expect(lines(cold[8])).toBeLessThan(lines(cold[0])); // …and not all of them
  });

  it('exports a mix of stored rows and rows from the tables in order', async () => {
    await refresher.settle();
    const all = await exports();
    await t.dataSource.query(
      `DELETE FROM case_export_rows WHERE case_id IN (SELECT id FROM cases ORDER BY id DESC LIMIT 3)`,
    );
    expect(await exports()).toEqual(all);
  });

  /** Each write, as SQL on the tables (the API writes through the same tables and triggers). */
  const WRITES: { name: string; sql: string }[] = [
    {
      name: 'a case changed',
      sql: `UPDATE cases SET local_foreign = 'foreign' WHERE id = (SELECT id FROM cases ORDER BY id LIMIT 1 OFFSET 2)`,
    },
    {
      name: 'a person changed',
      sql: `UPDATE people SET outlets = ARRAY['Radio "Libre", Norte'] WHERE id = (SELECT person_id FROM cases ORDER BY id LIMIT 1 OFFSET 3)`,
    },
    {
      name: 'an incident changed',
      sql: `UPDATE incidents SET place = 'Plaza, centro' WHERE id = (SELECT incident_id FROM cases ORDER BY id LIMIT 1 OFFSET 4)`,
    },
    {
      name: 'an attack type added',
      sql: `INSERT INTO incident_attack_types (incident_id, attack_type_code)
            SELECT incident_id, 'threat' FROM cases ORDER BY id LIMIT 1 OFFSET 5 ON CONFLICT DO NOTHING`,
    },
    {
      name: 'a perpetrator type removed',
      sql: `DELETE FROM incident_perpetrator_types WHERE incident_id = (
              SELECT incident_id FROM incident_perpetrator_types ORDER BY incident_id LIMIT 1)`,
    },
    {
      name: 'a classification changed',
      sql: `UPDATE monitor_classifications SET motive = 'unconfirmed' WHERE case_id = (
              SELECT case_id FROM monitor_classifications ORDER BY case_id LIMIT 1)`,
    },
    {
      name: 'a classification added',
      sql: `INSERT INTO monitor_classifications (case_id, monitor, included)
            SELECT id, 'rsf', true FROM cases ORDER BY id LIMIT 1 OFFSET 6 ON CONFLICT DO NOTHING`,
    },
    {
      name: 'a public status entry added',
      sql: `INSERT INTO status_entries (case_id, scheme, status, effective_date, reported_by, created_by)
            SELECT id, 'unesco', 'ongoing', '2020-01-01', 'organisation', 'test' FROM cases ORDER BY id LIMIT 1 OFFSET 7`,
    },
    {
      name: 'a country renamed',
      sql: `UPDATE countries SET name = name || ' (renamed)' WHERE code = (
              SELECT i.country_code FROM cases c JOIN incidents i ON i.id = c.incident_id ORDER BY c.id LIMIT 1)`,
    },
  ];

  it.each(WRITES)('removes the rows $name changes, and only those', async ({ sql }) => {
    await refresher.fill();
    expect(await stored()).toBe(await caseCount());
    await t.dataSource.query(sql);
    const left = await storedIds();
    expect(left.size).toBeLessThan(await caseCount());
    // A case's row is gone exactly when its line changed.
    const warm = await exports();
    const cold = await fromTables();
    expect(warm).toEqual(cold);
  });

  it('keeps every row when the reference seeds run again (as on each start)', async () => {
    await runReferenceSeeds(t.dataSource); // puts back the country renamed above
    await refresher.fill();
    const revision = async () =>
      (await t.dataSource.query(`SELECT revision::text AS r FROM dataset_revision`))[0].r;
    const before = await revision();
    await runReferenceSeeds(t.dataSource);
    expect(await stored()).toBe(await caseCount());
    expect(await revision()).toBe(before);
  });

  it('keeps the rows of a confidential status entry’s case: exports leave such entries out', async () => {
    await refresher.fill();
    await t.dataSource.query(
      `INSERT INTO status_entries (case_id, scheme, status, effective_date, reported_by, created_by, confidential)
       SELECT id, 'unesco', 'resolved', '2021-01-01', 'state', 'test', true FROM cases ORDER BY id LIMIT 1 OFFSET 8`,
    );
    expect(await stored()).toBe(await caseCount());
  });

  describe('a write and the storing of rows at the same time', () => {
    let other: QueryRunner;
    beforeEach(async () => {
      await refresher.settle();
      other = t.dataSource.createQueryRunner();
      await other.connect();
    });
    afterEach(async () => {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    });

    const someCase = async (offset: number) =>
      (
        (await t.dataSource.query(`SELECT id FROM cases ORDER BY id LIMIT 1 OFFSET $1`, [
          offset,
        ])) as {
          id: string;
        }[]
      )[0].id;
    it('a write waits for rows being stored for its case, then removes the row', async () => {
      const caseId = await someCase(9);
      await t.dataSource.query(`DELETE FROM case_export_rows WHERE case_id = $1`, [caseId]);
      // As the refresher does: the case locked, its row computed (here: from before the write).
      await other.startTransaction();
      await other.query(`SELECT id FROM cases WHERE id = $1 FOR UPDATE`, [caseId]);
      await other.query(
        `INSERT INTO case_export_rows (case_id, json_head, json_tail, csv_head, csv_tail)
         VALUES ($1, 'before', 'before', 'before', 'before')`,
        [caseId],
      );
      // A write that takes no lock on the case by itself (no foreign key to it is checked).
      let written = false;
      const write = t.dataSource
        .query(
          `UPDATE people SET beats = ARRAY['courts'] WHERE id = (SELECT person_id FROM cases WHERE id = $1)`,
          [caseId],
        )
        .then(() => (written = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(written).toBe(false);
      await other.commitTransaction();
      await write;
      expect((await storedIds()).has(caseId)).toBe(false);
    });

    it('the refresher skips a case a write holds, and stores it once the write is in', async () => {
      const caseId = await someCase(10);
      await refresher.fill();
      await t.dataSource.query(`DELETE FROM case_export_rows WHERE case_id = $1`, [caseId]);
      await other.startTransaction();
      await other.query(
        `INSERT INTO status_entries (case_id, scheme, status, effective_date, reported_by, created_by)
         VALUES ($1, 'unesco', 'ongoing', '2023-03-03', 'organisation', 'test')`,
        [caseId],
      );
      await refresher.fill();
      expect((await storedIds()).has(caseId)).toBe(false);
      expect(await stored()).toBe((await caseCount()) - 1);
      await other.commitTransaction();
      await refresher.fill();
      expect(await stored()).toBe(await caseCount());
      const res = await t.http().get('/api/v1/exports/cases.ndjson');
      const line = res.text.split('\n').find((l) => l.includes(caseId))!;
      expect(line).toContain('"effectiveDate":"2023-03-03"');
    });
  });
});
