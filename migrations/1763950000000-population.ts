import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * World Bank total population (indicator SP.POP.TOTL) per economy and year, the denominator of the
 * CPJ impunity index. Keyed by the World Bank's own code (ISO alpha-3 for countries, XKX for
 * Kosovo, WLD, regional and income aggregates too); country_code links the rows that are countries.
 */
export class Population1763950000000 implements MigrationInterface {
  name = 'Population1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE population (
        world_bank_code char(3) NOT NULL CHECK (world_bank_code ~ '^[A-Z0-9]{3}$'),
        year            int NOT NULL CHECK (year BETWEEN 1900 AND 2200),
        value           bigint NOT NULL CHECK (value >= 0),
        -- NULL for aggregates (WLD, regions, income groups) and economies without an ISO code (CHI).
        country_code    char(2) REFERENCES countries (code),
        name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        source          text NOT NULL DEFAULT 'World Bank SP.POP.TOTL' CHECK (length(source) <= 300),
        imported_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (world_bank_code, year)
      )`);
    await q.query(
      `CREATE INDEX population_country_year_idx ON population (country_code, year) WHERE country_code IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE population`);
  }
}
