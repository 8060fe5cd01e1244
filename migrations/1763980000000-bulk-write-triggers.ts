import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose writes advance the dataset revision (as in the statistics migration). */
const DATA_TABLES = [
  'people',
  'incidents',
  'incident_attack_types',
  'incident_perpetrator_types',
  'cases',
  'monitor_classifications',
  'status_entries',
  'proceedings',
  'dg_cycles',
  'dg_requests',
  'dg_response_cases',
  'dg_request_cases',
  'dg_responses',
  'population',
];

/**
 * Triggers that cost one call per written row, made to cost one per statement or one per
 * transaction, with the same results, so that an import of 100,000 cases is not spent in them:
 *
 * - The current-status table was refreshed by a row trigger calling case_status_at() and
 *   status_entry_at() for every inserted entry (each call re-planned its queries). A statement
 *   trigger over the inserted rows (a transition table) now refreshes each (case, scheme) touched
 *   once, with the same rule written as one query, after locking those cases in id order.
 * - The dataset revision was advanced by a deferred row trigger that queued an event for every
 *   row written, all but the first doing nothing at commit. The event is now queued only for the
 *   first row of a transaction (the WHEN clause notes it in a transaction-local setting, which a
 *   rolled-back savepoint undoes together with the event it queued).
 */
export class BulkWriteTriggers1763980000000 implements MigrationInterface {
  name = 'BulkWriteTriggers1763980000000';

  async up(q: QueryRunner): Promise<void> {
    /*
     * The public's current status of the (case, scheme) pairs in `new_entries`: the same as
     * status_entry_at(case, scheme, 'infinity', 'infinity') for entry_id and
     * case_status_at(case, scheme, 'infinity', 'infinity') for status, confidential entries left
     * out; a pair whose status is NULL has no row.
     */
    await q.query(`
      CREATE FUNCTION refresh_current_statuses() RETURNS trigger LANGUAGE plpgsql AS $$
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
        ON CONFLICT (case_id, scheme) DO UPDATE SET entry_id = EXCLUDED.entry_id, status = EXCLUDED.status;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER status_entries_current ON status_entries`);
    await q.query(`
      CREATE TRIGGER status_entries_current AFTER INSERT ON status_entries
        REFERENCING NEW TABLE AS new_entries
        FOR EACH STATEMENT EXECUTE FUNCTION refresh_current_statuses()`);
    await q.query(`DROP FUNCTION refresh_current_status()`);

    await q.query(`
      CREATE FUNCTION note_dataset_revision_queued() RETURNS boolean LANGUAGE sql VOLATILE AS $$
        SELECT set_config('tracker.revision_queued', 'yes', true) = 'yes'
      $$`);
    for (const table of DATA_TABLES) {
      await q.query(`DROP TRIGGER ${table}_advance_revision ON ${table}`);
      await q.query(`
        CREATE CONSTRAINT TRIGGER ${table}_advance_revision AFTER INSERT OR UPDATE OR DELETE ON ${table}
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
          WHEN (coalesce(current_setting('tracker.revision_queued', true), '') <> 'yes' AND note_dataset_revision_queued())
          EXECUTE FUNCTION advance_dataset_revision()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of DATA_TABLES) {
      await q.query(`DROP TRIGGER ${table}_advance_revision ON ${table}`);
      await q.query(`
        CREATE CONSTRAINT TRIGGER ${table}_advance_revision AFTER INSERT OR UPDATE OR DELETE ON ${table}
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION advance_dataset_revision()`);
    }
    await q.query(`DROP FUNCTION note_dataset_revision_queued()`);
    await q.query(`
      CREATE FUNCTION refresh_current_status() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Serialise writers of one case, then read with a fresh snapshot that sees the other's commit.
        PERFORM 1 FROM cases WHERE id = NEW.case_id FOR UPDATE;
        INSERT INTO case_current_status (case_id, scheme, entry_id, status)
          SELECT NEW.case_id, NEW.scheme, status_entry_at(NEW.case_id, NEW.scheme, 'infinity', 'infinity'),
                 case_status_at(NEW.case_id, NEW.scheme, 'infinity', 'infinity')
        ON CONFLICT (case_id, scheme) DO UPDATE SET entry_id = EXCLUDED.entry_id, status = EXCLUDED.status;
        DELETE FROM case_current_status WHERE case_id = NEW.case_id AND scheme = NEW.scheme AND status IS NULL;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER status_entries_current ON status_entries`);
    await q.query(`
      CREATE TRIGGER status_entries_current AFTER INSERT ON status_entries
        FOR EACH ROW EXECUTE FUNCTION refresh_current_status()`);
    await q.query(`DROP FUNCTION refresh_current_statuses()`);
  }
}
