import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The status of every case over time, as known now, kept in a table: for each case, scheme and
 * audience (the public, or readers allowed to see confidential entries), the periods over which
 * its status stays the same. A figure or a list "as of" a past date then reads one period per
 * case instead of walking each case's history. Questions "as known at" an earlier instant still
 * walk the history (case_status_at), since they are answered as the record stood then.
 *
 * The rule is case_status_at()'s, for every date at once: on a date, the latest entry effective
 * by then that no visible correction supersedes (latest by effective date, then recorded time,
 * then id); for UNESCO, no_information until the state has reported (an entry reported by the
 * state effective by then) and when no entry stands. Periods run from `valid_from` up to the day
 * before `valid_to` (NULL: open); before a case's first period it has no status (NULL), which
 * the UNESCO scheme counts as no_information.
 *
 * Status entries are append-only, so the periods of a case change only when entries are added:
 * the statement trigger that keeps the current status recomputes the periods of the cases a
 * statement touched.
 */
export class StatusPeriods1763990000000 implements MigrationInterface {
  name = 'StatusPeriods1763990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_status_periods (
        case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
        scheme text NOT NULL CHECK (scheme IN ('unesco', 'cpj')),
        confidential boolean NOT NULL,
        valid_from date NOT NULL,
        valid_to date CHECK (valid_to > valid_from),
        status text NOT NULL,
        PRIMARY KEY (case_id, scheme, confidential, valid_from)
      ) PARTITION BY LIST (scheme)`);
    // One partition per scheme and audience: a figure reads one of them, a quarter of the rows.
    for (const scheme of ['unesco', 'cpj']) {
      await q.query(`
        CREATE TABLE case_status_periods_${scheme} PARTITION OF case_status_periods
          FOR VALUES IN ('${scheme}') PARTITION BY LIST (confidential)`);
      for (const [audience, confidential] of [
        ['public', false],
        ['all', true],
      ] as const) {
        await q.query(`
          CREATE TABLE case_status_periods_${scheme}_${audience} PARTITION OF case_status_periods_${scheme}
            FOR VALUES IN (${confidential})`);
      }
    }
    await q.query(`
      COMMENT ON TABLE case_status_periods IS
        'Status of each case per scheme over time as known now, maintained from status_entries; confidential = the view that counts confidential entries'`);

    // "standing": per date, the entry that wins among those no visible correction supersedes.
    // "marks": those dates, and for UNESCO the first date the state reported. "grouped": each
    // mark carries the latest standing status (max over its group, which holds one).
    await q.query(`
      CREATE FUNCTION refresh_status_periods(p_cases uuid[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM case_status_periods WHERE case_id IN (SELECT unnest(p_cases));
        INSERT INTO case_status_periods (case_id, scheme, confidential, valid_from, valid_to, status)
        WITH visible AS (
          SELECT se.id, se.case_id, se.scheme, a.confidential, se.effective_date, se.recorded_at, se.status, se.reported_by
            FROM status_entries se JOIN (VALUES (false), (true)) a (confidential) ON a.confidential OR NOT se.confidential
           WHERE se.case_id IN (SELECT unnest(p_cases))),
        standing AS (
          SELECT DISTINCT ON (case_id, scheme, confidential, effective_date)
                 case_id, scheme, confidential, effective_date AS since, status, false AS report
            FROM visible v
           WHERE NOT EXISTS (SELECT 1 FROM status_entries x WHERE x.supersedes_id = v.id AND (v.confidential OR NOT x.confidential))
           ORDER BY case_id, scheme, confidential, effective_date, recorded_at DESC, id DESC),
        marks AS (
          SELECT * FROM standing
          UNION ALL
          SELECT case_id, 'unesco', confidential, min(effective_date), NULL, true
            FROM visible WHERE scheme = 'unesco' AND reported_by = 'state' GROUP BY case_id, confidential),
        grouped AS (
          SELECT *, count(status) OVER (PARTITION BY case_id, scheme, confidential ORDER BY since, report) AS grp,
                    min(since) FILTER (WHERE report) OVER (PARTITION BY case_id, scheme, confidential) AS reported_since
            FROM marks),
        statuses AS (
          SELECT DISTINCT case_id, scheme, confidential, since,
                 CASE WHEN scheme <> 'unesco' THEN max(status) OVER g
                      WHEN reported_since <= since THEN coalesce(max(status) OVER g, 'no_information')
                      ELSE 'no_information' END AS status
            FROM grouped WINDOW g AS (PARTITION BY case_id, scheme, confidential, grp)),
        changes AS (
          SELECT *, lag(status) OVER (PARTITION BY case_id, scheme, confidential ORDER BY since) AS before
            FROM statuses)
        SELECT case_id, scheme, confidential, since,
               lead(since) OVER (PARTITION BY case_id, scheme, confidential ORDER BY since), status
          FROM changes WHERE before IS DISTINCT FROM status
      $$`);

    await q.query(CURRENT_STATUS_TRIGGER.replace('{{periods}}', PERIODS_REFRESH));
    await q.query(`SET LOCAL work_mem = '256MB'`); // the backfill sorts every entry twice
    await q.query(
      `SELECT refresh_status_periods(array_agg(DISTINCT case_id)) FROM status_entries HAVING count(*) > 0`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(CURRENT_STATUS_TRIGGER.replace('{{periods}}', ''));
    await q.query(`DROP FUNCTION refresh_status_periods(uuid[])`);
    await q.query(`DROP TABLE case_status_periods`);
  }
}

const PERIODS_REFRESH = `
        PERFORM refresh_status_periods(array(SELECT DISTINCT case_id FROM new_entries));`;

/** refresh_current_statuses() as in migration 1763980000000, with a place for the periods. */
const CURRENT_STATUS_TRIGGER = `
      CREATE OR REPLACE FUNCTION refresh_current_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Serialise writers of the same cases (in id order, so two bulk writers cannot deadlock),
        -- then read with a fresh snapshot that sees the other's commit.
        PERFORM 1 FROM cases WHERE id IN (SELECT case_id FROM new_entries) ORDER BY id FOR UPDATE;
        WITH touched AS (SELECT DISTINCT case_id, scheme FROM new_entries),
        computed AS (
          SELECT t.case_id, t.scheme, latest.id AS entry_id,
                 CASE WHEN t.scheme = 'unesco' AND NOT EXISTS (
                        SELECT 1 FROM status_entries s
                         WHERE s.case_id = t.case_id AND s.scheme = 'unesco' AND s.reported_by = 'state' AND NOT s.confidential)
                      THEN 'no_information'
                      ELSE latest.status END AS status
            FROM touched t
            LEFT JOIN LATERAL (
              SELECT se.id, se.status FROM status_entries se
               WHERE se.case_id = t.case_id AND se.scheme = t.scheme AND NOT se.confidential
                 AND NOT EXISTS (SELECT 1 FROM status_entries c WHERE c.supersedes_id = se.id AND NOT c.confidential)
               ORDER BY se.effective_date DESC, se.recorded_at DESC, se.id DESC
               LIMIT 1) latest ON true
        ),
        removed AS (
          DELETE FROM case_current_status ccs USING computed
           WHERE ccs.case_id = computed.case_id AND ccs.scheme = computed.scheme AND computed.status IS NULL
        )
        INSERT INTO case_current_status (case_id, scheme, entry_id, status)
          SELECT case_id, scheme, entry_id, status FROM computed WHERE status IS NOT NULL
        ON CONFLICT (case_id, scheme) DO UPDATE SET entry_id = EXCLUDED.entry_id, status = EXCLUDED.status;{{periods}}
        RETURN NULL;
      END $$`;
