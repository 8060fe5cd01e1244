import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { AppConfig } from '../src/config/app-config.js';
import { withDataSource } from '../src/database/maintenance.js';
import {
  loadEntityClasses,
  renderMigration,
  schemaDiff,
  type SchemaDiff,
} from '../src/database/migration-generator.js';
import { createTestDatabase, TestDatabase } from './test-database.js';

@Entity('generator_probes')
class GeneratorProbe {
  @PrimaryColumn('text')
  code: string;

  @Column({ type: 'int', nullable: true })
  weight: number | null;
}

const run = async (dataSource: DataSource, queries: SchemaDiff['up']) => {
  for (const { query, parameters } of queries) await dataSource.query(query, parameters);
};

describe('migration generator', () => {
  it('finds the compiled entity classes under dist/src', async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'src');
    const names = (await loadEntityClasses(root)).map((entity) => entity.name);
    expect(names).toEqual(expect.arrayContaining(['Country', 'Region', 'CountryRegion']));
    expect(new Set(names).size).toBe(names.length);
  });

  describe('on an empty database', () => {
    let db: TestDatabase;
    beforeAll(async () => (db = await createTestDatabase({ empty: true })));
    afterAll(() => db.drop());

    it('produces an up that creates what the entities need and a down that undoes it', () =>
      withDataSource(
        AppConfig.fromEnv({ DATABASE_URL: db.url }),
        async (dataSource) => {
          const diff = await schemaDiff(dataSource);
          expect(diff.up.map((q) => q.query).join('\n')).toContain(
            'CREATE TABLE "generator_probes"',
          );
          await run(dataSource, diff.up);
          expect(await schemaDiff(dataSource)).toEqual({ up: [], down: [] });
          await run(dataSource, diff.down);
          expect(await dataSource.query(`SELECT to_regclass('generator_probes') AS t`)).toEqual([
            { t: null },
          ]);
        },
        { entities: [GeneratorProbe] },
      ));
  });

  it('renders a migration class named after the change and its timestamp', () => {
    const migration = renderMigration('add case notes', 1790000000000, {
      up: [{ query: 'CREATE TABLE "x" ("note" text DEFAULT `a` || \'${b}\')' }],
      down: [{ query: 'DROP TABLE "x"' }, { query: 'SELECT $1', parameters: [1] }],
    });
    expect(migration.fileName).toBe('1790000000000-add-case-notes.ts');
    expect(migration.className).toBe('AddCaseNotes1790000000000');
    expect(migration.source).toContain("name = 'AddCaseNotes1790000000000';");
    // Backticks and ${ in SQL must not break the template literal.
    expect(migration.source).toContain(
      'await q.query(`CREATE TABLE "x" ("note" text DEFAULT \\`a\\` || \'\\${b}\')`);',
    );
    expect(migration.source).toMatch(
      /async down[^]*DROP TABLE "x"[^]*await q\.query\(`SELECT \$1`, \[1\]\);/,
    );
    expect(() => renderMigration('2fast', 1, { up: [], down: [] })).toThrow(/start with a letter/);
  });
});
