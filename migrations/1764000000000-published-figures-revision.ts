import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published reference figures are served inside live figures (beside the value they compare
 * with), so recording one must advance the dataset revision like any other write: otherwise
 * figures cached at the current revision would go on listing the published figures without it.
 * The same once-per-transaction trigger as the data tables (migration 1763980000000).
 */
export class PublishedFiguresRevision1764000000000 implements MigrationInterface {
  name = 'PublishedFiguresRevision1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE CONSTRAINT TRIGGER published_figures_advance_revision AFTER INSERT OR UPDATE OR DELETE ON published_figures
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
        WHEN (coalesce(current_setting('tracker.revision_queued', true), '') <> 'yes' AND note_dataset_revision_queued())
        EXECUTE FUNCTION advance_dataset_revision()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER published_figures_advance_revision ON published_figures`);
  }
}
