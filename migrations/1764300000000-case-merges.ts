import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Merging two cases that record one killing, without rewriting history.
 *
 * The absorbed case stays in `cases` with `merged_into` naming the survivor (one level deep: a
 * merge re-points the cases the absorbed one had absorbed). Rows that may change hands
 * (classifications, proceedings, import source identities, yearly observations) move to the
 * survivor, their ids kept in the audit trail so an undo moves them back. Status entries are
 * append-only and stay on the case they were recorded for: a survivor's status is computed over
 * the entries of its whole family (itself and the cases merged into it), and an absorbed case
 * has no status of its own, so every figure counts the killing once.
 */
export class CaseMerges1764300000000 implements MigrationInterface {
  name = 'CaseMerges1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cases
        ADD COLUMN merged_into uuid REFERENCES cases (id),
        ADD COLUMN merged_at timestamptz,
        ADD CONSTRAINT cases_merged_elsewhere CHECK (merged_into <> id),
        ADD CONSTRAINT cases_merged_when CHECK ((merged_into IS NULL) = (merged_at IS NULL))`);
    await q.query(
      `CREATE INDEX cases_merged_into_idx ON cases (merged_into) WHERE merged_into IS NOT NULL`,
    );
    await q.query(
      `ALTER TABLE duplicate_candidates DROP CONSTRAINT duplicate_candidates_status_check`,
    );
    await q.query(`
      ALTER TABLE duplicate_candidates ADD CONSTRAINT duplicate_candidates_status_check
        CHECK (status IN ('open', 'not_same', 'merged'))`);

    await q.query(`
      CREATE FUNCTION case_family(p_case uuid) RETURNS uuid[] LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT p_case || ARRAY(SELECT id FROM cases WHERE merged_into = p_case ORDER BY id)
      $$`);
    await q.query(`COMMENT ON FUNCTION case_family(uuid) IS
      'A case and the cases merged into it: the cases whose status entries make its history'`);
    await q.query(STATUS_ENTRY_AT.replace('{{cases}}', 'ANY (case_family(p_case))'));
    await q.query(CASE_STATUS_AT.replace('{{cases}}', 'ANY (case_family(p_case))'));
    await q.query(PERIODS.replace('{{members}}', FAMILY_MEMBERS));
    await q.query(CURRENT_STATUSES_FOR);
    await q.query(TRIGGER.replace('{{body}}', FAMILY_TRIGGER_BODY));
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ merged }]: { merged: number }[] = await q.query(
      `SELECT count(*)::int AS merged FROM cases WHERE merged_into IS NOT NULL`,
    );
    if (merged > 0)
      throw new Error(
        `${merged} case(s) are merged into others: undo those merges before reverting this migration`,
      );
    await q.query(TRIGGER.replace('{{body}}', PLAIN_TRIGGER_BODY));
    await q.query(`DROP FUNCTION refresh_current_statuses_for(uuid[], text[])`);
    await q.query(PLAIN_PERIODS);
    await q.query(CASE_STATUS_AT.replace('{{cases}}', 'p_case'));
    await q.query(STATUS_ENTRY_AT.replace('{{cases}}', 'p_case'));
    await q.query(`DROP FUNCTION case_family(uuid)`);
    await q.query(`UPDATE duplicate_candidates SET status = 'open', decided_by = NULL, decided_at = NULL
                    WHERE status = 'merged'`);
    await q.query(
      `ALTER TABLE duplicate_candidates DROP CONSTRAINT duplicate_candidates_status_check`,
    );
    await q.query(`
      ALTER TABLE duplicate_candidates ADD CONSTRAINT duplicate_candidates_status_check
        CHECK (status IN ('open', 'not_same'))`);
    await q.query(`DROP INDEX cases_merged_into_idx`);
    await q.query(`
      ALTER TABLE cases DROP CONSTRAINT cases_merged_when, DROP CONSTRAINT cases_merged_elsewhere,
        DROP COLUMN merged_at, DROP COLUMN merged_into`);
  }
}

/** status_entry_at() as in migration 1763900000000, over `{{cases}}`. */
export const STATUS_ENTRY_AT = `
  CREATE OR REPLACE FUNCTION status_entry_at(p_case uuid, p_scheme text, p_as_of date, p_known timestamptz, p_confidential boolean DEFAULT false)
    RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT se.id FROM status_entries se
     WHERE se.case_id = {{cases}} AND se.scheme = p_scheme
       AND se.effective_date <= p_as_of AND se.recorded_at <= p_known
       AND (p_confidential OR NOT se.confidential)
       AND NOT EXISTS (SELECT 1 FROM status_entries c WHERE c.supersedes_id = se.id AND c.recorded_at <= p_known
                                                        AND (p_confidential OR NOT c.confidential))
     ORDER BY se.effective_date DESC, se.recorded_at DESC, se.id DESC
     LIMIT 1
  $$`;

/** case_status_at() as in migration 1763900000000, over `{{cases}}`. */
export const CASE_STATUS_AT = `
  CREATE OR REPLACE FUNCTION case_status_at(p_case uuid, p_scheme text, p_as_of date, p_known timestamptz, p_confidential boolean DEFAULT false)
    RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE
      WHEN p_scheme = 'unesco' AND NOT EXISTS (
        SELECT 1 FROM status_entries s WHERE s.case_id = {{cases}} AND s.scheme = 'unesco' AND s.reported_by = 'state'
           AND s.effective_date <= p_as_of AND s.recorded_at <= p_known AND (p_confidential OR NOT s.confidential))
      THEN 'no_information'
      ELSE (SELECT status FROM status_entries WHERE id = status_entry_at(p_case, p_scheme, p_as_of, p_known, p_confidential))
    END
  $$`;

/** Each case of p_cases that is not merged, with the cases whose entries count for it. */
export const FAMILY_MEMBERS = `
  members AS (
    SELECT id, id AS owner FROM cases WHERE id IN (SELECT unnest(p_cases)) AND merged_into IS NULL
    UNION ALL
    SELECT id, merged_into FROM cases WHERE merged_into IN (SELECT unnest(p_cases))),`;

/**
 * refresh_status_periods() as in migration 1763990000000, with entries counted for their
 * `members` owner: the periods of p_cases are replaced, and a merged case keeps none.
 */
export const PERIODS = `
  CREATE OR REPLACE FUNCTION refresh_status_periods(p_cases uuid[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM case_status_periods WHERE case_id IN (SELECT unnest(p_cases));
    INSERT INTO case_status_periods (case_id, scheme, confidential, valid_from, valid_to, status)
    WITH {{members}}
    visible AS (
      SELECT se.id, m.owner AS case_id, se.scheme, a.confidential, se.effective_date, se.recorded_at, se.status, se.reported_by
        FROM status_entries se JOIN members m ON m.id = se.case_id
        JOIN (VALUES (false), (true)) a (confidential) ON a.confidential OR NOT se.confidential),
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
  $$`;

/**
 * The current (public) status of each case of p_cases in each scheme of p_schemes, over its
 * family's entries, by the rule of migration 1763980000000: no row when the family has no entry
 * of the scheme or no public one stands (CPJ); UNESCO no_information until the state reported.
 * Merged cases among p_cases lose their rows.
 */
export const CURRENT_STATUSES_FOR = `
  CREATE FUNCTION refresh_current_statuses_for(p_cases uuid[], p_schemes text[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM case_current_status
     WHERE case_id IN (SELECT id FROM cases WHERE id = ANY (p_cases) AND merged_into IS NOT NULL);
    WITH touched AS (
      SELECT c.id AS case_id, s.scheme, case_family(c.id) AS family
        FROM cases c CROSS JOIN unnest(p_schemes) AS s (scheme)
       WHERE c.id = ANY (p_cases) AND c.merged_into IS NULL),
    computed AS (
      SELECT t.case_id, t.scheme, latest.id AS entry_id,
             CASE WHEN NOT EXISTS (SELECT 1 FROM status_entries s WHERE s.case_id = ANY (t.family) AND s.scheme = t.scheme)
                  THEN NULL
                  WHEN t.scheme = 'unesco' AND NOT EXISTS (
                    SELECT 1 FROM status_entries s
                     WHERE s.case_id = ANY (t.family) AND s.scheme = 'unesco' AND s.reported_by = 'state' AND NOT s.confidential)
                  THEN 'no_information'
                  ELSE latest.status END AS status
        FROM touched t
        LEFT JOIN LATERAL (
          SELECT se.id, se.status FROM status_entries se
           WHERE se.case_id = ANY (t.family) AND se.scheme = t.scheme AND NOT se.confidential
             AND NOT EXISTS (SELECT 1 FROM status_entries c WHERE c.supersedes_id = se.id AND NOT c.confidential)
           ORDER BY se.effective_date DESC, se.recorded_at DESC, se.id DESC
           LIMIT 1) latest ON true),
    removed AS (
      DELETE FROM case_current_status ccs USING computed
       WHERE ccs.case_id = computed.case_id AND ccs.scheme = computed.scheme AND computed.status IS NULL)
    INSERT INTO case_current_status (case_id, scheme, entry_id, status)
      SELECT case_id, scheme, entry_id, status FROM computed WHERE status IS NOT NULL
    ON CONFLICT (case_id, scheme) DO UPDATE SET entry_id = EXCLUDED.entry_id, status = EXCLUDED.status
  $$`;

export const TRIGGER = `
  CREATE OR REPLACE FUNCTION refresh_current_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN{{body}}
    RETURN NULL;
  END $$`;

/** The statement trigger of status_entries: current statuses and periods of the entries' owners. */
export const FAMILY_TRIGGER_BODY = `
    -- Serialise writers of the same cases and of the cases they are merged into (in id order, so
    -- two bulk writers cannot deadlock), then read with a fresh snapshot that sees their commits.
    PERFORM 1 FROM cases
      WHERE id IN (SELECT case_id FROM new_entries)
         OR id IN (SELECT c.merged_into FROM cases c WHERE c.id IN (SELECT case_id FROM new_entries))
      ORDER BY id FOR UPDATE;
    PERFORM refresh_current_statuses_for(
      array(SELECT DISTINCT coalesce(c.merged_into, c.id) FROM new_entries n JOIN cases c ON c.id = n.case_id WHERE n.scheme = s.scheme),
      ARRAY[s.scheme])
      FROM (SELECT DISTINCT scheme FROM new_entries) s;
    PERFORM refresh_status_periods(
      array(SELECT DISTINCT coalesce(c.merged_into, c.id) FROM new_entries n JOIN cases c ON c.id = n.case_id));`;

/** The trigger body of migration 1763990000000. */
const PLAIN_TRIGGER_BODY = `
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
    ON CONFLICT (case_id, scheme) DO UPDATE SET entry_id = EXCLUDED.entry_id, status = EXCLUDED.status;
    PERFORM refresh_status_periods(array(SELECT DISTINCT case_id FROM new_entries));`;

/** refresh_status_periods() as migration 1763990000000 wrote it. */
const PLAIN_PERIODS = `
      CREATE OR REPLACE FUNCTION refresh_status_periods(p_cases uuid[]) RETURNS void LANGUAGE sql AS $$
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
      $$`;
