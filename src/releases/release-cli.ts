import { Command } from 'commander';
import type { INestApplicationContext } from '@nestjs/common';
import { createApp } from '../app.setup.js';
import { AppConfig } from '../config/app-config.js';
import { EmbeddedDatabase, startEmbeddedDatabase } from '../database/embedded-postgres.js';
import { ensureDatabase, prepareDatabase } from '../database/maintenance.js';
import { FolderSink } from './release-sinks.js';
import { ReleasesService } from './releases.service.js';

/**
 * `npm run release -- <command>`: publish a release, list them, print the signing key, or rebuild
 * a release from the database and compare it byte for byte. Uses DATABASE_URL, or the embedded
 * cluster under DATA_DIR, started and stopped around the command.
 */

const EMBEDDED_DATABASE = 'tracker';
const say = (line = '') => void process.stdout.write(`${line}\n`);

async function withReleases(work: (releases: ReleasesService) => Promise<void>): Promise<void> {
  let config = AppConfig.fromEnv({ LOG_LEVEL: 'warn', ...process.env });
  let embedded: EmbeddedDatabase | undefined;
  if (config.embedded) embedded = await startEmbeddedDatabase(config.dataDir);
  let app: INestApplicationContext | undefined;
  try {
    if (embedded) {
      await ensureDatabase(embedded.adminUrl, EMBEDDED_DATABASE);
      config = config.withDatabaseUrl(embedded.urlFor(EMBEDDED_DATABASE));
    }
    if (config.embedded || config.migrateOnStart) await prepareDatabase(config);
    app = await createApp(config);
    await app.init();
    await work(app.get(ReleasesService));
  } finally {
    await app?.close();
    await embedded?.stop();
  }
}

const program = new Command('release')
  .description('Open-data releases: signed Frictionless Data Packages of the public data')
  .showHelpAfterError();

program
  .command('create')
  .description('Publish a release of the public data at the current dataset revision')
  .option('--version <version>', 'version name (default: today, YYYY.MM.DD[.n])')
  .option('--title <title>', 'title')
  .option('--licence <id>', 'licence identifier (default: RELEASE_LICENSE)')
  .action((options: { version?: string; title?: string; licence?: string }) =>
    withReleases(async (releases) => {
      const release = await releases.create(options, { kind: 'admin', label: 'release-cli' });
      say(
        `Release ${release.version} at dataset revision ${release.revision} (${release.dataDate})`,
      );
      for (const file of release.files) say(`  ${file.sha256}  ${file.name}  ${file.size} bytes`);
      say(`  ${release.url}`);
      say();
      say(`Signed with Ed25519 key ${release.signingKey.id} (${release.signingKey.url}):`);
      process.stdout.write(release.signingKey.publicKeyPem);
    }),
  );

program
  .command('list')
  .description('The releases, newest first')
  .action(() =>
    withReleases(async (releases) => {
      let cursor: string | undefined;
      do {
        const page = await releases.list({ limit: 200, cursor });
        for (const r of page.data)
          say(`${r.version}  revision ${r.revision}  ${r.dataDate}  ${r.licence}  ${r.title}`);
        cursor = page.pageInfo.nextCursor ?? undefined;
      } while (cursor);
    }),
  );

program
  .command('public-key')
  .description('Print the Ed25519 public key (PEM) that signs releases')
  .action(() =>
    withReleases(async (releases) => {
      const key = await releases.publicKey();
      say(`# key ${key.id}`);
      process.stdout.write(key.pem);
    }),
  );

program
  .command('rebuild')
  .description(
    'Build a release again from the database (while the data is at its revision) and compare every file',
  )
  .argument('<version>', 'the release')
  .option('--out <folder>', 'also write the rebuilt files into this folder')
  .action((version: string, options: { out?: string }) =>
    withReleases(async (releases) => {
      const result = await releases.rebuild(
        version,
        options.out ? new FolderSink(options.out) : undefined,
      );
      for (const file of result.files)
        say(`  ${file.identical ? 'identical' : 'DIFFERENT'}  ${file.name}`);
      say(result.identical ? 'Byte-identical' : 'The rebuild differs');
      if (!result.identical) process.exitCode = 1;
    }),
  );

// Exits explicitly: embedded-postgres ends the process with code 0 on `beforeExit`.
program.parseAsync().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
