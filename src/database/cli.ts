import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { runReferenceSeeds } from '../../seeds/index.js';
import { AppConfig, REPO_ROOT } from '../config/app-config.js';
import { bootstrapAdmin } from '../members/bootstrap-admin.js';
import {
  openDatabase,
  pendingMigrations,
  revertMigrations,
  runMigrations,
  withDataSource,
} from './maintenance.js';
import {
  assertMigrationName,
  ensureTypeormMetadataTable,
  loadEntityClasses,
  renderMigration,
  schemaDiff,
  writeMigration,
} from './migration-generator.js';

/**
 * Database maintenance from the command line (package.json scripts migration:run,
 * migration:revert, migration:generate and seed; the `migrate` service of docker-compose.yml).
 * Uses DATABASE_URL, or the embedded cluster under DATA_DIR, started and stopped around the command.
 */

/** dist/src, where the compiled entity classes are. */
const COMPILED_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const say = (line: string) => void process.stdout.write(`${line}\n`);

async function withDatabase(work: (config: AppConfig) => Promise<void>): Promise<void> {
  const configured = AppConfig.fromEnv();
  if (configured.embedded) say(`Starting the embedded PostgreSQL in ${configured.dataDir}`);
  // While the service runs on the embedded cluster, the command uses that cluster.
  const database = await openDatabase(configured, undefined, { attach: true });
  if (database.attached) say('Using the embedded PostgreSQL that the running service started');
  try {
    await work(database.config);
  } finally {
    await database.stop();
    if (configured.embedded && !database.attached) say('Embedded PostgreSQL stopped');
  }
}

const program = new Command('tracker-db')
  .description('Migrations and reference data of the impunity case tracker database')
  .showHelpAfterError();

program
  .command('migration:run')
  .description('Apply the pending migrations, each in its own transaction')
  .action(() =>
    withDatabase((config) =>
      withDataSource(config, async (dataSource) => {
        const pending = await pendingMigrations(dataSource);
        say(pending.length ? `Applying ${pending.length} migration(s)` : 'No pending migration');
        for (const name of await runMigrations(dataSource)) say(`  applied ${name}`);
      }),
    ),
  );

program
  .command('migration:revert')
  .description('Revert the last applied migration')
  .option('--all', 'revert every applied migration, newest first')
  .action((options: { all?: boolean }) =>
    withDatabase((config) =>
      withDataSource(config, async (dataSource) => {
        const reverted = await revertMigrations(dataSource, {
          all: options.all,
          onReverted: (name) => say(`  reverted ${name}`),
        });
        if (reverted.length === 0) say('No applied migration to revert');
      }),
    ),
  );

program
  .command('migration:generate')
  .description(
    'Write a migration with what the entities need and the database lacks (TypeORM schema diff)',
  )
  .argument('<name>', 'what the migration does, e.g. add-case-notes')
  .option('--dir <folder>', 'where to write it', path.join(REPO_ROOT, 'migrations'))
  .action((name: string, options: { dir: string }) =>
    withDatabase(async (config) => {
      assertMigrationName(name);
      const entities = await loadEntityClasses(COMPILED_SRC);
      say(`Comparing the database with ${entities.length} entities from ${COMPILED_SRC}`);
      const diff = await withDataSource(
        config,
        async (dataSource) => {
          const pending = await pendingMigrations(dataSource);
          if (pending.length)
            throw new Error(
              `Apply the pending migrations first (npm run migration:run): ${pending.join(', ')}`,
            );
          if (await ensureTypeormMetadataTable(dataSource))
            say(`Created ${dataSource.metadataTableName}, TypeORM's record of generated columns`);
          return schemaDiff(dataSource);
        },
        { entities },
      );
      if (diff.up.length === 0) {
        say('The database already matches the entities: no migration written');
        return;
      }
      const migration = renderMigration(name, Date.now(), diff);
      const file = await writeMigration(options.dir, migration);
      say(`Wrote ${path.relative(process.cwd(), file)} (${diff.up.length} statement(s))`);
      say(
        `Review it, then add ${migration.className} to migrations/index.ts: only migrations listed there run.`,
      );
    }),
  );

program
  .command('seed')
  .description('Insert or update the reference data (countries, regions, taxonomies, DG editions)')
  .action(() =>
    withDatabase((config) =>
      withDataSource(config, async (dataSource) => {
        const pending = await pendingMigrations(dataSource);
        if (pending.length)
          throw new Error(
            `Apply the pending migrations first (npm run migration:run): ${pending.join(', ')}`,
          );
        const counts = await runReferenceSeeds(dataSource);
        for (const [seed, rows] of Object.entries(counts)) say(`  ${seed}: ${rows} rows`);
      }),
    ),
  );

program
  .command('members:bootstrap')
  .description(
    'Create the first organisation, its administrator and their API key (printed once; only its hash is kept)',
  )
  .requiredOption('--organisation <name>', 'the organisation (created unless it exists)')
  .requiredOption('--member <name>', 'the administrator’s name')
  .option('--email <address>', 'the administrator’s email')
  .option('--days <n>', 'days until the key expires', '365')
  .option('--another', 'add an administrator although one exists already')
  .action(
    (options: {
      organisation: string;
      member: string;
      email?: string;
      days: string;
      another?: boolean;
    }) =>
      withDatabase((config) =>
        withDataSource(config, async (dataSource) => {
          const pending = await pendingMigrations(dataSource);
          if (pending.length)
            throw new Error(
              `Apply the pending migrations first (npm run migration:run): ${pending.join(', ')}`,
            );
          const days = Number(options.days);
          if (!Number.isInteger(days) || days < 1 || days > 1825)
            throw new Error('--days must be a whole number from 1 to 1825');
          const made = await bootstrapAdmin(dataSource, { ...options, days });
          say(`Organisation ${options.organisation} (${made.organisationId})`);
          say(`Administrator ${options.member} (${made.memberId})`);
          say(
            `API key ${made.prefix}, expires ${made.expiresAt}. Store it now: it is not shown again.`,
          );
          say(made.key);
        }),
      ),
  );

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
