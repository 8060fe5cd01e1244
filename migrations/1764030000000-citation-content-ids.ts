import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citation ids become the whole SHA-256 (64 hexadecimal digits) of the RFC 8785 canonical JSON of
 * the frozen content, which any JCS implementation can recompute; the 24-digit ids issued before
 * stay valid and keep resolving.
 */
export class CitationContentIds1764030000000 implements MigrationInterface {
  name = 'CitationContentIds1764030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE citations DROP CONSTRAINT citations_id_check`);
    await q.query(
      `ALTER TABLE citations ADD CONSTRAINT citations_id_check CHECK (id ~ '^([0-9a-f]{24}|[0-9a-f]{64})$')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Citations with 64-digit ids cannot be kept under the older rule, and citations are never
    // deleted: going back is refused while there are any.
    const [{ count }] = await q.query(
      `SELECT count(*)::int AS count FROM citations WHERE length(id) = 64`,
    );
    if (count > 0)
      throw new Error(
        `${count} citations have 64-digit ids; they cannot be kept under the older id rule`,
      );
    await q.query(`ALTER TABLE citations DROP CONSTRAINT citations_id_check`);
    await q.query(
      `ALTER TABLE citations ADD CONSTRAINT citations_id_check CHECK (id ~ '^[0-9a-f]{24}$')`,
    );
  }
}
