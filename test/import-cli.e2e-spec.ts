import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  /** The fixture's copy in the work folder (rejects files are written beside the input). */
  let file: string;
  beforeAll(async () => {
    t = await createTestApp();
    work = mkdtempSync(path.join(tmpdir(), 'import-cli-'));
    file = path.join(work, 'in', 'cpj-api.csv');
    mkdirSync(path.dirname(file));
    copyFileSync(FIXTURE, file);
  });
  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    await t.close();
  });

  it('refuses the whole file when a row is bad: exit 1, a summary, the rejects as CSV, nothing written', async () => {
    const before = await cases();
    const run = await importCli(['--format', 'cpj-api', '--status-date', '2020-01-01', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^Import job [0-9a-f-]{36}: cpj-api /);
    expect(run.stdout).toMatch(/Import failed \(nothing written\)/);
    expect(run.stdout).toMatch(/ {2}rows read {3}11\n/);
    expect(run.stdout).toMatch(/ {2}rejected {4}2\n/);
    // Beside the input by default, the rejected rows with the input's columns in its order.
    const beside = `${file}.rejects.csv`;
    expect(run.stdout).toContain(`2 rejected row(s), written to ${beside}:`);
    expect(run.stdout).toMatch(/ {2}row 12, country: .*Atlantis/);
    expect(rejectsIn(beside)).toEqual([
      ['11', 'status'],
      ['12', 'country'],
    ]);
    const header = readFileSync(FIXTURE, 'utf8')
      .split(/\r?\n/)[0]
      .replace(/^\ufeff/, '');
    expect(
      readFileSync(beside, 'utf8')
        .replace(/^\ufeff/, '')
        .split(/\r?\n/)[0],
    ).toBe(`row,field,reason,${header}`);
    expect(await cases()).toBe(before);
  });

  it('fails a dry run that meets rejects in the all-or-nothing mode, as the import would', async () => {
    const before = await cases();
    const target = path.join(work, 'dry-rejects.csv');
    const run = await importCli(['--format', 'cpj-api', '--dry-run', '--rejects', target, file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Dry run failed \(nothing written\)/);
    expect(run.stdout).toMatch(/dry run: the import would fail: 2 row\(s\) rejected/);
    expect(rejectsIn(target)).toHaveLength(2);
    expect(await cases()).toBe(before);
  });

  it('reads a column of another name through --column', async () => {
    const renamed = path.join(work, 'renamed.csv');
    writeFileSync(
      renamed,
      'year,fullName,status,land,place\r\n2011,Column Mapping Test,Killed,Honduras,Tegucigalpa\n',
    );
    const refused = await importCli(['--format', 'cpj-api', '--dry-run', renamed]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/country: the file has no country column .*--column country=/);
    const run = await importCli(['--format', 'cpj-api', '--column', 'country=land', renamed]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ {2}created {5}1\n/);
    const [row] = await t.dataSource.query(
      `SELECT i.country_code AS country, i.place FROM cases c JOIN people p ON p.id = c.person_id
         JOIN incidents i ON i.id = c.incident_id WHERE p.full_name = 'Column Mapping Test'`,
    );
    expect(row).toEqual({ country: 'HN', place: null });
  });

  it('gives every row a value for a column the file lacks through --column status==Killed', async () => {
    const killings = path.join(work, 'killings.csv');
    writeFileSync(killings, 'year,fullName,land\n2012,Constant Column Test,Honduras\n');
    const constant = await importCli([
      '--format',
      'cpj-api',
      '--column',
      'country=land',
      '--column',
      'status==Killed',
      killings,
    ]);
    expect(constant.code).toBe(0);
    expect(constant.stdout).toMatch(/ {2}created {5}1\n/);
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
      file,
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
    const args = ['--format', 'cpj-api', '--mode', 'commit_valid', file];
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
    const format = await importCli(['--format', 'cpj', file]);
    expect(format.code).toBe(1);
    expect(format.stderr).toMatch(/--format <format>' argument 'cpj' is invalid/);
  });
});
