import { Client } from 'pg';
import { DataSource, MigrationExecutor } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { runReferenceSeeds } from '../../seeds/index.js';
import { dataSourceOptions } from './data-source-options.js';

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

/** Runs `work` on a short-lived connection described by the shared options. */
export async function withDataSource<T>(
  config: AppConfig,
  work: (dataSource: DataSource) => Promise<T>,
  url?: string,
): Promise<T> {
  const dataSource = new DataSource({
    ...dataSourceOptions(config, url),
    replication: undefined,
    url: url ?? config.databaseUrl,
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
    url,
  );
}
