import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

/** POST /imports with a multipart/form-data form, as browsers and `curl -F` send files. */
const HERE = path.dirname(fileURLToPath(import.meta.url));
const file = readFileSync(path.join(HERE, 'fixtures', 'imports', 'cpj-api.csv'));
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

describe('imports sent as multipart/form-data', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  const cases = async () =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM cases`))[0].n);

  it('takes the file from the "file" field and the options from the other fields, answering 202 with Location', async () => {
    const before = await cases();
    const res = await t
      .http()
      .post('/api/v1/imports')
      .set(auth)
      .field('format', 'cpj-api')
      .field('mode', 'commit_valid')
      .field('wait', 'true')
      .attach('file', file, { filename: 'cpj-api.csv', contentType: 'text/csv' })
      .expect(202);
    expect(res.headers.location).toBe(`/api/v1/imports/${res.body.id}`);
    expect(res.body).toMatchObject({ state: 'succeeded', format: 'cpj-api' });
    expect(await cases()).toBeGreaterThan(before);
    const job = await t.http().get(res.headers.location).set(auth).expect(200);
    expect(job.body.id).toBe(res.body.id);
  });

  it('gives the same job as the raw body does, and the URL’s parameters win over fields', async () => {
    const raw = await t
      .http()
      .post('/api/v1/imports')
      .query({ format: 'cpj-api', mode: 'commit_valid', wait: 'true', dryRun: 'true' })
      .set(auth)
      .set('content-type', 'text/csv')
      .send(file)
      .expect(202);
    expect(raw.headers.location).toBe(`/api/v1/imports/${raw.body.id}`);
    const form = await t
      .http()
      .post('/api/v1/imports')
      .query({ format: 'cpj-api', wait: 'true', dryRun: 'true' })
      .set(auth)
      .field('format', 'cpj-legacy')
      .field('mode', 'commit_valid')
      .attach('file', file, 'cpj-api.csv')
      .expect(202);
    expect(form.body.format).toBe('cpj-api');
    expect(form.body.summary.records).toBe(raw.body.summary.records);
  });

  it('refuses a form without a file, naming the field, and a bad option, naming it', async () => {
    const before = await cases();
    const noFile = await t
      .http()
      .post('/api/v1/imports')
      .set(auth)
      .field('format', 'cpj-api')
      .expect(400);
    expect(noFile.body).toMatchObject({ statusCode: 400, details: [{ field: 'body' }] });
    expect(noFile.body.details[0].message).toMatch(/multipart/);
    const badOption = await t
      .http()
      .post('/api/v1/imports')
      .set(auth)
      .field('format', 'no-such-format')
      .attach('file', file, 'cpj-api.csv')
      .expect(400);
    expect(badOption.body.details.map((d: { field: string }) => d.field)).toContain('format');
    expect(await cases()).toBe(before);
  });

  it('is refused on routes that do not take files, and without a key', async () => {
    const other = await t
      .http()
      .post('/api/v1/people')
      .set(auth)
      .field('fullName', 'Sent As A Form')
      .expect(415);
    expect(other.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    await t
      .http()
      .post('/api/v1/imports')
      .field('format', 'cpj-api')
      .attach('file', file, 'cpj-api.csv')
      .expect(401);
  });

  describe('past IMPORT_MAX_BYTES', () => {
    let small: TestApp;
    beforeAll(async () => (small = await createTestApp({ IMPORT_MAX_BYTES: '2048' })));
    afterAll(() => small.close());

    it('answers 413 for a larger file, as a form or as the body, and writes nothing', async () => {
      const big = Buffer.concat([file, Buffer.alloc(4096, '\n')]);
      const jobs = async () =>
        Number((await small.dataSource.query(`SELECT count(*) AS n FROM import_jobs`))[0].n);
      const form = await small
        .http()
        .post('/api/v1/imports')
        .set(auth)
        .field('format', 'cpj-api')
        .attach('file', big, { filename: 'big.csv', contentType: 'text/csv' })
        .expect(413);
      expect(form.body).toMatchObject({ statusCode: 413, message: expect.stringMatching(/2048/) });
      const raw = await small
        .http()
        .post('/api/v1/imports')
        .query({ format: 'cpj-api' })
        .set(auth)
        .set('content-type', 'text/csv')
        .send(big)
        .expect(413);
      expect(raw.body.statusCode).toBe(413);
      expect(await jobs()).toBe(0);
    });
  });
});
