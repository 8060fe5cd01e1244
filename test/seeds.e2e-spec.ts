import { DataSource } from 'typeorm';
import { AppConfig } from '../src/config/app-config.js';
import { runMigrations, withDataSource } from '../src/database/maintenance.js';
import { runReferenceSeeds } from '../seeds/index.js';
import { createTestDatabase, TestDatabase } from './test-database.js';

/** Every row of every table in the public schema, as JSON text in a stable order. */
async function dump(dataSource: DataSource): Promise<Record<string, string[]>> {
  const tables = (await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations'
      ORDER BY 1`,
  )) as { name: string }[];
  const rows: Record<string, string[]> = {};
  for (const { name } of tables) {
    const result = (await dataSource.query(
      `SELECT to_jsonb(t)::text AS row FROM "${name}" t ORDER BY 1`,
    )) as { row: string }[];
    rows[name] = result.map((r) => r.row);
  }
  return rows;
}

describe('reference seeds', () => {
  let db: TestDatabase;
  let config: AppConfig;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    config = AppConfig.fromEnv({ DATABASE_URL: db.url });
    await withDataSource(config, runMigrations);
  });
  afterAll(() => db.drop());

  it('leave every table exactly as it was when run a second time', () =>
    withDataSource(config, async (dataSource) => {
      const counts = await runReferenceSeeds(dataSource);
      const first = await dump(dataSource);
      expect(await runReferenceSeeds(dataSource)).toEqual(counts);
      const second = await dump(dataSource);
      for (const table of [
        'countries',
        'regions',
        'country_regions',
        'attack_types',
        'perpetrator_types',
        'dg_report_editions',
      ]) {
        expect(first[table]?.length).toBeGreaterThan(0);
      }
      expect(second).toEqual(first);
    }));

  describe('contents', () => {
    const count = (dataSource: DataSource, sql: string) =>
      dataSource.query(sql).then((rows: { n: number }[]) => rows[0].n);

    it('has the nine DG report editions, 2008 to 2024, each covering the two years before it', () =>
      withDataSource(config, async (dataSource) => {
        const editions = (await dataSource.query(
          `SELECT edition, covers_from::text AS "from", covers_to::text AS "to"
             FROM dg_report_editions ORDER BY edition`,
        )) as { edition: number; from: string; to: string }[];
        expect(editions.map((e) => e.edition)).toEqual([
          2008, 2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024,
        ]);
        expect(editions[0]).toEqual({ edition: 2008, from: '2006-01-01', to: '2007-12-31' });
      }));

    it('has every country with an alpha-3, including Kosovo and Palestine', () =>
      withDataSource(config, async (dataSource) => {
        expect(await count(dataSource, `SELECT count(*)::int AS n FROM countries`)).toBeGreaterThan(
          249,
        );
        const special = (await dataSource.query(
          `SELECT code, alpha3 FROM countries WHERE code IN ('XK', 'PS', 'SS') ORDER BY code`,
        )) as { code: string; alpha3: string }[];
        expect(special).toEqual([
          { code: 'PS', alpha3: 'PSE' },
          { code: 'SS', alpha3: 'SSD' },
          { code: 'XK', alpha3: 'XKK' },
        ]);
      }));

    it('puts every current country outside Antarctica in a UNESCO region, none of them empty', () =>
      withDataSource(config, async (dataSource) => {
        const regions = (await dataSource.query(
          `SELECT r.code, count(cr.country_code)::int AS countries
             FROM regions r LEFT JOIN country_regions cr ON cr.scheme = r.scheme AND cr.region_code = r.code
            WHERE r.scheme = 'unesco' GROUP BY r.code ORDER BY r.code`,
        )) as { code: string; countries: number }[];
        expect(regions.map((r) => r.code)).toEqual([
          'africa',
          'arab_states',
          'asia_pacific',
          'europe_north_america',
          'latin_america_caribbean',
        ]);
        for (const region of regions) expect(region.countries).toBeGreaterThan(10);
        expect(
          await count(
            dataSource,
            // Antarctica and the uninhabited Antarctic territories belong to no UNESCO region.
            `SELECT count(*)::int AS n FROM countries c
              WHERE c.status <> 'historical'
                AND NOT EXISTS (SELECT 1 FROM country_regions cr
                                 WHERE cr.country_code = c.code AND cr.scheme = 'unesco')
                AND NOT EXISTS (SELECT 1 FROM country_regions cr
                                 WHERE cr.country_code = c.code AND cr.scheme = 'continent'
                                   AND cr.region_code = 'antarctic')`,
          ),
        ).toBe(0);
      }));

    it('holds the attack-type tree and the perpetrator types of the design', () =>
      withDataSource(config, async (dataSource) => {
        const codes = async (table: string) =>
          ((await dataSource.query(`SELECT code FROM ${table}`)) as { code: string }[]).map(
            (r) => r.code,
          );
        expect(await codes('attack_types')).toEqual(
          expect.arrayContaining([
            'murder',
            'crossfire_combat',
            'dangerous_assignment',
            'enforced_disappearance',
            'online_harassment',
            'civil_lawsuit',
            'censorship',
          ]),
        );
        expect((await codes('perpetrator_types')).sort()).toEqual(
          [
            'criminal_group',
            'government_official',
            'local_residents',
            'military',
            'mob',
            'paramilitary',
            'police_security',
            'political_group',
            'private_individual',
            'unknown',
          ].sort(),
        );
        // Every child's parent exists and the tree has no cycle (a parent is a root).
        expect(
          await count(
            dataSource,
            `SELECT count(*)::int AS n FROM attack_types c JOIN attack_types p ON p.code = c.parent_code
              WHERE p.parent_code IS NOT NULL`,
          ),
        ).toBe(0);
      }));
  });
});
