import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People, incidents, cases (one person in one incident) and what each monitor says about a case,
 * plus the append-only audit log that makes retractions and corrections visible.
 */
export class CaseRegistry1763880000000 implements MigrationInterface {
  name = 'CaseRegistry1763880000000';

  async up(q: QueryRunner): Promise<void> {
    // unaccent() is only STABLE; an IMMUTABLE wrapper with a fixed dictionary lets indexes and
    // generated columns use it.
    await q.query(`
      CREATE FUNCTION f_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`);
    // array_to_string is STABLE only because of other element types; on text[] it is immutable.
    await q.query(`
      CREATE FUNCTION f_join(text[]) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT array_to_string($1, ' ') $$`);
    await q.query(`
      CREATE FUNCTION is_valid_url(text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT $1 ~ '^https?://[^\\s/$.?#][^\\s]*$' AND length($1) <= 2000 $$`);

    await q.query(`
      CREATE TABLE people (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        full_name           text NOT NULL CHECK (length(btrim(full_name)) BETWEEN 1 AND 300),
        transliterated_name text CHECK (length(transliterated_name) BETWEEN 1 AND 300),
        gender              text NOT NULL DEFAULT 'unknown' CHECK (gender IN ('female', 'male', 'other', 'unknown')),
        nationalities       char(2)[] NOT NULL DEFAULT '{}' CHECK (cardinality(nationalities) <= 10),
        role                text NOT NULL DEFAULT 'journalist' CHECK (role IN ('journalist', 'media_worker', 'social_media_producer')),
        employment          text NOT NULL DEFAULT 'unknown' CHECK (employment IN ('staff', 'freelance', 'unknown')),
        media_types         text[] NOT NULL DEFAULT '{}' CHECK (media_types <@ ARRAY['print', 'radio', 'television', 'online', 'other']),
        outlets             text[] NOT NULL DEFAULT '{}' CHECK (cardinality(outlets) <= 50),
        beats               text[] NOT NULL DEFAULT '{}' CHECK (cardinality(beats) <= 50),
        version             int NOT NULL DEFAULT 1,
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        search_text         text GENERATED ALWAYS AS (
          f_unaccent(lower(full_name || ' ' || coalesce(transliterated_name, '') || ' ' || f_join(outlets)))
        ) STORED
      )`);
    await q.query(`CREATE INDEX people_gender_idx ON people (gender)`);
    await q.query(`CREATE INDEX people_role_idx ON people (role)`);
    await q.query(`CREATE INDEX people_employment_idx ON people (employment)`);
    await q.query(`CREATE INDEX people_media_types_idx ON people USING gin (media_types)`);
    await q.query(
      `CREATE INDEX people_search_trgm_idx ON people USING gin (search_text gin_trgm_ops)`,
    );
    await q.query(
      `CREATE INDEX people_search_fts_idx ON people USING gin (to_tsvector('simple', search_text))`,
    );

    await q.query(`
      CREATE TABLE incidents (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        date_start     date,
        date_end       date,
        date_precision text NOT NULL CHECK (date_precision IN ('day', 'month', 'year', 'unknown')),
        country_code   char(2) NOT NULL REFERENCES countries (code),
        place          text CHECK (length(place) <= 300),
        context        text CHECK (context IN ('conflict', 'non_conflict')),
        description    text CHECK (length(description) <= 20000),
        source_links   text[] NOT NULL DEFAULT '{}' CHECK (cardinality(source_links) <= 50),
        version        int NOT NULL DEFAULT 1,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        -- Unknown dates sort after every known one, so keyset pagination needs no NULL handling.
        sort_date      date GENERATED ALWAYS AS (coalesce(date_start, 'infinity'::date)) STORED,
        search_text    text GENERATED ALWAYS AS (f_unaccent(lower(coalesce(place, '') || ' ' || coalesce(description, '')))) STORED,
        CHECK ((date_precision = 'unknown') = (date_start IS NULL)),
        CHECK (date_precision <> 'month' OR extract(day FROM date_start) = 1),
        CHECK (date_precision <> 'year' OR (extract(day FROM date_start) = 1 AND extract(month FROM date_start) = 1)),
        CHECK (date_end IS NULL OR (date_start IS NOT NULL AND date_end >= date_start))
      )`);
    await q.query(`CREATE INDEX incidents_country_date_idx ON incidents (country_code, sort_date)`);
    await q.query(`CREATE INDEX incidents_sort_idx ON incidents (sort_date, id)`);
    await q.query(`CREATE INDEX incidents_context_idx ON incidents (context)`);
    await q.query(
      `CREATE INDEX incidents_search_trgm_idx ON incidents USING gin (search_text gin_trgm_ops)`,
    );
    await q.query(
      `CREATE INDEX incidents_search_fts_idx ON incidents USING gin (to_tsvector('simple', search_text))`,
    );

    await q.query(`
      CREATE TABLE incident_attack_types (
        incident_id      uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        attack_type_code text NOT NULL REFERENCES attack_types (code),
        PRIMARY KEY (incident_id, attack_type_code)
      )`);
    await q.query(
      `CREATE INDEX incident_attack_types_code_idx ON incident_attack_types (attack_type_code, incident_id)`,
    );
    await q.query(`
      CREATE TABLE incident_perpetrator_types (
        incident_id           uuid NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
        perpetrator_type_code text NOT NULL REFERENCES perpetrator_types (code),
        PRIMARY KEY (incident_id, perpetrator_type_code)
      )`);
    await q.query(
      `CREATE INDEX incident_perpetrator_types_code_idx ON incident_perpetrator_types (perpetrator_type_code, incident_id)`,
    );

    await q.query(`
      CREATE TABLE cases (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id       uuid NOT NULL REFERENCES incidents (id),
        person_id         uuid NOT NULL REFERENCES people (id),
        outcome           text NOT NULL CHECK (outcome IN ('killed', 'injured', 'detained', 'missing', 'threatened', 'other')),
        local_foreign     text NOT NULL DEFAULT 'unknown' CHECK (local_foreign IN ('local', 'foreign', 'unknown')),
        date_of_death     date,
        retracted_at      timestamptz,
        retraction_reason text CHECK (length(retraction_reason) BETWEEN 1 AND 2000),
        version           int NOT NULL DEFAULT 1,
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        UNIQUE (incident_id, person_id),
        CHECK ((retracted_at IS NULL) = (retraction_reason IS NULL)),
        CHECK (date_of_death IS NULL OR outcome = 'killed')
      )`);
    await q.query(`CREATE INDEX cases_person_idx ON cases (person_id)`);
    await q.query(`CREATE INDEX cases_outcome_idx ON cases (outcome)`);
    await q.query(`CREATE INDEX cases_local_foreign_idx ON cases (local_foreign)`);

    await q.query(`
      CREATE TABLE monitor_classifications (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id       uuid NOT NULL REFERENCES cases (id),
        monitor       text NOT NULL CHECK (monitor IN ('unesco', 'cpj', 'rsf', 'coe', 'mfrr', 'ifj', 'other')),
        external_id   text CHECK (length(external_id) BETWEEN 1 AND 200),
        url           text CHECK (is_valid_url(url)),
        included      boolean NOT NULL DEFAULT true,
        motive        text CHECK (motive IN ('confirmed', 'unconfirmed')),
        type_of_death text CHECK (length(type_of_death) <= 100),
        condemnation  text CHECK (condemnation IN ('condemned', 'deplored')),
        recorded_date date,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (case_id, monitor)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX monitor_classifications_external_idx ON monitor_classifications (monitor, external_id) WHERE external_id IS NOT NULL`,
    );

    // Append-only: every change to cases, people, incidents (and later statuses and responses).
    await q.query(`
      CREATE TABLE audit_log (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor       text NOT NULL,
        request_id  text,
        entity_type text NOT NULL,
        entity_id   uuid NOT NULL,
        action      text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'retract')),
        before      jsonb,
        after       jsonb,
        note        text
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id)`);
    await q.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(
      `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION refuse_change()`);
    await q.query(`DROP TABLE monitor_classifications`);
    await q.query(`DROP TABLE cases`);
    await q.query(`DROP TABLE incident_perpetrator_types`);
    await q.query(`DROP TABLE incident_attack_types`);
    await q.query(`DROP TABLE incidents`);
    await q.query(`DROP TABLE people`);
    await q.query(`DROP FUNCTION is_valid_url(text)`);
    await q.query(`DROP FUNCTION f_join(text[])`);
    await q.query(`DROP FUNCTION f_unaccent(text)`);
  }
}
