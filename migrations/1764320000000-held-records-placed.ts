import { MigrationInterface, QueryRunner } from 'typeorm';
import { candidatesOf } from '../src/imports/held-record.mapper.js';
import type { CaseRecord } from '../src/imports/import-record.js';

/**
 * Stores the candidate countries of held records that were held without them, as the importer
 * works them out from the label and the date.
 */
export async function storeHeldCandidates(q: Pick<QueryRunner, 'query'>): Promise<void> {
  const held: { source: string; source_key: string; country_label: string; raw: CaseRecord }[] =
    await q.query(`
        SELECT source, source_key, country_label, raw FROM import_sources
         WHERE case_id IS NULL AND review_state = 'needs_review' AND country_label IS NOT NULL
           AND raw IS NOT NULL AND NOT raw ? 'candidates'`);
  for (const row of held) {
    const candidates = candidatesOf(row.country_label, row.raw);
    if (!candidates.length) continue;
    await q.query(
      `UPDATE import_sources SET raw = jsonb_set(raw, '{candidates}', $3::jsonb)
          WHERE source = $1 AND source_key = $2`,
      [row.source, row.source_key, JSON.stringify(candidates)],
    );
  }
}

/**
 * Held records count in figures (as "held"), so:
 *
 * - Holding, settling or changing one advances the dataset revision like any other write to the
 *   data, or figures cached at the current revision would go on stating the held records of
 *   before (an import that only held records changed no other table). Writes that leave a
 *   record's case, review state and content as they were (a re-import) do not.
 * - Records held before the importer kept their candidate countries with them get those
 *   candidates stored, as the importer works them out from the label and the date: a figure
 *   filtered by country counts a held record only where one of its candidates falls, and one
 *   without candidates anywhere.
 *
 * down() removes the triggers and leaves the stored candidates: the code before this migration
 * reads a record's stored candidates first and worked out the same ones on read.
 */
export class HeldRecordsPlaced1764320000000 implements MigrationInterface {
  name = 'HeldRecordsPlaced1764320000000';

  async up(q: QueryRunner): Promise<void> {
    const once = `coalesce(current_setting('tracker.revision_queued', true), '') <> 'yes' AND note_dataset_revision_queued()`;
    await q.query(`
      CREATE CONSTRAINT TRIGGER import_sources_advance_revision AFTER INSERT OR DELETE ON import_sources
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
        WHEN (${once})
        EXECUTE FUNCTION advance_dataset_revision()`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER import_sources_changed_advance_revision AFTER UPDATE ON import_sources
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
        WHEN ((OLD.case_id IS DISTINCT FROM NEW.case_id OR OLD.review_state IS DISTINCT FROM NEW.review_state
               OR OLD.raw IS DISTINCT FROM NEW.raw) AND ${once})
        EXECUTE FUNCTION advance_dataset_revision()`);

    await storeHeldCandidates(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER import_sources_changed_advance_revision ON import_sources`);
    await q.query(`DROP TRIGGER import_sources_advance_revision ON import_sources`);
  }
}
