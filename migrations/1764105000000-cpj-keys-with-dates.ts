import { MigrationInterface, QueryRunner } from 'typeorm';

/** The date at the end of a key, as ImportsRepository strips it (the same text, for the index). */
const DATED_KEY = String.raw`\|\d{4}-\d{2}-\d{2}(?:\/\d{4}-\d{2}-\d{2})?$`;

/**
 * A CPJ record without a profile URL is identified by name, year, country and status, and now
 * also by its date when the file gives one to the day or month (two people of one name killed in
 * one country and year on different days were one identity). Records imported before get the
 * date their stored record has, so that importing the same file again still changes nothing. A
 * record with a date and one without are still found to be one (a data API file gives only the
 * year): the index finds keys by what is left without the date.
 */
export class CpjKeysWithDates1764105000000 implements MigrationInterface {
  name = 'CpjKeysWithDates1764105000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE import_sources
         SET source_key = source_key || '|' || (raw->'incident'->>'dateStart')
                          || coalesce('/' || (raw->'incident'->>'dateEnd'), '')
       WHERE source = 'cpj' AND source_key !~ '^https?://'
         AND raw->'case'->>'outcome' = 'killed'
         AND raw->'incident'->>'datePrecision' IN ('day', 'month')
         AND raw->'incident'->>'dateStart' IS NOT NULL`);
    await q.query(
      `CREATE INDEX import_sources_undated_key_idx ON import_sources ((regexp_replace(source_key, '${DATED_KEY}', ''))) WHERE source = 'cpj'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX import_sources_undated_key_idx`);
    await q.query(`
      UPDATE import_sources
         SET source_key = regexp_replace(source_key, '${DATED_KEY}', '')
       WHERE source = 'cpj' AND source_key !~ '^https?://'`);
  }
}
