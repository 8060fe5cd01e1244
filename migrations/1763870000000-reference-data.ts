import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reference data: countries and their regions, the attack-type taxonomy, perpetrator types, DG report editions. */
export class ReferenceData1763870000000 implements MigrationInterface {
  name = 'ReferenceData1763870000000';

  async up(q: QueryRunner): Promise<void> {
    // Accent-insensitive and fuzzy text search; both are trusted extensions a database owner may create.
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE countries (
        code            char(2) PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
        alpha3          char(3) NOT NULL UNIQUE CHECK (alpha3 ~ '^[A-Z]{3}$'),
        numeric_code    char(3) CHECK (numeric_code ~ '^[0-9]{3}$'),
        name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        world_bank_code char(3) CHECK (world_bank_code ~ '^[A-Z0-9]{3}$'),
        status          text NOT NULL CHECK (status IN ('official', 'user_assigned', 'historical')),
        valid_from      date,
        valid_to        date,
        CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from)
      )`);
    await q.query(`CREATE INDEX countries_name_idx ON countries (lower(name))`);
    await q.query(`
      CREATE TABLE regions (
        scheme text NOT NULL CHECK (scheme ~ '^[a-z0-9_]{1,40}$'),
        code   text NOT NULL CHECK (code ~ '^[a-z0-9_]{1,60}$'),
        name   text NOT NULL,
        PRIMARY KEY (scheme, code)
      )`);
    await q.query(`
      CREATE TABLE country_regions (
        country_code char(2) NOT NULL REFERENCES countries (code) ON DELETE CASCADE,
        scheme       text NOT NULL,
        region_code  text NOT NULL,
        PRIMARY KEY (country_code, scheme),
        FOREIGN KEY (scheme, region_code) REFERENCES regions (scheme, code)
      )`);
    await q.query(
      `CREATE INDEX country_regions_region_idx ON country_regions (scheme, region_code)`,
    );
    await q.query(`
      CREATE TABLE attack_types (
        code          text PRIMARY KEY CHECK (code ~ '^[a-z_]{1,60}$'),
        parent_code   text REFERENCES attack_types (code),
        label         text NOT NULL,
        coe_category  text,
        mfrr_category text,
        sort_order    int NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE perpetrator_types (
        code       text PRIMARY KEY CHECK (code ~ '^[a-z_]{1,60}$'),
        label      text NOT NULL,
        sort_order int NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE dg_report_editions (
        edition      int PRIMARY KEY CHECK (edition BETWEEN 2008 AND 2100 AND edition % 2 = 0),
        covers_from  date NOT NULL,
        covers_to    date NOT NULL,
        title        text NOT NULL,
        CHECK (covers_to > covers_from)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dg_report_editions`);
    await q.query(`DROP TABLE perpetrator_types`);
    await q.query(`DROP TABLE attack_types`);
    await q.query(`DROP TABLE country_regions`);
    await q.query(`DROP TABLE regions`);
    await q.query(`DROP TABLE countries`);
    await q.query(`DROP EXTENSION IF EXISTS pg_trgm`);
    await q.query(`DROP EXTENSION IF EXISTS unaccent`);
  }
}
