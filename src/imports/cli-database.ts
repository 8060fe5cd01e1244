// The database the import CLIs work on: DATABASE_URL, or the embedded cluster under DATA_DIR
// (the server's database, migrated first as the server does).
import type { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { startEmbeddedDatabase } from '../database/embedded-postgres.js';
import { ensureDatabase, prepareDatabase, withDataSource } from '../database/maintenance.js';

/** The embedded cluster's application database (as src/main.ts names it). */
const EMBEDDED_DATABASE = 'tracker';

export async function withDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  let config = AppConfig.fromEnv();
  if (!config.embedded) return withDataSource(config, work);
  // While the service runs on the embedded cluster, the command uses that cluster.
  const embedded = await startEmbeddedDatabase(config.dataDir, undefined, { attach: true });
  try {
    await ensureDatabase(embedded.adminUrl, EMBEDDED_DATABASE);
    config = config.withDatabaseUrl(embedded.urlFor(EMBEDDED_DATABASE));
    await prepareDatabase(config);
    return await withDataSource(config, work);
  } finally {
    await embedded.stop();
  }
}
