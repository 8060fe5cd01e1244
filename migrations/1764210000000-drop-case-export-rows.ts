import { MigrationInterface, QueryRunner } from 'typeorm';
import { CaseExportRows1764010000000 } from './1764010000000-case-export-rows.js';

/**
 * Exports read every case from its tables: the stored export rows (`case_export_rows`), the
 * triggers that removed them on every write to the case tables, and their function go. Reverting
 * puts them back empty, as that migration created them; the code of that time stores the rows again
 * on demand.
 */
export class DropCaseExportRows1764210000000 implements MigrationInterface {
  name = 'DropCaseExportRows1764210000000';

  async up(q: QueryRunner): Promise<void> {
    await new CaseExportRows1764010000000().down(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await new CaseExportRows1764010000000().up(q);
  }
}
