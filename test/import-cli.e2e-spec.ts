import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { createTestApp, TestApp } from './app-factory.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'imports', 'import-cli.js');
const FIXTURE = path.join(HERE, 'fixtures', 'imports', 'cpj-api.csv');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run import -- …` as a person runs it, on the test's database. */
describe('npm run import (dist/src/imports/import-cli.js)', () => {
  let t: TestApp;
  let work: string;

  const importCli = (args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        {
          cwd: work,
          env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', DATABASE_URL: t.db.url },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  const cases = async () =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM cases`))[0].n);
  const rejectsIn = (file: string) =>
    (parse(readFileSync(file), { columns: true, bom: true }) as Record<string, string>[]).map(
      (r) => [r.row, r.field],
    );

  beforeAll(async () => {
    t = await createTestApp();
    work = mkdtempSync(path.join(tmpdir(), 'import-cli-'));
  });
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await t.close();
  });

  it('refuses the whole file when a row is bad: exit 1, a summary, the rejects as CSV, nothing written', async () => {
    const before = await cases();
    const run = await importCli(['--format', 'cpj-api', '--status-date', '2020-01-01', FIXTURE]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Import job [0-9a-f-]{36}: cpj-api /);
    expect(run.stdout).toMatch(/Import failed \(nothing written\)/);
    expect(run.stdout).toMatch(/ {2}rows read {3}11\n/);
    expect(run.stdout).toMatch(/ {2}rejected {4}2\n/);
    expect(run.stdout).toMatch(/2 rejected row\(s\), written to cpj-api\.csv\.rejects\.csv:/);
    expect(run.stdout).toMatch(/ {2}row 12, country: .*Atlantis/);
    expect(rejectsIn(path.join(work, 'cpj-api.csv.rejects.csv'))).toEqual([
      ['11', 'status'],
      ['12', 'country'],
    ]);
    expect(await cases()).toBe(before);
  });

  it('reports a dry run of the valid rows and writes nothing', async () => {
    const before = await cases();
    const run = await importCli([
      '--format',
      'cpj-api',
      '--mode',
      'commit_valid',
      '--dry-run',
      '--rejects',
      path.join(work, 'dry.csv'),
      FIXTURE,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\(dry run\)/);
    expect(run.stdout).toMatch(/Dry run succeeded \(nothing written\)/);
    expect(run.stdout).toMatch(/ {2}created {5}6\n/);
    expect(rejectsIn(path.join(work, 'dry.csv'))).toHaveLength(2);
    expect(await cases()).toBe(before);
  });

  it('commits the valid rows, lists held and flagged records, and changes nothing the second time', async () => {
    const before = await cases();
    const args = ['--format', 'cpj-api', '--mode', 'commit_valid', FIXTURE];
    const first = await importCli(args);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Import succeeded in /);
    expect(first.stdout).toMatch(/ {2}created {5}6\n/);
    expect(first.stdout).toMatch(/ {2}held: row \d+: .*covers IL and PS/);
    expect(first.stdout).toMatch(/ {2}flagged: row \d+: .*ambiguous_country:/);
    expect(await cases()).toBe(before + 6);
    const second = await importCli(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/ {2}created {5}0\n {2}updated {5}0\n {2}unchanged {3}6\n/);
    expect(await cases()).toBe(before + 6);
  });

  it('names a file that is not there, and a format it does not know', async () => {
    const missing = await importCli(['--format', 'cpj-api', path.join(work, 'nowhere.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nowhere.csv: there is no such file to import');
    const format = await importCli(['--format', 'cpj', FIXTURE]);
    expect(format.code).toBe(1);
    expect(format.stderr).toMatch(/--format <format>' argument 'cpj' is invalid/);
  });
});
