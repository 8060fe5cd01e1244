import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each case's public export row, kept ready so that an export of every case reads one stored row
 * per case instead of assembling it from seven tables.
 *
 * `case_export_rows` holds, per case, the canonical format's fields from `incidentId` to
 * `retractionReason` (head) and its classifications and public status history (tail), as NDJSON
 * members and as CSV cells. The case id, its URL and its status on the export's date are not
 * stored: they depend on the request. Rows are written by the application (ExportRowsRefresher)
 * and removed here, by statement triggers, whenever a write changes what they hold. A case
 * without a row is exported from its tables, as before.
 *
 * A removal must not be overtaken by a row computed before the change. The refresher computes
 * rows for cases it has locked FOR UPDATE; a write first takes FOR KEY SHARE on the cases it
 * changes (unless this transaction wrote the case's row itself: it holds a stronger lock already,
 * or created the case, whose row nobody else can have computed), so it waits for a refresher
 * holding them, and its removal (a new statement, with a new snapshot under READ COMMITTED) then
 * sees, and removes, what the refresher stored. A refresher skips cases
 * a write holds, and reads them again only after that write has committed.
 */
/** The rows a statement changed: for an update, both their old and their new versions. */
const rows = (event: 'INSERT' | 'UPDATE' | 'DELETE') =>
  event === 'UPDATE' ? '(SELECT * FROM changed UNION ALL SELECT * FROM before) AS r' : 'changed';

const TRIGGERS: { table: string; event: 'INSERT' | 'UPDATE' | 'DELETE'; cases: string }[] = [
  { table: 'cases', event: 'UPDATE', cases: `SELECT id FROM changed` },
  {
    table: 'people',
    event: 'UPDATE',
    cases: `SELECT c.id FROM cases c WHERE c.person_id IN (SELECT id FROM changed)`,
  },
  {
    table: 'incidents',
    event: 'UPDATE',
    cases: `SELECT c.id FROM cases c WHERE c.incident_id IN (SELECT id FROM changed)`,
  },
  ...(['incident_attack_types', 'incident_perpetrator_types'] as const).flatMap((table) =>
    (['INSERT', 'UPDATE', 'DELETE'] as const).map((event) => ({
      table,
      event,
      cases: `SELECT c.id FROM cases c WHERE c.incident_id IN (SELECT incident_id FROM ${rows(event)})`,
    })),
  ),
  ...(['INSERT', 'UPDATE', 'DELETE'] as const).map((event) => ({
    table: 'monitor_classifications',
    event,
    cases: `SELECT case_id FROM ${rows(event)}`,
  })),
  {
    table: 'status_entries',
    event: 'INSERT',
    cases: `SELECT case_id FROM changed WHERE NOT confidential`,
  },
  {
    table: 'countries',
    event: 'UPDATE',
    cases: `SELECT c.id FROM cases c JOIN incidents i ON i.id = c.incident_id
            WHERE i.country_code IN (SELECT n.code FROM changed n JOIN before o ON o.code = n.code
                                      WHERE n.name IS DISTINCT FROM o.name)`,
  },
];

const triggerName = (t: (typeof TRIGGERS)[number]) =>
  `${t.table}_forget_export_rows_${t.event.toLowerCase()}`;

export class CaseExportRows1764010000000 implements MigrationInterface {
  name = 'CaseExportRows1764010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_export_rows (
        case_id uuid PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
        json_head text NOT NULL,
        json_tail text NOT NULL,
        csv_head text NOT NULL,
        csv_tail text NOT NULL
      ) WITH (toast_tuple_target = 8160)`);
    await q.query(`
      COMMENT ON TABLE case_export_rows IS
        'Public export rows ready to send (see migration 1764010000000); removed by triggers when a write changes them'`);
    // The statement's changed rows are the transition table `changed` (and `before`, the old
    // versions of updated rows); TG_ARGV[0] selects the ids of the cases they belong to.
    await q.query(`
      CREATE FUNCTION forget_case_export_rows() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        ids uuid[];
      BEGIN
        EXECUTE format('SELECT array_agg(DISTINCT id) FROM (%s) AS affected(id)', TG_ARGV[0]) INTO ids;
        IF ids IS NULL THEN
          RETURN NULL;
        END IF;
        PERFORM 1 FROM cases c WHERE c.id = ANY (ids) AND c.xmin <> pg_current_xact_id()::xid FOR KEY SHARE;
        DELETE FROM case_export_rows WHERE case_id = ANY (ids);
        RETURN NULL;
      END $$`);
    for (const t of TRIGGERS) {
      await q.query(`
        CREATE TRIGGER ${triggerName(t)} AFTER ${t.event} ON ${t.table}
          REFERENCING ${t.event === 'DELETE' ? 'OLD TABLE AS changed' : t.event === 'UPDATE' ? 'OLD TABLE AS before NEW TABLE AS changed' : 'NEW TABLE AS changed'}
          FOR EACH STATEMENT EXECUTE FUNCTION forget_case_export_rows('${t.cases.replace(/'/g, "''")}')`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TRIGGERS) await q.query(`DROP TRIGGER ${triggerName(t)} ON ${t.table}`);
    await q.query(`DROP FUNCTION forget_case_export_rows()`);
    await q.query(`DROP TABLE case_export_rows`);
  }
}
