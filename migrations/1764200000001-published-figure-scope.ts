import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A published figure records its scope — the country or region it covers, the years of its
 * period and the status scheme it counts by — so that it is shown beside a live figure of the
 * same scope only (UNESCO's global ratio not beside one country's). UNESCO's seeded unresolved
 * ratios are global, UNESCO scheme, 2006 to the year before their report.
 */
export class PublishedFigureScope1764200000001 implements MigrationInterface {
  name = 'PublishedFigureScope1764200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE published_figures
        ADD COLUMN country_code char(2) REFERENCES countries (code),
        ADD COLUMN region text CHECK (region ~ '^[a-z0-9_]{1,60}$'),
        ADD COLUMN year_from int CHECK (year_from BETWEEN 1900 AND 2100),
        ADD COLUMN year_to int CHECK (year_to BETWEEN 1900 AND 2100),
        ADD COLUMN scheme text CHECK (scheme IN ('unesco', 'cpj')),
        ADD CONSTRAINT published_figures_one_place CHECK (country_code IS NULL OR region IS NULL),
        ADD CONSTRAINT published_figures_period_order CHECK (year_from IS NULL OR year_to IS NULL OR year_from <= year_to)`);
    await q.query(`
      UPDATE published_figures SET scheme = 'unesco', year_from = 2006, year_to = extract(year FROM published_on)::int - 1
       WHERE figure = 'unresolved_ratio' AND source LIKE 'UNESCO%' AND period LIKE 'killings 2006–%'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE published_figures
        DROP CONSTRAINT published_figures_period_order, DROP CONSTRAINT published_figures_one_place,
        DROP COLUMN scheme, DROP COLUMN year_to, DROP COLUMN year_from, DROP COLUMN region, DROP COLUMN country_code`);
  }
}
