import { Client } from 'pg';
import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { runReferenceSeeds } from '../../seeds/index.js';
import { dataSourceOptions } from './data-source-options.js';
import {
  EMBEDDED_DATABASE_NAME,
  EmbeddedOptions,
  startEmbeddedDatabase,
} from './embedded-postgres.js';

export interface OpenDatabase {
  /** The configuration with its database URL resolved. */
  config: AppConfig;
  /** True when the embedded cluster was already running for another process (`attach`). */
  attached?: boolean;
  /** Stops what `openDatabase` started (the embedded cluster); nothing for an external database. */
  stop(): Promise<void>;
}

/**
 * The database a configuration points at: DATABASE_URL as given, or else the embedded cluster
 * under DATA_DIR, started here (or, with `attach`, the one a running service has started), with
 * its application database created on first use.
 */
export async function openDatabase(
  config: AppConfig,
  log: (message: string) => void = () => undefined,
  options: EmbeddedOptions = {},
): Promise<OpenDatabase> {
  if (!config.embedded) return { config, stop: async () => undefined };
  const embedded = await startEmbeddedDatabase(config.dataDir, log, options);
  try {
    await ensureDatabase(embedded.adminUrl, EMBEDDED_DATABASE_NAME);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return {
    config: config.withDatabaseUrl(embedded.urlFor(EMBEDDED_DATABASE_NAME)),
    attached: embedded.attached,
    stop: () => embedded.stop(),
  };
}

/** Creates the database on a cluster unless it exists (the embedded cluster starts with only `postgres`). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount)
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}" ENCODING 'UTF8'`);
  } finally {
    await client.end();
  }
}

/**
 * Runs `work` on a short-lived connection described by the shared options (on the primary, never a
 * replica), to the configured database or `options.url`, knowing `options.entities` if given.
 */
export async function withDataSource<T>(
  config: AppConfig,
  work: (dataSource: DataSource) => Promise<T>,
  options: { url?: string; entities?: DataSourceOptions['entities'] } = {},
): Promise<T> {
  const dataSource = new DataSource({
    ...dataSourceOptions(config, options.url, 'maintenance'),
    replication: undefined,
    url: options.url ?? config.databaseUrl,
    entities: options.entities ?? [],
    logging: ['error'],
  } as never);
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Applies pending migrations, each in its own transaction; returns their names. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/**
 * Reverts the last applied migration, or every applied one with `all`, newest first, each in its
 * own transaction; returns their names in the order they were reverted (and tells `onReverted` of
 * each as it goes, so a failure part-way leaves a record of what was undone).
 */
export async function revertMigrations(
  dataSource: DataSource,
  options: { all?: boolean; onReverted?: (name: string) => void } = {},
): Promise<string[]> {
  const reverted: string[] = [];
  for (;;) {
    const executed = await executedMigrations(dataSource);
    const last = executed.at(-1);
    if (!last) break;
    await dataSource.undoLastMigration({ transaction: 'each' });
    reverted.push(last);
    options.onReverted?.(last);
    if (!options.all) break;
  }
  return reverted;
}

/** Names of the applied migrations, in the order they were applied. */
export async function executedMigrations(dataSource: DataSource): Promise<string[]> {
  const executor = new MigrationExecutor(dataSource);
  // TypeORM lists them newest first (by id), which is also the order undoLastMigration follows.
  return (await executor.getExecutedMigrations()).map((m) => m.name).reverse();
}

export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const executor = new MigrationExecutor(dataSource);
  return (await executor.getPendingMigrations()).map((m) => m.name);
}

/** Migrates and seeds reference data: what embedded mode and MIGRATE_ON_START do at boot. */
export async function prepareDatabase(
  config: AppConfig,
  url?: string,
): Promise<{ migrations: string[]; seeds: Record<string, number> }> {
  return withDataSource(
    config,
    async (dataSource) => ({
      migrations: await runMigrations(dataSource),
      seeds: await runReferenceSeeds(dataSource),
    }),
    { url },
  );
}
