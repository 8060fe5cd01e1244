import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CPJ_FILE = readFileSync(path.join(HERE, 'fixtures', 'imports', 'cpj-api.csv'), 'utf8');

const IMPORT = `mutation ($options: ImportOptionsInput!, $content: String!) {
  importFile(options: $options, content: $content) {
    id format mode dryRun state phase error rowsRead rejectsUrl
    summary { rowsRead records created updated unchanged held rejected flagged committed
              heldRecords { rows key reason } flaggedRecords { rows flags } }
  }
}`;
const JOB = `query ($id: ID!) { importJob(id: $id) { id state summary { created } } }`;
const REJECTS = `query ($jobId: ID!, $first: Int) {
  importRejects(jobId: $jobId, first: $first) { row field reason }
}`;
const HELD = `query ($source: ImportSource, $first: Int, $after: String) {
  heldImportRecords(source: $source, first: $first, after: $after) {
    data { source key countryLabel candidates reason fullName datePrecision rows }
    pageInfo { nextCursor }
  }
}`;
const RESOLVE = `mutation ($input: ResolveHeldImportRecordInput!) {
  resolveHeldImportRecord(input: $input) { caseId url record { countryCode reason } }
}`;

/** Imports through GraphQL: the same jobs, rejects and held records as the REST API. */
describe('Imports through GraphQL (e2e)', () => {
  let t: TestApp;
  const count = async (sql: string) => Number((await t.dataSource.query(sql))[0].n);
  const errorOf = (res: { body: { errors?: { extensions: Record<string, unknown> }[] } }) =>
    res.body.errors?.[0]?.extensions;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: 'https://tracker.example.org' });
  });
  afterAll(() => t.close());

  it('refuses the anonymous caller', async () => {
    const res = await t.graphql(IMPORT, { options: { format: 'cpj_api' }, content: CPJ_FILE });
    expect(errorOf(res)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await count(`SELECT count(*) AS n FROM import_jobs`)).toBe(0);
  });

  it('takes a value for every row through column, for a file without the column', async () => {
    const res = await t.graphql(
      IMPORT,
      {
        options: { format: 'cpj_api', column: ['status==Killed'], wait: true },
        content: 'year,fullName,country\n2018,Graphql Constant Test,Peru\n',
      },
      ADMIN_KEY,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.importFile).toMatchObject({
      state: 'succeeded',
      summary: { created: 1, rejected: 0 },
    });
    const [row] = await t.dataSource.query(
      `SELECT c.outcome FROM cases c JOIN people p ON p.id = c.person_id
        WHERE p.full_name = 'Graphql Constant Test'`,
    );
    expect(row).toEqual({ outcome: 'killed' });
  });

  it('imports a file given as text, with its summary and rejects, as POST /imports does', async () => {
    const res = await t.graphql(
      IMPORT,
      {
        options: { format: 'cpj_api', mode: 'commit_valid', statusDate: '2020-01-01', wait: true },
        content: CPJ_FILE,
      },
      ADMIN_KEY,
    );
    expect(res.body.errors).toBeUndefined();
    const job = res.body.data.importFile;
    expect(job).toMatchObject({
      format: 'cpj_api',
      mode: 'commit_valid',
      dryRun: false,
      state: 'succeeded',
      phase: 'done',
      error: null,
      rowsRead: 11,
      rejectsUrl: `/api/v1/imports/${job.id}/rejects.csv`,
      summary: { rowsRead: 11, records: 7, created: 6, held: 1, rejected: 2, committed: true },
    });
    expect(job.summary.heldRecords).toEqual([
      {
        rows: [9],
        key: expect.stringContaining('israel'),
        reason: expect.stringMatching(/IL and PS/),
      },
    ]);
    const rejects = await t.graphql(REJECTS, { jobId: job.id }, ADMIN_KEY);
    expect(rejects.body.data.importRejects).toEqual([
      { row: 11, field: 'status', reason: '"Vanished" is not Killed, Imprisoned or Missing' },
      { row: 12, field: 'country', reason: '"Atlantis" is not a country the tracker knows' },
    ]);
    const first = await t.graphql(REJECTS, { jobId: job.id, first: 1 }, ADMIN_KEY);
    expect(first.body.data.importRejects).toEqual([
      { row: 11, field: 'status', reason: expect.any(String) },
    ]);
    const again = await t.graphql(JOB, { id: job.id }, ADMIN_KEY);
    expect(again.body.data.importJob).toEqual({
      id: job.id,
      state: 'succeeded',
      summary: { created: 6 },
    });
    const rest = await t
      .http()
      .get(`/api/v1/imports/${job.id}`)
      .set('authorization', `Bearer ${ADMIN_KEY}`)
      .expect(200);
    expect(rest.body).toMatchObject({ id: job.id, format: 'cpj-api', state: 'succeeded' });
  });

  it('runs in the background without wait, and the job can be polled', async () => {
    const res = await t.graphql(
      IMPORT,
      { options: { format: 'cpj_api', mode: 'commit_valid' }, content: CPJ_FILE },
      ADMIN_KEY,
    );
    const { id, state } = res.body.data.importFile;
    expect(['queued', 'running', 'succeeded']).toContain(state);
    let job = res.body.data.importFile;
    for (let i = 0; i < 100 && !['succeeded', 'failed'].includes(job.state); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await t.graphql(JOB, { id }, ADMIN_KEY)).body.data.importJob;
    }
    // The same file again: every record is already there.
    expect(job).toMatchObject({ state: 'succeeded', summary: { created: 0 } });
  });

  it('lists the held record and lets a reviewer settle its country, once', async () => {
    const held = await t.graphql(HELD, { source: 'cpj', first: 10 }, ADMIN_KEY);
    expect(held.body.errors).toBeUndefined();
    const [record] = held.body.data.heldImportRecords.data;
    expect(held.body.data.heldImportRecords.data).toHaveLength(1);
    expect(record).toMatchObject({
      source: 'cpj',
      countryLabel: 'Israel and the Occupied Palestinian Territory',
      candidates: ['IL', 'PS'],
      datePrecision: expect.any(String),
      rows: [9],
    });
    const before = await count(`SELECT count(*) AS n FROM cases`);
    const input = { source: 'cpj', key: record.key, countryCode: 'PS', note: 'Ramallah' };
    const resolved = await t.graphql(RESOLVE, { input }, ADMIN_KEY);
    expect(resolved.body.errors).toBeUndefined();
    const { caseId, url, record: settled } = resolved.body.data.resolveHeldImportRecord;
    expect(url).toBe(`/api/v1/cases/${caseId}`);
    expect(settled).toEqual({ countryCode: 'PS', reason: null });
    expect(await count(`SELECT count(*) AS n FROM cases`)).toBe(before + 1);
    const twice = await t.graphql(RESOLVE, { input }, ADMIN_KEY);
    expect(errorOf(twice)).toMatchObject({ statusCode: 409 });
    const after = await t.graphql(HELD, { source: 'cpj' }, ADMIN_KEY);
    expect(after.body.data.heldImportRecords.data).toEqual([]);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const jobs = await count(`SELECT count(*) AS n FROM import_jobs`);
    const badDate = await t.graphql(
      IMPORT,
      { options: { format: 'cpj_api', statusDate: '2020-13-01' }, content: CPJ_FILE },
      ADMIN_KEY,
    );
    expect(errorOf(badDate)).toMatchObject({
      statusCode: 400,
      details: [expect.objectContaining({ field: 'options.statusDate' })],
    });
    const badEncoding = await t.graphql(
      IMPORT,
      { options: { format: 'cpj_api', fallbackEncoding: 'klingon' }, content: CPJ_FILE },
      ADMIN_KEY,
    );
    expect(errorOf(badEncoding)).toMatchObject({
      statusCode: 400,
      details: [expect.objectContaining({ field: 'fallbackEncoding' })],
    });
    const tooLong = await t.graphql(
      IMPORT,
      { options: { format: 'cpj_api' }, content: 'x'.repeat(5 * 1024 * 1024 + 1) },
      ADMIN_KEY,
    );
    expect(errorOf(tooLong)).toMatchObject({
      statusCode: 400,
      details: [expect.objectContaining({ field: 'content' })],
    });
    expect(await count(`SELECT count(*) AS n FROM import_jobs`)).toBe(jobs);

    const badId = await t.graphql(JOB, { id: 'not-a-uuid' }, ADMIN_KEY);
    expect(errorOf(badId)).toMatchObject({
      statusCode: 400,
      details: [expect.objectContaining({ field: 'id' })],
    });
    const missing = await t.graphql(JOB, { id: '00000000-0000-4000-8000-000000000000' }, ADMIN_KEY);
    expect(errorOf(missing)).toMatchObject({ statusCode: 404 });
    const dryRun = await t.graphql(
      IMPORT,
      { options: { format: 'cpj_api', dryRun: true, wait: true }, content: CPJ_FILE },
      ADMIN_KEY,
    );
    const { id } = dryRun.body.data.importFile;
    const badFirst = await t.graphql(REJECTS, { jobId: id, first: 0 }, ADMIN_KEY);
    expect(errorOf(badFirst)).toMatchObject({
      statusCode: 400,
      details: [expect.objectContaining({ field: 'first' })],
    });
    const badPage = await t.graphql(HELD, { first: 500 }, ADMIN_KEY);
    expect(errorOf(badPage)).toMatchObject({
      statusCode: 400,
      details: [expect.objectContaining({ field: 'first' })],
    });
    const badCountry = await t.graphql(
      RESOLVE,
      { input: { source: 'cpj', key: 'x', countryCode: 'Palestine' } },
      ADMIN_KEY,
    );
    expect(errorOf(badCountry)).toMatchObject({
      statusCode: 400,
      details: [expect.objectContaining({ field: 'countryCode' })],
    });
  });
});
