import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from 'pg';
import { migrations } from '../migrations/index.js';
import { postgresProcessesOf } from './processes.js';
import { createTestDatabase, TestDatabase } from './test-database.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The compiled CLI, as package.json's scripts run it (`npm test` builds first). */
const CLI = path.join(ROOT, 'dist', 'src', 'database', 'cli.js');
const NAMES = migrations.map((migration) => new migration().name as string);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with only the given environment (and PATH), as a deployment would. */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function publicTables(db: TestDatabase): Promise<string[]> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe('database CLI (dist/src/database/cli.js)', () => {
  it('has been built, and the package.json scripts run it through the tracker command', () => {
    expect(existsSync(CLI)).toBe(true);
    const { scripts, bin } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(bin.tracker).toBe('bin/tracker.js');
    for (const command of ['migration:run', 'migration:revert', 'migration:generate', 'seed']) {
      expect(scripts[command]).toBe(`node bin/tracker.js ${command}`);
    }
  });

  it('runs the compiled CLI through the tracker command without rebuilding a current build', async () => {
    const stamp = path.join(ROOT, 'dist', 'tsconfig.build.tsbuildinfo');
    const compiled = statSync(CLI).mtimeMs;
    const built = statSync(stamp).mtimeMs;
    const run = await new Promise<Run>((resolve) =>
      execFile(
        process.execPath,
        [path.join(ROOT, 'bin', 'tracker.js'), 'seed', '--help'],
        { cwd: ROOT },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Usage: tracker-db seed');
    expect(statSync(CLI).mtimeMs).toBe(compiled);
    expect(statSync(stamp).mtimeMs).toBe(built);
  });

  describe('on DATABASE_URL', () => {
    let db: TestDatabase;
    let env: Record<string, string>;
    beforeAll(async () => {
      db = await createTestDatabase({ empty: true });
      env = { DATABASE_URL: db.url };
    });
    afterAll(() => db.drop());

    it('refuses to seed before the migrations have run', async () => {
      const run = await cli(['seed'], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Apply the pending migrations first (npm run migration:run)');
    });

    it('applies every migration, in order, then finds none pending', async () => {
      const run = await cli(['migration:run'], env);
      expect(run).toMatchObject({ code: 0 });
      expect(run.stdout).toContain(`Applying ${NAMES.length} migration(s)`);
      const applied = [...run.stdout.matchAll(/applied (\w+)/g)].map((m) => m[1]);
      expect(applied).toEqual(NAMES);
      expect(await publicTables(db)).toEqual(
        expect.arrayContaining(['countries', 'dg_report_editions', 'schema_migrations']),
      );
      const again = await cli(['migration:run'], env);
      expect(again.stdout).toContain('No pending migration');
    });

    it('seeds the reference data and says how many rows', async () => {
      const run = await cli(['seed'], env);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/countries: \d{3} rows/);
      expect(run.stdout).toContain('dgEditions: 9 rows');
    });

    it('reverts the last migration only, and it can be applied again', async () => {
      const run = await cli(['migration:revert'], env);
      expect(run.code).toBe(0);
      expect([...run.stdout.matchAll(/reverted (\w+)/g)].map((m) => m[1])).toEqual([NAMES.at(-1)]);
      const reapplied = await cli(['migration:run'], env);
      expect(reapplied.stdout).toContain(`applied ${NAMES.at(-1)}`);
    });

    it('rejects a migration name that cannot become a class name', async () => {
      const run = await cli(['migration:generate', '1-bad/name'], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('The migration name must start with a letter');
    });

    it('reverts every migration with --all, newest first', async () => {
      const run = await cli(['migration:revert', '--all'], env);
      expect(run.code).toBe(0);
      const reverted = [...run.stdout.matchAll(/reverted (\w+)/g)].map((m) => m[1]);
      expect(reverted).toEqual([...NAMES].reverse());
      expect(await publicTables(db)).toEqual(['schema_migrations']);
      const nothing = await cli(['migration:revert'], env);
      expect(nothing.stdout).toContain('No applied migration to revert');
    });

    it('names a bad setting and exits non-zero', async () => {
      const run = await cli(['migration:run'], { DATABASE_URL: 'mysql://nope' });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('DATABASE_URL must be a postgres:// or postgresql:// URL');
    });
  });

  describe('migration:generate', () => {
    let db: TestDatabase;
    // A clone of the migrated template: generating may add TypeORM's typeorm_metadata table.
    beforeAll(async () => (db = await createTestDatabase()));
    afterAll(() => db.drop());

    it('writes a reviewed-style migration from the entity diff, or says there is nothing to write', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'tracker-migrations-'));
      try {
        const run = await cli(['migration:generate', 'add-thing', '--dir', dir], {
          DATABASE_URL: db.url,
        });
        expect(run.code).toBe(0);
        expect(run.stdout).toMatch(/Comparing the database with \d+ entities/);
        const files = readdirSync(dir);
        if (files.length === 0) {
          expect(run.stdout).toContain('The database already matches the entities');
          return;
        }
        expect(files).toEqual([expect.stringMatching(/^\d{13}-add-thing\.ts$/)]);
        const source = readFileSync(path.join(dir, files[0]), 'utf8');
        const className = `AddThing${files[0].slice(0, 13)}`;
        expect(source).toContain(`export class ${className} implements MigrationInterface`);
        expect(source).toMatch(/async up\(q: QueryRunner\)[^]*async down\(q: QueryRunner\)/);
        expect(run.stdout).toContain(`add ${className} to migrations/index.ts`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses while migrations are pending', async () => {
      const empty = await createTestDatabase({ empty: true });
      try {
        const run = await cli(['migration:generate', 'early'], { DATABASE_URL: empty.url });
        expect(run.code).toBe(1);
        expect(run.stderr).toContain('Apply the pending migrations first');
      } finally {
        await empty.drop();
      }
    });
  });

  describe('without DATABASE_URL', () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'tracker-cli-'));
      chmodSync(dataDir, 0o755);
    });
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('starts the embedded database under DATA_DIR, migrates it, and stops it again', async () => {
      const run = await cli(['migration:run'], { DATA_DIR: dataDir });
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines[0]).toBe(`Starting the embedded PostgreSQL in ${dataDir}`);
      expect(lines.at(-1)).toBe('Embedded PostgreSQL stopped');
      expect(run.stdout).toContain(`applied ${NAMES[0]}`);
      expect(postgresProcessesOf(path.join(dataDir, 'postgres'))).toEqual([]);

      const seeded = await cli(['seed'], { DATA_DIR: dataDir });
      expect(seeded.code).toBe(0);
      expect(seeded.stdout).toContain('dgEditions: 9 rows');
    });
  });
});
