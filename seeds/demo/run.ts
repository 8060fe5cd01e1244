import { createApp } from '../../src/app.setup.js';
import { AppConfig } from '../../src/config/app-config.js';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../../src/database/embedded-postgres.js';
import {
  ensureDatabase,
  pendingMigrations,
  prepareDatabase,
  withDataSource,
} from '../../src/database/maintenance.js';
import { runDemoSeed } from './index.js';

/**
 * `npm run seed:demo`: files the demonstration cases into the database the service uses —
 * DATABASE_URL, or the embedded cluster under DATA_DIR, started here as the service starts it
 * (migrated and given its reference data) and stopped afterwards. Safe to run again.
 */

/** The application database of the embedded cluster, as src/main.ts names it. */
const EMBEDDED_DATABASE = 'tracker';
const say = (line: string) => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  let config = AppConfig.fromEnv();
  let embedded: EmbeddedDatabase | undefined;
  if (config.embedded) {
    say(`Starting the embedded PostgreSQL in ${config.dataDir}`);
    embedded = await startEmbeddedDatabase(config.dataDir, undefined, { attach: true });
  }
  try {
    if (embedded) {
      await ensureDatabase(embedded.adminUrl, EMBEDDED_DATABASE);
      config = config.withDatabaseUrl(embedded.urlFor(EMBEDDED_DATABASE));
    }
    if (config.embedded || config.migrateOnStart) await prepareDatabase(config);
    const pending = await withDataSource(config, pendingMigrations);
    if (pending.length)
      throw new Error(
        `Apply the pending migrations first (npm run migration:run): ${pending.join(', ')}`,
      );
    const app = await createApp(config);
    await app.init();
    try {
      const result = await runDemoSeed(app);
      say(
        `Demo cases: ${result.incidentsCreated} incident(s) and ${result.casesCreated} case(s) filed, ` +
          `${result.casesPresent} case(s) already there`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.stop();
  }
}

// Exits explicitly: embedded-postgres ends the process with code 0 on `beforeExit`, which would
// hide a failure.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
