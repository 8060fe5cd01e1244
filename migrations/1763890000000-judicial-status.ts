import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Judicial status over time: an append-only history per case and scheme, a derived current-status
 * table kept equal to the history by trigger, and proceedings (judicial steps per defendant).
 */
export class JudicialStatus1763890000000 implements MigrationInterface {
  name = 'JudicialStatus1763890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE status_entries (
        id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        case_id           uuid NOT NULL REFERENCES cases (id),
        scheme            text NOT NULL CHECK (scheme IN ('unesco', 'cpj')),
        status            text NOT NULL,
        resolution_reason text CHECK (resolution_reason IN ('perpetrators_convicted', 'perpetrator_deceased', 'other')),
        effective_date    date NOT NULL,
        recorded_at       timestamptz NOT NULL DEFAULT now(),
        reported_by       text NOT NULL CHECK (reported_by IN ('state', 'organisation', 'monitor', 'staff')),
        source            text CHECK (length(source) BETWEEN 1 AND 2000),
        note              text CHECK (length(note) <= 5000),
        supersedes_id     bigint,
        created_by        text NOT NULL,
        UNIQUE (id, case_id, scheme),
        -- A correction supersedes an entry of the same case and scheme.
        FOREIGN KEY (supersedes_id, case_id, scheme) REFERENCES status_entries (id, case_id, scheme),
        CHECK ((scheme = 'unesco' AND status IN ('no_information', 'ongoing', 'resolved'))
            OR (scheme = 'cpj' AND status IN ('complete_impunity', 'partial_justice', 'full_justice'))),
        CHECK (resolution_reason IS NULL OR status = 'resolved')
      )`);
    await q.query(
      `CREATE INDEX status_entries_case_idx ON status_entries (case_id, scheme, effective_date DESC, recorded_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE UNIQUE INDEX status_entries_supersedes_idx ON status_entries (supersedes_id) WHERE supersedes_id IS NOT NULL`,
    );
    await q.query(
      `CREATE TRIGGER status_entries_append_only BEFORE UPDATE OR DELETE ON status_entries FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER status_entries_no_truncate BEFORE TRUNCATE ON status_entries FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`,
    );

    /*
     * The status of a case on date D as known at instant K: among entries recorded by K and not
     * superseded by a correction recorded by K, the one with the latest effective date <= D (ties:
     * the later recorded, then the later id). Every status query in the system goes through this.
     */
    await q.query(`
      CREATE FUNCTION status_entry_at(p_case uuid, p_scheme text, p_as_of date, p_known timestamptz)
        RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT se.id FROM status_entries se
         WHERE se.case_id = p_case AND se.scheme = p_scheme
           AND se.effective_date <= p_as_of AND se.recorded_at <= p_known
           AND NOT EXISTS (SELECT 1 FROM status_entries c WHERE c.supersedes_id = se.id AND c.recorded_at <= p_known)
         ORDER BY se.effective_date DESC, se.recorded_at DESC, se.id DESC
         LIMIT 1
      $$`);

    // Current status (as of today, as known now), for fast filters; always rebuilt from the history.
    await q.query(`
      CREATE TABLE case_current_status (
        case_id  uuid NOT NULL REFERENCES cases (id),
        scheme   text NOT NULL,
        entry_id bigint NOT NULL REFERENCES status_entries (id),
        status   text NOT NULL,
        PRIMARY KEY (case_id, scheme)
      )`);
    await q.query(
      `CREATE INDEX case_current_status_idx ON case_current_status (scheme, status, case_id)`,
    );
    await q.query(`
      CREATE FUNCTION refresh_current_status() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_entry bigint;
      BEGIN
        -- Serialise writers of one case, then read with a fresh snapshot that sees the other's commit.
        PERFORM 1 FROM cases WHERE id = NEW.case_id FOR UPDATE;
        v_entry := status_entry_at(NEW.case_id, NEW.scheme, 'infinity'::date, 'infinity'::timestamptz);
        INSERT INTO case_current_status (case_id, scheme, entry_id, status)
          SELECT NEW.case_id, NEW.scheme, v_entry, status FROM status_entries WHERE id = v_entry
        ON CONFLICT (case_id, scheme) DO UPDATE SET entry_id = EXCLUDED.entry_id, status = EXCLUDED.status;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER status_entries_current AFTER INSERT ON status_entries FOR EACH ROW EXECUTE FUNCTION refresh_current_status()`,
    );

    await q.query(`
      CREATE TABLE proceedings (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id        uuid NOT NULL REFERENCES cases (id),
        defendant_name text CHECK (length(defendant_name) BETWEEN 1 AND 300),
        defendant_role text NOT NULL CHECK (defendant_role IN ('perpetrator', 'mastermind', 'accomplice')),
        step           text NOT NULL CHECK (step IN ('investigation_opened', 'suspect_identified', 'arrest', 'charged', 'trial',
                                                     'convicted', 'acquitted', 'appeal', 'case_closed', 'perpetrator_deceased')),
        step_date      date NOT NULL,
        court          text CHECK (length(court) <= 300),
        source         text CHECK (length(source) <= 2000),
        note           text CHECK (length(note) <= 5000),
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        created_by     text NOT NULL
      )`);
    await q.query(
      `CREATE INDEX proceedings_case_idx ON proceedings (case_id, step_date, recorded_at)`,
    );

    /*
     * The CPJ class a case's proceedings support on a date: a defendant counts as convicted when
     * the last verdict about them (convicted or acquitted, by date) is a conviction; full justice
     * needs a convicted perpetrator and a convicted mastermind, partial justice any conviction.
     */
    await q.query(`
      CREATE FUNCTION cpj_class_from_proceedings(p_case uuid, p_as_of date)
        RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
        WITH verdicts AS (
          SELECT DISTINCT ON (coalesce(defendant_name, id::text), defendant_role) defendant_role, step
            FROM proceedings
           WHERE case_id = p_case AND step IN ('convicted', 'acquitted') AND step_date <= p_as_of
           ORDER BY coalesce(defendant_name, id::text), defendant_role, step_date DESC, recorded_at DESC
        )
        SELECT CASE
          WHEN bool_or(defendant_role = 'perpetrator' AND step = 'convicted') AND bool_or(defendant_role = 'mastermind' AND step = 'convicted') THEN 'full_justice'
          WHEN bool_or(step = 'convicted') THEN 'partial_justice'
          ELSE 'complete_impunity'
        END FROM verdicts
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION cpj_class_from_proceedings(uuid, date)`);
    await q.query(`DROP TABLE proceedings`);
    await q.query(`DROP TABLE case_current_status`);
    // The table goes before the functions its triggers call.
    await q.query(`DROP TABLE status_entries`);
    await q.query(`DROP FUNCTION refresh_current_status()`);
    await q.query(`DROP FUNCTION status_entry_at(uuid, text, date, timestamptz)`);
  }
}
