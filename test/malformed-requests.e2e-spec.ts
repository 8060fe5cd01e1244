import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { bearer } from './members.js';
import { REGISTRY_TABLES, tableSnapshot } from './table-snapshot.js';

/**
 * Requests that used to crash a handler (500) or reach the client in Fastify's own shape: each is
 * now a 4xx in the common error shape, naming what is wrong, and writes nothing.
 */
const admin = bearer(ADMIN_KEY);
const evidence = { evidenceLinks: ['https://example.org/report'] };
const TABLES = [...REGISTRY_TABLES, 'proposals', 'status_entries', 'proceedings', 'citations'];

const errorShape = (statusCode: number) => ({
  statusCode,
  error: expect.any(String),
  code: expect.any(String),
  message: expect.any(String),
  details: expect.any(Array),
});
const fields = (body: { details: { field: string }[] }) => body.details.map((d) => d.field);

/** Sends raw bytes and reads the whole answer: supertest cannot send what Node refuses to parse. */
async function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(request);
  });
}

describe('malformed requests', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it.each([
    ['cases', 'case'],
    ['incidents', 'incident'],
    ['status-entries', 'entry'],
    ['proceedings', 'proceeding'],
  ])('refuses a proposal to /proposals/%s without its %s object', async (path, field) => {
    const before = await tableSnapshot(t.dataSource, TABLES);
    for (const missing of [{}, { [field]: null }, { [field]: [] }, { [field]: 'text' }]) {
      const res = await t
        .http()
        .post(`/api/v1/proposals/${path}`)
        .set(admin)
        .send({ ...evidence, caseId: '00000000-0000-4000-8000-000000000000', ...missing });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject(errorShape(400));
      expect(fields(res.body)).toContain(field);
    }
    expect(await tableSnapshot(t.dataSource, TABLES)).toEqual(before);
  });

  it('refuses JSON nested thousands deep before anything walks it, naming the body', async () => {
    const before = await tableSnapshot(t.dataSource, TABLES);
    const deepObject =
      '{"figure":"killings","query":' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) + '}';
    const deepArray = '['.repeat(5000) + ']'.repeat(5000);
    for (const text of [deepObject, deepArray]) {
      const res = await t
        .http()
        .post('/api/v1/citations')
        .set('content-type', 'application/json')
        .send(text);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject(errorShape(400));
      expect(fields(res.body)).toEqual(['body']);
    }
    const graphql = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send(
        `{"query":"mutation($q: JSON) { createCitation(input: {figure: \\"killings\\", query: $q}) { id } }","variables":{"q":${'['.repeat(3000)}${']'.repeat(3000)}}}`,
      );
    expect(graphql.status).toBe(400);
    expect(fields(graphql.body)).toEqual(['body']);
    expect(await tableSnapshot(t.dataSource, TABLES)).toEqual(before);
    // Brackets inside strings are not nesting: this body is refused by validation, not for depth.
    const quoted = await t
      .http()
      .post('/api/v1/citations')
      .send({ figure: 'none', query: { note: '[{'.repeat(100) } });
    expect(quoted.status).toBe(400);
    expect(fields(quoted.body)).toEqual(['figure']);
  });

  it.each([
    [
      'two operations without operationName',
      { query: 'query A { regions { code } } query B { regions { code } }' },
      'operationName',
    ],
    [
      'an unknown operationName',
      { query: 'query A { regions { code } }', operationName: 'Missing' },
      'operationName',
    ],
    [
      'a persisted-query hash that does not match the query',
      {
        query: '{ regions { code } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: 'bogus' } },
      },
      'extensions.persistedQuery',
    ],
    [
      'a persisted-query hash alone',
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } },
      'extensions.persistedQuery',
    ],
    [
      'a persisted-query extension of another version',
      { query: '{ regions { code } }', extensions: { persistedQuery: { version: 7 } } },
      'extensions.persistedQuery',
    ],
  ])('answers GraphQL %s with a 400 in the error shape', async (_name, body, field) => {
    const res = await t.http().post('/graphql').send(body);
    expect(res.status).toBe(400);
    const [error] = res.body.errors;
    expect(error.extensions).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      reason: expect.any(String),
    });
    expect(error.extensions.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(error.extensions.details.map((d: { field: string }) => d.field)).toEqual([field]);
  });

  it('answers an over-long path segment with a 414 in the error shape, without echoing it', async () => {
    const segment = 'x'.repeat(5000);
    const res = await t.http().get(`/api/v1/cases/${segment}`);
    expect(res.status).toBe(414);
    expect(res.body).toMatchObject({ ...errorShape(414), error: 'URI Too Long' });
    expect(res.text).not.toContain('xxxxxxxxxx');
  });

  it('answers a malformed percent-encoding with a 400 in the error shape, without echoing it', async () => {
    const res = await t.http().get('/api/v1/countries/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject(errorShape(400));
    expect(res.text).not.toContain('%E0');
  });

  it('answers headers or a request line past 16 KiB with a 431 in the error shape, without echoing them', async () => {
    for (const request of [
      `GET /api/v1/countries?q=${'y'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET /api/v1/countries HTTP/1.1\r\nHost: x\r\nX-Big: ${'y'.repeat(20_000)}\r\n\r\n`,
    ]) {
      const answer = await rawRequest(port, request);
      expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      expect(body).toMatchObject({
        ...errorShape(431),
        error: 'Request Header Fields Too Large',
      });
      expect(answer).not.toContain('yyyyyyyyyy');
    }
    await t.http().get('/api/v1/regions').expect(200);
  });
});
