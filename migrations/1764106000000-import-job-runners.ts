import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which process runs an import job and when it last said it was alive, so that a job left
 * `running` by a process that died is found and marked failed instead of staying so for ever.
 */
export class ImportJobRunners1764106000000 implements MigrationInterface {
  name = 'ImportJobRunners1764106000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE import_jobs ADD COLUMN runner text, ADD COLUMN heartbeat_at timestamptz`,
    );
    await q.query(
      `CREATE INDEX import_jobs_unfinished_idx ON import_jobs (created_at) WHERE state IN ('queued', 'running')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX import_jobs_unfinished_idx`);
    await q.query(`ALTER TABLE import_jobs DROP COLUMN runner, DROP COLUMN heartbeat_at`);
  }
}
