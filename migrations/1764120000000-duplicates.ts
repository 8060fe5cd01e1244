import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Likely duplicates: pairs of cases that may be one killing recorded twice (similar names across
 * scripts, overlapping dates, the same country), with their score and reasons, and what a
 * reviewer decided. A pair marked "not the same" keeps that status, so it is never proposed again.
 */
export class Duplicates1764120000000 implements MigrationInterface {
  name = 'Duplicates1764120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE duplicate_candidates (
        case_a      uuid NOT NULL REFERENCES cases (id),
        case_b      uuid NOT NULL REFERENCES cases (id),
        score       numeric(4, 3) NOT NULL CHECK (score BETWEEN 0 AND 1),
        reasons     text[] NOT NULL,
        status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'not_same')),
        found_at    timestamptz NOT NULL DEFAULT now(),
        decided_by  text,
        decided_at  timestamptz,
        PRIMARY KEY (case_a, case_b),
        -- One row per pair, whichever case was created first.
        CHECK (case_a < case_b),
        CHECK ((status = 'open') = (decided_at IS NULL))
      )`);
    await q.query(`CREATE INDEX duplicate_candidates_b_idx ON duplicate_candidates (case_b)`);
    await q.query(
      `CREATE INDEX duplicate_candidates_review_idx ON duplicate_candidates (status, score DESC, case_a, case_b)`,
    );
    // Names compared without accents or case (the people table has no such column of its own).
    await q.query(
      `CREATE INDEX people_full_name_trgm_idx ON people USING gin (f_unaccent(lower(full_name)) gin_trgm_ops)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX people_full_name_trgm_idx`);
    await q.query(`DROP TABLE duplicate_candidates`);
  }
}
