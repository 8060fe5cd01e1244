import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { migrations } from '../../migrations/index.js';
import { installConnectionGuard } from './connection-guard.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/**
 * What work a connection serves: requests (reads bounded by the read timeout, transactions raised
 * to the write timeout by TransactionTimeouts) or maintenance (migrations, seeds, bulk commands).
 */
export type ConnectionUse = 'requests' | 'maintenance';

/**
 * The pool's bounds and the settings every connection opens with (sent in the start-up packet, so
 * they hold from the first statement). An acquire that waits past `acquire` fails instead of
 * queueing for ever.
 */
export function poolOptions(config: AppConfig, use: ConnectionUse = 'requests') {
  const t = config.timeouts;
  const statement = use === 'maintenance' ? t.bulk : t.read;
  return {
    max: config.poolSize,
    connectionTimeoutMillis: t.acquire,
    statement_timeout: statement,
    lock_timeout: use === 'maintenance' ? t.bulk : t.lock,
    idle_in_transaction_session_timeout: use === 'maintenance' ? t.bulk : t.idleInTransaction,
    // A connection to a database that went away is noticed by the kernel, not left to hang.
    keepAlive: true,
    // Read by BULK_WORK_SQL: the bound long work raises its own transaction to.
    options: `-c tracker.bulk_timeout=${Math.trunc(t.bulk)}`,
    application_name: use === 'maintenance' ? 'impunity-tracker-maintenance' : 'impunity-tracker',
  };
}

/**
 * The one description of the database connection, shared by the application and the migration
 * CLI. Entities are registered by each feature module (`autoLoadEntities`); the CLI adds them
 * itself when it needs them (migration:generate).
 */
export function dataSourceOptions(
  config: AppConfig,
  url = config.databaseUrl,
  use: ConnectionUse = 'requests',
): DataSourceOptions {
  if (!url)
    throw new Error('No database URL: start the embedded database first or set DATABASE_URL');
  installConnectionGuard();
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
    extra: poolOptions(config, use),
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
