import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Instants are now written to the millisecond (RFC 3339, UTC, `Z`) everywhere, exports included:
 * stored export rows written with microseconds are forgotten, to be stored again in the new form.
 */
export class ExportRowsInstants1764200000000 implements MigrationInterface {
  name = 'ExportRowsInstants1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // The table may be gone where exports no longer store rows.
    await q.query(`DO $$ BEGIN
      IF to_regclass('case_export_rows') IS NOT NULL THEN EXECUTE 'DELETE FROM case_export_rows'; END IF;
    END $$`);
  }

  async down(): Promise<void> {
    // Nothing to restore: the rows are stored again on demand, in whichever form the code writes.
  }
}
