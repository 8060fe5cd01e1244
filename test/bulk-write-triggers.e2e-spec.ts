import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from './test-database.js';

/**
 * The statement-level current-status trigger and the once-per-transaction revision trigger
 * (migration 1763980000000) give what the row triggers they replace gave.
 */
describe('bulk-write triggers', () => {
  let db: TestDatabase;
  let client: Client;
  const revision = async () =>
    Number((await client.query(`SELECT revision FROM dataset_revision`)).rows[0].revision);
  /** Creates cases in one statement each for people, incidents and cases; returns their ids. */
  const createCases = async (n: number): Promise<string[]> => {
    const { rows } = await client.query<{ id: string }>(
      `WITH p AS (INSERT INTO people (full_name) SELECT 'Trigger ' || g FROM generate_series(1, $1) g RETURNING id),
            i AS (INSERT INTO incidents (date_precision, country_code) SELECT 'unknown', 'MX' FROM generate_series(1, $1) RETURNING id),
            pairs AS (SELECT p.id AS person_id, i.id AS incident_id
                        FROM (SELECT id, row_number() OVER () AS n FROM p) p
                        JOIN (SELECT id, row_number() OVER () AS n FROM i) i USING (n))
       INSERT INTO cases (incident_id, person_id, outcome) SELECT incident_id, person_id, 'killed' FROM pairs RETURNING id`,
      [n],
    );
    return rows.map((r) => r.id);
  };

  /**
   * Files several entries per case and scheme in one statement (state and other reporters,
   * confidential answers, dates out of order), then corrections of some of them in another,
   * some confidential.
   */
  const fileHistories = async (ids: string[]): Promise<void> => {
    await client.query(
      `INSERT INTO status_entries (case_id, scheme, status, effective_date, reported_by, confidential, created_by)
       SELECT c.id, s.scheme,
              CASE s.scheme WHEN 'unesco' THEN (ARRAY['ongoing', 'resolved', 'no_information'])[1 + (c.n + s.k) % 3]
                            ELSE (ARRAY['complete_impunity', 'partial_justice', 'full_justice'])[1 + (c.n * s.k) % 3] END,
              date '2015-01-01' + ((c.n * 7 + s.k * 13) % 900)::int,
              CASE WHEN (c.n + s.k) % 4 = 0 THEN 'state' ELSE 'organisation' END,
              (c.n + s.k) % 5 = 0, 'test'
         FROM (SELECT id, row_number() OVER () AS n FROM unnest($1::uuid[]) id) c
        CROSS JOIN (SELECT scheme, k FROM unnest(ARRAY['unesco', 'cpj']) scheme, generate_series(1, 4) k) s
        WHERE (c.n + s.k) % 7 <> 0`,
      [ids],
    );
    await client.query(
      `INSERT INTO status_entries (case_id, scheme, status, effective_date, reported_by, confidential, supersedes_id, created_by)
       SELECT DISTINCT ON (se.case_id, se.scheme) se.case_id, se.scheme,
              CASE se.scheme WHEN 'unesco' THEN CASE se.status WHEN 'resolved' THEN 'ongoing' ELSE 'resolved' END
                             ELSE CASE se.status WHEN 'full_justice' THEN 'complete_impunity' ELSE 'full_justice' END END,
              se.effective_date + (se.id % 3)::int * 30, 'staff', se.id % 2 = 0, se.id, 'test'
         FROM status_entries se WHERE se.case_id = ANY($1::uuid[]) AND se.id % 3 = 0
        ORDER BY se.case_id, se.scheme, se.id`,
      [ids],
    );
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('advances the dataset revision once per transaction that writes, however many rows', async () => {
    const before = await revision();
    await client.query('BEGIN');
    await createCases(50);
    await client.query(
      `UPDATE people SET full_name = full_name || '.' WHERE full_name LIKE 'Trigger %'`,
    );
    await client.query('COMMIT');
    expect(await revision()).toBe(before + 1);

    // A first write undone with its savepoint does not stop a later one from counting.
    await client.query('BEGIN');
    await client.query('SAVEPOINT first');
    await createCases(1);
    await client.query('ROLLBACK TO SAVEPOINT first');
    await createCases(1);
    await client.query('COMMIT');
    expect(await revision()).toBe(before + 2);

    await client.query('BEGIN');
    await client.query('SAVEPOINT undone');
    await createCases(1);
    await client.query('ROLLBACK TO SAVEPOINT undone');
    await client.query('COMMIT');
    await client.query('BEGIN');
    await createCases(3);
    await client.query('ROLLBACK');
    expect(await revision()).toBe(before + 2);

    await createCases(2);
    expect(await revision()).toBe(before + 3);
  });

  it('keeps the current-status table equal to the history after multi-row inserts', async () => {
    const ids = await createCases(40);
    await fileHistories(ids);
    const mismatches = await client.query(
      `SELECT c.id, s.scheme FROM unnest($1::uuid[]) c(id) CROSS JOIN unnest(ARRAY['unesco', 'cpj']) s(scheme)
        LEFT JOIN case_current_status ccs ON ccs.case_id = c.id AND ccs.scheme = s.scheme
        WHERE EXISTS (SELECT 1 FROM status_entries se WHERE se.case_id = c.id AND se.scheme = s.scheme)
          AND ((ccs.case_id IS NULL) <> (case_status_at(c.id, s.scheme, 'infinity', 'infinity') IS NULL)
               OR (ccs.case_id IS NOT NULL AND (
                    ccs.status IS DISTINCT FROM case_status_at(c.id, s.scheme, 'infinity', 'infinity')
                 OR ccs.entry_id IS DISTINCT FROM status_entry_at(c.id, s.scheme, 'infinity', 'infinity'))))`,
      [ids],
    );
    expect(mismatches.rows).toEqual([]);
    const counted = await client.query(
      `SELECT count(*)::int AS n FROM case_current_status WHERE case_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(counted.rows[0].n).toBeGreaterThan(40);
  });

  it('keeps the status periods equal to case_status_at on every date, for both audiences', async () => {
    const ids = await createCases(30);
    await fileHistories(ids);
    // Later entries, one statement per case, as a case's history grows over time.
    for (const [n, id] of ids.slice(0, 10).entries()) {
      await client.query(
        `INSERT INTO status_entries (case_id, scheme, status, effective_date, reported_by, created_by)
         VALUES ($1, 'unesco', 'resolved', date '2016-06-01' + $2::int, 'state', 'test')`,
        [id, n * 40],
      );
    }
    // Every day around each effective date, and dates before and after all of them.
    const mismatches = await client.query(
      `WITH days AS (
         SELECT DISTINCT case_id, d::date AS day
           FROM status_entries, generate_series(effective_date - 1, effective_date + 1, interval '1 day') d
          WHERE case_id = ANY($1::uuid[])
         UNION SELECT id, day FROM unnest($1::uuid[]) id, unnest(ARRAY[date '1990-01-01', date '2040-01-01']) day)
       SELECT d.case_id, s.scheme, a.confidential, d.day, p.status AS period, case_status_at(d.case_id, s.scheme, d.day, 'infinity', a.confidential) AS history
         FROM days d CROSS JOIN unnest(ARRAY['unesco', 'cpj']) s(scheme) CROSS JOIN unnest(ARRAY[false, true]) a(confidential)
         LEFT JOIN case_status_periods p ON p.case_id = d.case_id AND p.scheme = s.scheme AND p.confidential = a.confidential
              AND p.valid_from <= d.day AND (p.valid_to IS NULL OR p.valid_to > d.day)
        WHERE coalesce(p.status, CASE s.scheme WHEN 'unesco' THEN 'no_information' END)
              IS DISTINCT FROM coalesce(case_status_at(d.case_id, s.scheme, d.day, 'infinity', a.confidential),
                                        CASE s.scheme WHEN 'unesco' THEN 'no_information' END)`,
      [ids],
    );
    expect(mismatches.rows).toEqual([]);
    // Periods neither overlap nor repeat the status of the one before.
    const malformed = await client.query(
      `SELECT * FROM (
         SELECT *, lag(valid_to) OVER w AS previous_end, lag(status) OVER w AS previous_status
           FROM case_status_periods WHERE case_id = ANY($1::uuid[])
         WINDOW w AS (PARTITION BY case_id, scheme, confidential ORDER BY valid_from)) p
        WHERE previous_end IS NULL <> (previous_status IS NULL) OR previous_end > valid_from OR previous_status = status`,
      [ids],
    );
    expect(malformed.rows).toEqual([]);
    const confidentialOnly = await client.query(
      `SELECT count(*)::int AS n FROM status_entries WHERE case_id = ANY($1::uuid[]) AND confidential`,
      [ids],
    );
    expect(confidentialOnly.rows[0].n).toBeGreaterThan(0);
  });
});
