import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case texts carry a language: the language an incident's description was written in, and
 * translations of it, one per language, shown to readers of that language beside the original.
 * A translation changes what the public site shows, so it advances the dataset revision.
 */
export class IncidentTranslations1764020000000 implements MigrationInterface {
  name = 'IncidentTranslations1764020000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE incidents ADD COLUMN description_language text
      CHECK (description_language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$')`);
    await q.query(`
      CREATE TABLE incident_translations (
        incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        language text NOT NULL CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
        description text NOT NULL CHECK (length(description) BETWEEN 1 AND 20000),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (incident_id, language)
      )`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER incident_translations_advance_revision AFTER INSERT OR UPDATE OR DELETE ON incident_translations
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
        WHEN (coalesce(current_setting('tracker.revision_queued', true), '') <> 'yes' AND note_dataset_revision_queued())
        EXECUTE FUNCTION advance_dataset_revision()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE incident_translations`);
    await q.query(`ALTER TABLE incidents DROP COLUMN description_language`);
  }
}
