import { createApp } from './app.setup.js';
import { AppConfig, ConfigError } from './config/app-config.js';
import { bootstrapLogger } from './database/bootstrap-log.js';
import { EmbeddedDatabase, startEmbeddedDatabase } from './database/embedded-postgres.js';
import { ensureDatabase, prepareDatabase } from './database/maintenance.js';

export const EMBEDDED_DATABASE_NAME = 'tracker';

function loadConfig(): AppConfig {
  try {
    return AppConfig.fromEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  let config = loadConfig();
  const log = bootstrapLogger(config.logLevel);

  let embedded: EmbeddedDatabase | undefined;
  if (config.embedded) {
    const started = Date.now();
    embedded = await startEmbeddedDatabase(config.dataDir, (message) => log.debug(message));
    await ensureDatabase(embedded.adminUrl, EMBEDDED_DATABASE_NAME);
    config = config.withDatabaseUrl(embedded.urlFor(EMBEDDED_DATABASE_NAME));
    log.info(`embedded PostgreSQL ready in ${Date.now() - started} ms, data in ${config.dataDir}`);
  }
  if (config.embedded || config.migrateOnStart) {
    const { migrations, seeds } = await prepareDatabase(config);
    log.info(
      { seeds },
      `migrations applied: ${migrations.length ? migrations.join(', ') : 'none pending'}`,
    );
  }

  const app = await createApp(config);
  // embedded-postgres stops its cluster on signals by itself, possibly before the app has
  // closed its connections; this handler does both, in order.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info(`${signal} received, shutting down`);
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  log.info(
    `listening on ${await app.getUrl()}: REST under /api/v1, GraphQL at /graphql, docs at /docs`,
  );
  if (!config.bootstrapAdminKey)
    log.warn('BOOTSTRAP_ADMIN_KEY is not set: every write endpoint will answer 401');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
