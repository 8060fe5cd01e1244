import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Imports: jobs with their progress and rejects, the source identity of every imported record (so a
 * re-import changes nothing and a newer file updates), rows held for review, and the yearly census
 * observations of a case (CPJ lists imprisoned and missing people once a year).
 */
export class Imports1763960000000 implements MigrationInterface {
  name = 'Imports1763960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_jobs (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        format      text NOT NULL CHECK (format IN ('cpj-api', 'cpj-legacy', 'canonical-csv', 'canonical-json', 'population')),
        file_name   text CHECK (length(file_name) <= 500),
        dry_run     boolean NOT NULL,
        mode        text NOT NULL CHECK (mode IN ('all_or_nothing', 'commit_valid')),
        options     jsonb NOT NULL DEFAULT '{}',
        state       text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
        phase       text,
        rows_read   int NOT NULL DEFAULT 0,
        records_total int,
        records_done  int NOT NULL DEFAULT 0,
        summary     jsonb,
        error       text,
        created_by  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        started_at  timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX import_jobs_created_idx ON import_jobs (created_at DESC)`);
    await q.query(`
      CREATE TABLE import_rejects (
        id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        job_id     uuid NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
        row_number int NOT NULL,
        field      text NOT NULL,
        reason     text NOT NULL,
        raw        jsonb
      )`);
    await q.query(`CREATE INDEX import_rejects_job_idx ON import_rejects (job_id, row_number, id)`);

    // One row per source record. case_id is NULL while the record is held for review (e.g. a
    // country label that covers two countries); the case is created when a reviewer decides.
    await q.query(`
      CREATE TABLE import_sources (
        source        text NOT NULL CHECK (source IN ('cpj', 'tracker')),
        source_key    text NOT NULL CHECK (length(source_key) BETWEEN 1 AND 1000),
        case_id       uuid REFERENCES cases (id),
        content_hash  text NOT NULL,
        country_label text,
        flags         text[] NOT NULL DEFAULT '{}',
        review_state  text CHECK (review_state IN ('needs_review', 'resolved')),
        raw           jsonb,
        first_job_id  uuid REFERENCES import_jobs (id),
        last_job_id   uuid REFERENCES import_jobs (id),
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source, source_key),
        CHECK (case_id IS NOT NULL OR review_state = 'needs_review')
      )`);
    await q.query(
      `CREATE UNIQUE INDEX import_sources_case_idx ON import_sources (case_id, source) WHERE case_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX import_sources_review_idx ON import_sources (review_state) WHERE review_state = 'needs_review'`,
    );

    await q.query(`
      CREATE TABLE case_observations (
        case_id  uuid NOT NULL REFERENCES cases (id),
        source   text NOT NULL CHECK (source IN ('cpj', 'tracker')),
        year     int NOT NULL CHECK (year BETWEEN 1900 AND 2200),
        status   text NOT NULL CHECK (status IN ('killed', 'imprisoned', 'missing')),
        details  jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (case_id, source, year)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_observations`);
    await q.query(`DROP TABLE import_sources`);
    await q.query(`DROP TABLE import_rejects`);
    await q.query(`DROP TABLE import_jobs`);
  }
}
