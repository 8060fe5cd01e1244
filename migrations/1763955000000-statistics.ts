import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows every published figure is computed from. */
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
  'dg_request_cases',
  'dg_responses',
  'dg_response_cases',
  'population',
];

/**
 * The dataset revision (a counter every committed write advances), figures published by UNESCO,
 * CPJ and others, and frozen citations.
 */
export class Statistics1763955000000 implements MigrationInterface {
  name = 'Statistics1763955000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dataset_revision (
        singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        revision   bigint NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await q.query(`INSERT INTO dataset_revision (revision, changed_at) VALUES (1, now())`);
    /*
     * Deferred to commit, once per transaction: the counter row is locked last, so writers never
     * deadlock on it, and it becomes visible together with the data it counts.
     */
    await q.query(`
      CREATE FUNCTION advance_dataset_revision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(current_setting('tracker.revision_advanced', true), '') <> 'yes' THEN
          UPDATE dataset_revision SET revision = revision + 1, changed_at = now();
          PERFORM set_config('tracker.revision_advanced', 'yes', true);
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of DATA_TABLES) {
      await q.query(`
        CREATE CONSTRAINT TRIGGER ${table}_advance_revision AFTER INSERT OR UPDATE OR DELETE ON ${table}
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION advance_dataset_revision()`);
    }

    await q.query(`
      CREATE TABLE published_figures (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        figure         text NOT NULL CHECK (figure ~ '^[a-z_]{1,60}$'),
        source         text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
        value          numeric NOT NULL,
        unit           text NOT NULL CHECK (unit IN ('ratio', 'count', 'per_million')),
        period         text CHECK (length(period) <= 100),
        published_on   date NOT NULL,
        date_precision text NOT NULL DEFAULT 'day' CHECK (date_precision IN ('day', 'month', 'year')),
        definition     text CHECK (length(definition) <= 2000),
        url            text CHECK (is_valid_url(url)),
        created_at     timestamptz NOT NULL DEFAULT now(),
        UNIQUE (figure, source, period, published_on)
      )`);

    await q.query(`
      CREATE TABLE citations (
        id          text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{24}$'),
        figure      text NOT NULL,
        query       jsonb NOT NULL,
        result      jsonb NOT NULL,
        definition  jsonb NOT NULL,
        revision    bigint NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE TRIGGER citations_append_only BEFORE UPDATE OR DELETE ON citations FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
    );
    // Figures over a past date read the history by scheme, case and dates.
    await q.query(
      `CREATE INDEX status_entries_scheme_idx ON status_entries (scheme, case_id, effective_date, recorded_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX status_entries_scheme_idx`);
    await q.query(`DROP TABLE citations`);
    await q.query(`DROP TABLE published_figures`);
    for (const table of [...DATA_TABLES].reverse())
      await q.query(`DROP TRIGGER ${table}_advance_revision ON ${table}`);
    await q.query(`DROP FUNCTION advance_dataset_revision()`);
    await q.query(`DROP TABLE dataset_revision`);
  }
}
