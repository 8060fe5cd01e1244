import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contributors propose translations of an incident's description through the review queue: a
 * proposal of kind `translation`. Its evidence is the original description, so evidence links
 * are optional for it (still at most 20); every other kind keeps needing at least one.
 */
export class TranslationProposals1764230000000 implements MigrationInterface {
  name = 'TranslationProposals1764230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE proposals
        DROP CONSTRAINT proposals_kind_check,
        ADD CONSTRAINT proposals_kind_check CHECK (kind IN ('new_incident', 'new_case', 'status_entry', 'proceeding', 'correction', 'retraction', 'translation')),
        DROP CONSTRAINT proposals_evidence_links_check,
        ADD CONSTRAINT proposals_evidence_links_check CHECK (
          cardinality(evidence_links) <= 20 AND (cardinality(evidence_links) >= 1 OR kind = 'translation'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Translation proposals cannot be kept under the old rules; the translations they added stay.
    await q.query(`DELETE FROM proposals WHERE kind = 'translation'`);
    await q.query(`
      ALTER TABLE proposals
        DROP CONSTRAINT proposals_evidence_links_check,
        ADD CONSTRAINT proposals_evidence_links_check CHECK (cardinality(evidence_links) BETWEEN 1 AND 20),
        DROP CONSTRAINT proposals_kind_check,
        ADD CONSTRAINT proposals_kind_check CHECK (kind IN ('new_incident', 'new_case', 'status_entry', 'proceeding', 'correction', 'retraction'))`);
  }
}
