import { get as httpGet, IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

describe('HTTP conventions: CORS, compression, request ids, Link headers', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  describe('CORS', () => {
    it('lets a page on any origin read public data, with the headers clients need exposed', async () => {
      const res = await t
        .http()
        .get('/api/v1/countries/FR')
        .set('origin', 'https://newsroom.example')
        .expect(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-expose-headers']).toMatch(/ETag.*Link.*X-Request-Id/);
    });

    it('answers a preflight for a write with a key', async () => {
      const res = await t
        .http()
        .options('/api/v1/cases')
        .set('origin', 'https://newsroom.example')
        .set('access-control-request-method', 'PATCH')
        .set('access-control-request-headers', 'authorization, content-type, if-match')
        .expect(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-methods']).toContain('PATCH');
      expect(res.headers['access-control-allow-headers']).toBe(
        'authorization, content-type, if-match',
      );
    });

    it('allows only the configured origins when CORS_ORIGINS lists them', async () => {
      const limited = await createTestApp({ CORS_ORIGINS: 'https://a.example,https://b.example' });
      try {
        const allowed = await limited
          .http()
          .get('/health')
          .set('origin', 'https://b.example')
          .expect(200);
        expect(allowed.headers['access-control-allow-origin']).toBe('https://b.example');
        const other = await limited
          .http()
          .get('/health')
          .set('origin', 'https://c.example')
          .expect(200);
        expect(other.headers['access-control-allow-origin']).toBeUndefined();
      } finally {
        await limited.close();
      }
    });
  });

  describe('compression', () => {
    // node:http, so that the bytes are read as sent (HTTP client libraries decompress them).
    const get = async (url: string, encoding: string) => {
      const server = t.app.getHttpServer();
      if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      const { port } = server.address() as AddressInfo;
      return new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) =>
        httpGet(
          { host: '127.0.0.1', port, path: url, headers: { 'accept-encoding': encoding } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          },
        ).on('error', reject),
      );
    };

    it('sends large bodies with brotli or gzip as the client accepts, small ones as they are', async () => {
      const plain = await get('/docs-json', 'identity');
      expect(plain.headers['content-encoding']).toBeUndefined();

      const br = await get('/docs-json', 'br');
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.body)).toEqual(plain.body);
      expect(br.body.length).toBeLessThan(plain.body.length / 4);

      const gzip = await get('/api/v1/countries', 'gzip');
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(gunzipSync(gzip.body).toString()).data.length).toBeGreaterThan(100);

      const small = await get('/health/live', 'gzip, br');
      expect(small.headers['content-encoding']).toBeUndefined();
    });
  });

  describe('X-Request-Id', () => {
    it('echoes the id a client sends, and records it in the audit trail of a write', async () => {
      const res = await t
        .http()
        .post('/api/v1/people')
        .set('authorization', `Bearer ${ADMIN_KEY}`)
        .set('x-request-id', 'trace-0042')
        .send({ fullName: 'Request Id Person' })
        .expect(201);
      expect(res.headers['x-request-id']).toBe('trace-0042');
      const [entry] = await t.dataSource.query(
        `SELECT request_id FROM audit_log WHERE entity_id = $1`,
        [res.body.id],
      );
      expect(entry.request_id).toBe('trace-0042');
    });

    it('gives a request without one (or with an unusable one) a new UUID', async () => {
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
      const none = await t.http().get('/health/live').expect(200);
      expect(none.headers['x-request-id']).toMatch(uuid);
      const bad = await t.http().get('/health/live').set('x-request-id', 'a b\tc').expect(200);
      expect(bad.headers['x-request-id']).toMatch(uuid);
      const long = await t.http().get('/health/live').set('x-request-id', 'x'.repeat(200));
      expect(long.headers['x-request-id']).toMatch(uuid);
    });
  });

  describe('Link', () => {
    it('points to the next page beside pageInfo.nextCursor, keeping the filters, and not on the last', async () => {
      for (const fullName of ['Link Aa', 'Link Bb', 'Link Cc']) {
        await t
          .http()
          .post('/api/v1/people')
          .set('authorization', `Bearer ${ADMIN_KEY}`)
          .send({ fullName })
          .expect(201);
      }
      const seen: string[] = [];
      let url: string | undefined = '/api/v1/people?q=Link&limit=2';
      let pages = 0;
      while (url) {
        const res = await t.http().get(url).expect(200);
        pages += 1;
        seen.push(...res.body.data.map((p: { fullName: string }) => p.fullName));
        const link = res.headers.link as string | undefined;
        if (res.body.pageInfo.nextCursor) {
          const next = /^<([^>]+)>; rel="next"$/.exec(link ?? '')?.[1];
          expect(next).toBeDefined();
          const target = new URL(next!, 'http://x');
          expect(target.pathname).toBe('/api/v1/people');
          expect(target.searchParams.get('q')).toBe('Link');
          expect(target.searchParams.get('cursor')).toBe(res.body.pageInfo.nextCursor);
          url = next;
        } else {
          expect(link).toBeUndefined();
          url = undefined;
        }
      }
      expect(pages).toBe(2);
      expect(seen.sort()).toEqual(['Link Aa', 'Link Bb', 'Link Cc']);
    });
  });
});
