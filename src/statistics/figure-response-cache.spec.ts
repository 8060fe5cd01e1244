import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import Fastify, { FastifyInstance } from 'fastify';
import { FigureResponseCache } from './figure-response-cache.js';
import type { StatisticsRepository } from './statistics.repository.js';

/**
 * The response cache in front of a bare Fastify route that plays the pipeline: it counts the
 * requests that reach it and remembers each anonymous answer at the revision of the moment.
 */
describe('FigureResponseCache', () => {
  let server: FastifyInstance;
  /** A GET on the server, its body as sent (not decompressed). */
  const request = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: Record<string, unknown>; raw: Buffer }>(
      (resolve, reject) => {
        const { port } = server.server.address() as AddressInfo;
        get({ host: '127.0.0.1', port, path, headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              raw: Buffer.concat(chunks),
            }),
          );
        }).on('error', reject);
      },
    );
  let revision = '7';
  let reached = 0;
  const large = { groups: Array.from({ length: 2_000 }, (_, i) => ({ key: { n: i }, value: i })) };

  beforeAll(async () => {
    const cache = new FigureResponseCache({
      currentRevision: async () => revision,
    } as unknown as StatisticsRepository);
    server = Fastify();
    server.addHook('onRequest', cache.onRequest);
    server.get('/figure', async (request, reply) => {
      reached += 1;
      const body = request.query && 'large' in (request.query as object) ? large : { value: 1 };
      const etag = `"${revision}-x"`;
      cache.remember(request, revision, etag, Buffer.from(JSON.stringify(body)));
      return reply.header('ETag', etag).send(body);
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => server.close());

  it('serves a large body gzipped to clients that accept it, and plain to others', async () => {
    const gzip = { 'accept-encoding': 'gzip, deflate, br' };
    await request('/figure?large');
    // The first client asking for gzip starts the compression, and is sent the plain body.
    const first = await request('/figure?large', gzip);
    expect(first.headers['content-encoding']).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const gzipped = await request('/figure?large', gzip);
    const plain = await request('/figure?large');
    expect(reached).toBe(1);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.raw.length).toBeLessThan(plain.raw.length / 3);
    expect(JSON.parse(gunzipSync(gzipped.raw).toString('utf8'))).toEqual(large);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.raw.toString('utf8'))).toEqual(large);
    expect(plain.headers.vary).toBe('Authorization, Accept-Encoding');
  });

  it('lets the request through once the revision has moved, and for a caller with a key', async () => {
    reached = 0;
    await request('/figure');
    const again = await request('/figure', { 'if-none-match': '"7-x"' });
    expect(again.status).toBe(304);
    expect(reached).toBe(1);
    await request('/figure', { authorization: 'Bearer k' });
    expect(reached).toBe(2);
    revision = '8';
    const moved = await request('/figure');
    expect(reached).toBe(3);
    expect(moved.headers.etag).toBe('"8-x"');
    await request('/figure', { 'cache-control': 'no-cache' });
    expect(reached).toBe(4);
  });
});
