import type { Client } from 'pg';

/** Countries that, as in the real record, hold most of the killings (first the most). */
const HOT_COUNTRIES = ['IQ', 'SY', 'MX', 'PH', 'PK', 'AF', 'SO', 'IN', 'BR', 'CO', 'HN', 'PS'];

export interface DatasetSize {
  cases: number;
  incidents: number;
  people: number;
  statusEntries: number;
  corrections: number;
}

/**
 * Fills an empty, migrated and seeded database with a synthetic record in a few set-based
 * statements: `cases` cases (one person each) in incidents of 1 to 60 victims, in countries with a
 * steep skew (half the cases in five countries), dates 1992–2025 leaning to recent years, about ten
 * status entries per case (UNESCO yearly, CPJ now and then), 15% of them recorded years late, some
 * confidential, and corrections that supersede earlier entries.
 *
 * Triggers on status_entries (the current-status and status-period tables, the dataset revision)
 * are switched off for the load and their effect is rebuilt once at the end with the same functions.
 */
export async function generateDataset(
  db: Client,
  cases: number,
  log: (line: string) => void,
): Promise<DatasetSize> {
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const started = Date.now();
    const result = await db.query(sql, params);
    log(
      `  ${label}: ${result.rowCount ?? 0} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  };
  await db.query(`SELECT setseed(0.42)`);
  await db.query(
    `
    CREATE TEMP TABLE bench_countries AS
    SELECT code, alpha3, (row_number() OVER (ORDER BY array_position($1::text[], code::text) NULLS LAST, code) - 1)::int AS rank
      FROM countries`,
    [HOT_COUNTRIES],
  );
  // Victims per incident: mostly one, some 2–4, a few 5–10, one in a thousand a massacre.
  await db.query(
    `
    CREATE TEMP TABLE bench_incidents AS
    WITH drawn AS (
      SELECT n, gen_random_uuid() AS id,
             DATE '1992-01-01' + floor(power(random(), 0.6) * (DATE '2025-12-31' - DATE '1992-01-01'))::int AS date_start,
             floor(power(random(), 7) * (SELECT count(*) FROM bench_countries))::int AS country_rank,
             CASE WHEN random() < 0.7 THEN 'non_conflict' ELSE 'conflict' END AS context,
             random() AS kind,
             CASE
               WHEN r < 0.80 THEN 1 WHEN r < 0.95 THEN 2 + floor(random() * 3)::int
               WHEN r < 0.999 THEN 5 + floor(random() * 6)::int ELSE 20 + floor(random() * 41)::int END AS victims
        FROM (SELECT n, random() AS r FROM generate_series(1, $1::int) n) g)
    SELECT d.*, sum(victims) OVER (ORDER BY n) - victims + 1 AS first_case, c.code AS country_code
      FROM drawn d JOIN bench_countries c ON c.rank = d.country_rank`,
    [Math.ceil(cases / 1.4)],
  );
  await db.query(`DELETE FROM bench_incidents WHERE first_case > $1`, [cases]);
  await step(
    'incidents',
    `INSERT INTO incidents (id, date_start, date_precision, country_code, context)
     SELECT id, date_start, 'day', country_code, context FROM bench_incidents`,
  );
  await step(
    'incident attack types',
    `INSERT INTO incident_attack_types (incident_id, attack_type_code)
     SELECT id, 'murder' FROM bench_incidents WHERE kind < 0.65
     UNION ALL SELECT id, 'crossfire_combat' FROM bench_incidents WHERE kind >= 0.6 AND kind < 0.9
     UNION ALL SELECT id, 'dangerous_assignment' FROM bench_incidents WHERE kind >= 0.9`,
  );
  await db.query(
    `
    CREATE TEMP TABLE bench_cases AS
    SELECT gen_random_uuid() AS id, gen_random_uuid() AS person_id, i.id AS incident_id, i.date_start,
           i.first_case + k - 1 AS n, random() AS r,
           random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5, random() AS u6, random() AS u7, random() AS u8, random() AS u9, random() AS u10,
           floor(random() * 18)::int AS unesco_entries, floor(random() * 9)::int AS cpj_entries
      FROM bench_incidents i CROSS JOIN LATERAL generate_series(1, i.victims) k
     WHERE i.first_case + k - 1 <= $1`,
    [cases],
  );
  await step(
    'people',
    `INSERT INTO people (id, full_name, gender, role, employment, media_types)
     SELECT person_id, 'Bench person ' || n,
            CASE WHEN r < 0.86 THEN 'male' WHEN r < 0.96 THEN 'female' WHEN r < 0.97 THEN 'other' ELSE 'unknown' END,
            CASE WHEN u1 < 0.8 THEN 'journalist' WHEN u1 < 0.95 THEN 'media_worker' ELSE 'social_media_producer' END,
            CASE WHEN u2 < 0.6 THEN 'staff' WHEN u2 < 0.9 THEN 'freelance' ELSE 'unknown' END,
            CASE WHEN u3 < 0.4 THEN ARRAY['print'] WHEN u3 < 0.7 THEN ARRAY['radio'] ELSE ARRAY['television', 'online'] END
       FROM bench_cases`,
  );
  await step(
    'cases',
    `INSERT INTO cases (id, incident_id, person_id, outcome, local_foreign, retracted_at, retraction_reason)
     SELECT id, incident_id, person_id,
            CASE WHEN u4 < 0.88 THEN 'killed' WHEN u4 < 0.94 THEN 'injured' ELSE 'missing' END,
            CASE WHEN u5 < 0.9 THEN 'local' ELSE 'foreign' END,
            CASE WHEN u6 < 0.005 THEN now() END, CASE WHEN u6 < 0.005 THEN 'duplicate' END
       FROM bench_cases`,
  );
  await step(
    'monitor classifications',
    `INSERT INTO monitor_classifications (case_id, monitor, included, condemnation)
     SELECT id, 'unesco', u7 < 0.97, CASE WHEN u8 < 0.93 THEN 'condemned' ELSE 'deplored' END
       FROM bench_cases WHERE u9 < 0.8
     UNION ALL
     SELECT id, 'cpj', true, NULL FROM bench_cases WHERE u10 < 0.6`,
  );

  await db.query(`ALTER TABLE status_entries DISABLE TRIGGER USER`);
  try {
    // UNESCO: a yearly answer (or silence filled in by staff), most recorded within a month, 15%
    // years late; the last one may be a resolution. CPJ: a class now and then.
    await step(
      'status entries (UNESCO)',
      `INSERT INTO status_entries (case_id, scheme, status, effective_date, recorded_at, reported_by, confidential, created_by)
       SELECT id, 'unesco',
              CASE WHEN k = unesco_entries AND random() < 0.25 THEN 'resolved' WHEN k = 1 AND random() < 0.3 THEN 'no_information' ELSE 'ongoing' END,
              effective, least(effective + lag, now() - interval '1 day'), reporter, reporter = 'state' AND random() < 0.04, 'bench'
         FROM (SELECT c.id, c.unesco_entries, k,
                      (coalesce(c.date_start, DATE '2010-01-01') + k * 300 + floor(random() * 200)::int) AS effective,
                      CASE WHEN random() < 0.85 THEN random() * interval '30 days' ELSE interval '1 year' + random() * interval '5 years' END AS lag,
                      CASE WHEN random() < 0.6 THEN 'state' WHEN random() < 0.5 THEN 'monitor' WHEN random() < 0.5 THEN 'organisation' ELSE 'staff' END AS reporter
                 FROM bench_cases c CROSS JOIN LATERAL generate_series(1, c.unesco_entries) k) e
        WHERE effective < current_date`,
    );
    await step(
      'status entries (CPJ)',
      `INSERT INTO status_entries (case_id, scheme, status, effective_date, recorded_at, reported_by, created_by)
       SELECT id, 'cpj',
              CASE WHEN random() < 0.8 THEN 'complete_impunity' WHEN random() < 0.8 THEN 'partial_justice' ELSE 'full_justice' END,
              effective, least(effective + lag, now() - interval '1 day'), 'monitor', 'bench'
         FROM (SELECT c.id, (coalesce(c.date_start, DATE '2010-01-01') + k * 500 + floor(random() * 400)::int) AS effective,
                      CASE WHEN random() < 0.85 THEN random() * interval '30 days' ELSE interval '1 year' + random() * interval '5 years' END AS lag
                 FROM bench_cases c CROSS JOIN LATERAL generate_series(1, c.cpj_entries) k) e
        WHERE effective < current_date`,
    );
    await step(
      'corrections',
      `INSERT INTO status_entries (case_id, scheme, status, effective_date, recorded_at, reported_by, supersedes_id, created_by)
       SELECT case_id, scheme,
              CASE scheme WHEN 'unesco' THEN CASE status WHEN 'ongoing' THEN 'resolved' ELSE 'ongoing' END
                          ELSE CASE status WHEN 'complete_impunity' THEN 'partial_justice' ELSE 'complete_impunity' END END,
              effective_date, least(recorded_at + interval '20 days' + random() * interval '2 years', now() - interval '1 hour'),
              'staff', id, 'bench'
         FROM status_entries WHERE random() < 0.015`,
    );
    await db.query(`ANALYZE status_entries`); // the functions below plan with real statistics
    await step(
      'current status',
      `INSERT INTO case_current_status (case_id, scheme, entry_id, status)
       SELECT case_id, scheme, status_entry_at(case_id, scheme, 'infinity', 'infinity'), case_status_at(case_id, scheme, 'infinity', 'infinity')
         FROM (SELECT DISTINCT case_id, scheme FROM status_entries) s`,
    );
    await db.query(`DELETE FROM case_current_status WHERE status IS NULL`);
    await db.query(`SET work_mem = '256MB'`); // the periods sort every entry twice
    const periodsStarted = Date.now();
    await db.query(`SELECT refresh_status_periods(array_agg(id)) FROM cases`);
    const periods = await db.query(`SELECT count(*)::int AS n FROM case_status_periods`);
    log(
      `  status periods: ${periods.rows[0].n} rows in ${((Date.now() - periodsStarted) / 1000).toFixed(1)} s`,
    );
    await db.query(`RESET work_mem`);
  } finally {
    await db.query(`ALTER TABLE status_entries ENABLE TRIGGER USER`);
  }
  await step(
    'population',
    `INSERT INTO population (world_bank_code, year, value, country_code, name)
     SELECT alpha3, y, (1e5 + power(random(), 3) * 3e8)::bigint, code, code FROM bench_countries CROSS JOIN generate_series(2000, 2024) y`,
  );
  await db.query(`UPDATE dataset_revision SET revision = revision + 1, changed_at = now()`);
  const started = Date.now();
  await db.query(`VACUUM ANALYZE`);
  log(`  vacuum analyze in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  return datasetSize(db);
}

/** What a database holds, as counted for the benchmark's report. */
export async function datasetSize(db: Client): Promise<DatasetSize> {
  const [size] = (
    await db.query(`SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM incidents)::int AS incidents,
                           (SELECT count(*) FROM people)::int AS people, (SELECT count(*) FROM status_entries)::int AS "statusEntries",
                           (SELECT count(*) FROM status_entries WHERE supersedes_id IS NOT NULL)::int AS corrections`)
  ).rows as DatasetSize[];
  return size;
}
