import { fileURLToPath } from 'node:url';
import { mkdtempSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Set here for the workers: the cluster's maintenance URL, the migrated template, the data folder. */
export const ADMIN_URL_VAR = 'TRACKER_TEST_ADMIN_URL';
export const TEMPLATE_VAR = 'TRACKER_TEST_TEMPLATE';
export const DATA_DIR_VAR = 'TRACKER_TEST_DATA_DIR';
const TEMPLATE = 'tracker_test_template';
const dist = (file: string) =>
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'src', file);

/**
 * Starts one embedded PostgreSQL for the whole run (or uses TEST_DATABASE_URL), migrates and seeds
 * a template database once; each test file then clones it.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  // Jest runs this file outside its module system, where only compiled code resolves: `npm test`
  // builds first. Test files themselves use the TypeScript sources.
  const { AppConfig } = (await import(
    dist('config/app-config.js')
  )) as typeof import('../src/config/app-config.js');
  const { startEmbeddedDatabase } = (await import(
    dist('database/embedded-postgres.js')
  )) as typeof import('../src/database/embedded-postgres.js');
  const { ensureDatabase, prepareDatabase } = (await import(
    dist('database/maintenance.js')
  )) as typeof import('../src/database/maintenance.js');
  let admin = process.env.TEST_DATABASE_URL;
  if (!admin) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tracker-test-'));
    chmodSync(dataDir, 0o755); // the unprivileged postgres user must reach the cluster folder
    const database = await startEmbeddedDatabase(dataDir);
    (globalThis as { __trackerDatabase?: unknown }).__trackerDatabase = { database, dataDir };
    process.env[DATA_DIR_VAR] = dataDir;
    admin = database.adminUrl;
  }
  process.env[ADMIN_URL_VAR] = admin;
  process.env[TEMPLATE_VAR] = TEMPLATE;

  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await client.end();
  await ensureDatabase(admin, TEMPLATE);
  const url = new URL(admin);
  url.pathname = `/${TEMPLATE}`;
  await prepareDatabase(AppConfig.fromEnv({ DATABASE_URL: url.toString() }));
  console.warn(
    `\n[test database] ready in ${Date.now() - started} ms${process.env.TEST_DATABASE_URL ? ' (TEST_DATABASE_URL)' : ' (embedded PostgreSQL)'}`,
  );
}
