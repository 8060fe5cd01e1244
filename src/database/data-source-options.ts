import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { migrations } from '../../migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * The one description of the database connection, shared by the application and the migration
 * CLI. Entities are registered by each feature module (`autoLoadEntities`); the CLI adds them
 * itself when it needs them (migration:generate).
 */
export function dataSourceOptions(config: AppConfig, url = config.databaseUrl): DataSourceOptions {
  if (!url)
    throw new Error('No database URL: start the embedded database first or set DATABASE_URL');
  const pool = { max: config.poolSize };
  return {
    type: 'postgres',
    ...(config.replicaUrls.length > 0
      ? {
          replication: {
            master: { url },
            slaves: config.replicaUrls.map((replica) => ({ url: replica })),
          },
        }
      : { url }),
    extra: pool,
    namingStrategy: new SnakeNamingStrategy(),
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failed queries are not logged here: a caller's mistake becomes a 4xx, anything else is
    // logged with its stack by the error filter.
    logging: ['warn', 'migration'],
  };
}
