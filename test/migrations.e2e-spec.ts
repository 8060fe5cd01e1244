import { DataSource, DataSourceOptions } from 'typeorm';
import { migrations } from '../migrations/index.js';
import { AppConfig } from '../src/config/app-config.js';
import { dataSourceOptions } from '../src/database/data-source-options.js';
import {
  executedMigrations,
  pendingMigrations,
  revertMigrations,
  runMigrations,
  withDataSource,
} from '../src/database/maintenance.js';
import { createTestDatabase, TestDatabase } from './test-database.js';

const NAMES = migrations.map((migration) => new migration().name as string);

/**
 * Everything the migrations create in the public schema, as text: tables and their columns,
 * constraints, indexes, views, functions, triggers, types, sequences and extensions.
 */
async function schemaOf(dataSource: DataSource): Promise<Record<string, string[]>> {
  const list = async (sql: string) =>
    ((await dataSource.query(sql)) as { item: string }[]).map((row) => row.item);
  return {
    columns: await list(`
      SELECT concat_ws(' ', table_name, ordinal_position, column_name, data_type, udt_name,
                       character_maximum_length, is_nullable, column_default, is_generated,
                       generation_expression, is_identity) AS item
        FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1`),
    // A down() may restore a constraint NOT VALID, so that it does not fail on rows the newer
    // schema allowed; it still holds for every new row, so that mark is left out.
    constraints: await list(`
      SELECT conrelid::regclass || ' ' || conname || ' ' ||
             regexp_replace(pg_get_constraintdef(oid), ' NOT VALID$', '') AS item
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1`),
    indexes: await list(
      `SELECT indexdef AS item FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`,
    ),
    views: await list(`
      SELECT viewname || ' ' || definition AS item FROM pg_views WHERE schemaname = 'public'
      UNION ALL
      SELECT matviewname || ' ' || definition FROM pg_matviews WHERE schemaname = 'public'
      ORDER BY 1`),
    functions: await list(`
      -- The definition without comments and with spaces collapsed: a down() that restores an
      -- older body need not restore its comments.
      SELECT p.oid::regprocedure || ' ' || md5(regexp_replace(
               regexp_replace(pg_get_functiondef(p.oid), '--[^\\n]*', '', 'g'), '\\s+', ' ', 'g')) AS item
        FROM pg_proc p
       WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p')
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
       ORDER BY 1`),
    triggers: await list(`
      SELECT pg_get_triggerdef(oid) AS item FROM pg_trigger
       WHERE NOT tgisinternal AND tgrelid::regclass::text NOT LIKE 'pg_%' ORDER BY 1`),
    types: await list(`
      SELECT t.typname || ' ' || t.typtype::text AS item FROM pg_type t
       WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'c')
         AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
       ORDER BY 1`),
    sequences: await list(
      `SELECT sequencename AS item FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1`,
    ),
    extensions: await list(
      `SELECT extname AS item FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1`,
    ),
  };
}

describe('migrations', () => {
  let db: TestDatabase;
  let config: AppConfig;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    config = AppConfig.fromEnv({ DATABASE_URL: db.url });
  });
  afterAll(() => db.drop());

  it('are listed in timestamp order, each with a down()', () => {
    const timestamps = NAMES.map((name) => Number(/(\d{13})$/.exec(name)?.[1]));
    expect(timestamps.every(Number.isFinite)).toBe(true);
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    for (const migration of migrations) expect(typeof migration.prototype.down).toBe('function');
  });

  it('apply on an empty database, revert to nothing, and apply again to the same schema', () =>
    withDataSource(config, async (dataSource) => {
      expect(await pendingMigrations(dataSource)).toEqual(NAMES);
      expect(await runMigrations(dataSource)).toEqual(NAMES);
      expect(await executedMigrations(dataSource)).toEqual(NAMES);
      const first = await schemaOf(dataSource);
      expect(first.columns.length).toBeGreaterThan(0);

      expect(await revertMigrations(dataSource, { all: true })).toEqual([...NAMES].reverse());
      expect(await executedMigrations(dataSource)).toEqual([]);
      const empty = await schemaOf(dataSource);
      // Only TypeORM's record of applied migrations is left.
      expect(empty).toEqual({
        columns: expect.any(Array),
        constraints: [expect.stringMatching(/^schema_migrations \S+ PRIMARY KEY \(id\)$/)],
        indexes: [expect.stringContaining('ON public.schema_migrations')],
        views: [],
        functions: [],
        triggers: [],
        types: [],
        sequences: ['schema_migrations_id_seq'],
        extensions: [],
      });
      expect(new Set(empty.columns.map((c) => c.split(' ')[0]))).toEqual(
        new Set(['schema_migrations']),
      );

      expect(await runMigrations(dataSource)).toEqual(NAMES);
      expect(await schemaOf(dataSource)).toEqual(first);
    }));

  it('each down() undoes exactly what its up() did', async () => {
    await withDataSource(config, (dataSource) => revertMigrations(dataSource, { all: true }));
    const before = await withDataSource(config, schemaOf);
    // The schema after the first k+1 migrations, applied one at a time.
    const after: Record<string, string[]>[] = [];
    for (let k = 0; k < migrations.length; k++) {
      const dataSource = new DataSource({
        ...dataSourceOptions(config),
        migrations: migrations.slice(0, k + 1),
        logging: ['error'],
      } as DataSourceOptions);
      await dataSource.initialize();
      try {
        expect(await runMigrations(dataSource)).toEqual([NAMES[k]]);
        after.push(await schemaOf(dataSource));
      } finally {
        await dataSource.destroy();
      }
    }
    await withDataSource(config, async (dataSource) => {
      for (let k = migrations.length - 1; k >= 0; k--) {
        expect(await revertMigrations(dataSource)).toEqual([NAMES[k]]);
        expect(await schemaOf(dataSource)).toEqual(k === 0 ? before : after[k - 1]);
      }
    });
  });
});
