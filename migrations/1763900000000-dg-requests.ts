import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * UNESCO Director-General's yearly requests to states, their answers, and what they mean for each
 * case. Status entries gain a confidentiality flag (answers the state did not ask to publish), and
 * the UNESCO status becomes no_information until the state has reported.
 */
export class DgRequests1763900000000 implements MigrationInterface {
  name = 'DgRequests1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE dg_cycles (
        year           int PRIMARY KEY CHECK (year BETWEEN 2006 AND 2100),
        report_edition int NOT NULL REFERENCES dg_report_editions (edition),
        sent_on        date,
        deadline       date,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CHECK (report_edition >= year),
        CHECK (deadline IS NULL OR sent_on IS NULL OR deadline >= sent_on)
      )`);
    await q.query(`
      CREATE TABLE dg_requests (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cycle_year   int NOT NULL REFERENCES dg_cycles (year),
        country_code char(2) NOT NULL REFERENCES countries (code),
        status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'sent')),
        sent_on      date,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        UNIQUE (cycle_year, country_code),
        CHECK ((status = 'sent') = (sent_on IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX dg_requests_country_idx ON dg_requests (country_code, cycle_year)`);
    await q.query(`
      CREATE TABLE dg_request_cases (
        request_id uuid NOT NULL REFERENCES dg_requests (id) ON DELETE CASCADE,
        case_id    uuid NOT NULL REFERENCES cases (id),
        PRIMARY KEY (request_id, case_id)
      )`);
    await q.query(`CREATE INDEX dg_request_cases_case_idx ON dg_request_cases (case_id)`);
    await q.query(`
      CREATE TABLE dg_responses (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id            uuid NOT NULL UNIQUE REFERENCES dg_requests (id),
        received_on           date NOT NULL,
        publication_requested boolean NOT NULL,
        remarks               text CHECK (length(remarks) <= 20000),
        documents             text[] NOT NULL DEFAULT '{}' CHECK (cardinality(documents) <= 50),
        created_by            text NOT NULL,
        created_at            timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE dg_response_cases (
        response_id     uuid NOT NULL REFERENCES dg_responses (id),
        case_id         uuid NOT NULL REFERENCES cases (id),
        status          text NOT NULL CHECK (status IN ('ongoing', 'resolved')),
        status_entry_id bigint NOT NULL REFERENCES status_entries (id),
        note            text CHECK (length(note) <= 5000),
        PRIMARY KEY (response_id, case_id)
      )`);
    await q.query(`CREATE INDEX dg_response_cases_case_idx ON dg_response_cases (case_id)`);

    // Adding columns fires no row trigger, so the append-only rule on status_entries holds.
    await q.query(
      `ALTER TABLE status_entries ADD COLUMN confidential boolean NOT NULL DEFAULT false`,
    );
    await q.query(
      `ALTER TABLE status_entries ADD COLUMN dg_response_id uuid REFERENCES dg_responses (id)`,
    );

    await q.query(`DROP FUNCTION status_entry_at(uuid, text, date, timestamptz)`);
    await q.query(`
      CREATE FUNCTION status_entry_at(p_case uuid, p_scheme text, p_as_of date, p_known timestamptz, p_confidential boolean DEFAULT false)
        RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT se.id FROM status_entries se
         WHERE se.case_id = p_case AND se.scheme = p_scheme
           AND se.effective_date <= p_as_of AND se.recorded_at <= p_known
           AND (p_confidential OR NOT se.confidential)
           AND NOT EXISTS (SELECT 1 FROM status_entries c WHERE c.supersedes_id = se.id AND c.recorded_at <= p_known
                                                            AND (p_confidential OR NOT c.confidential))
         ORDER BY se.effective_date DESC, se.recorded_at DESC, se.id DESC
         LIMIT 1
      $$`);
    /*
     * The status a case counts as. UNESCO: no_information until its state has reported on it (an
     * entry reported by the state, effective and recorded by then); then the latest entry. CPJ:
     * the latest entry, or NULL. Confidential entries count only for callers allowed to see them.
     */
    await q.query(`
      CREATE FUNCTION case_status_at(p_case uuid, p_scheme text, p_as_of date, p_known timestamptz, p_confidential boolean DEFAULT false)
        RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN p_scheme = 'unesco' AND NOT EXISTS (
            SELECT 1 FROM status_entries s WHERE s.case_id = p_case AND s.scheme = 'unesco' AND s.reported_by = 'state'
               AND s.effective_date <= p_as_of AND s.recorded_at <= p_known AND (p_confidential OR NOT s.confidential))
          THEN 'no_information'
          ELSE (SELECT status FROM status_entries WHERE id = status_entry_at(p_case, p_scheme, p_as_of, p_known, p_confidential))
        END
      $$`);
    // The current-status table holds what the public sees.
    await q.query(`ALTER TABLE case_current_status ALTER COLUMN entry_id DROP NOT NULL`);
    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_current_status() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`ALTER TABLE case_current_status ALTER COLUMN status DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM case_current_status WHERE entry_id IS NULL`);
    await q.query(`ALTER TABLE case_current_status ALTER COLUMN status SET NOT NULL`);
    await q.query(`ALTER TABLE case_current_status ALTER COLUMN entry_id SET NOT NULL`);
    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_current_status() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_entry bigint;
      BEGIN
        PERFORM 1 FROM cases WHERE id = NEW.case_id FOR UPDATE;
        v_entry := status_entry_at(NEW.case_id, NEW.scheme, 'infinity'::date, 'infinity'::timestamptz);
        INSERT INTO case_current_status (case_id, scheme, entry_id, status)
          SELECT NEW.case_id, NEW.scheme, v_entry, status FROM status_entries WHERE id = v_entry
        ON CONFLICT (case_id, scheme) DO UPDATE SET entry_id = EXCLUDED.entry_id, status = EXCLUDED.status;
        RETURN NULL;
      END $$`);
    await q.query(`DROP FUNCTION case_status_at(uuid, text, date, timestamptz, boolean)`);
    await q.query(`DROP FUNCTION status_entry_at(uuid, text, date, timestamptz, boolean)`);
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
    await q.query(`ALTER TABLE status_entries DROP COLUMN dg_response_id`);
    await q.query(`ALTER TABLE status_entries DROP COLUMN confidential`);
    await q.query(`DROP TABLE dg_response_cases`);
    await q.query(`DROP TABLE dg_responses`);
    await q.query(`DROP TABLE dg_request_cases`);
    await q.query(`DROP TABLE dg_requests`);
    await q.query(`DROP TABLE dg_cycles`);
  }
}
