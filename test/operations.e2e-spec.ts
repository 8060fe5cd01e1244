import SwaggerParser from '@apidevtools/swagger-parser';
import { jest } from '@jest/globals';
import { createTestApp, TestApp } from './app-factory.js';
import { withAdminClient } from './test-database.js';

interface Operation {
  responses?: Record<string, unknown>;
  parameters?: unknown[];
  requestBody?: unknown;
}

describe('operations endpoints', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  describe('GET /health', () => {
    it('answers 200 while the database answers', async () => {
      const res = await t.http().get('/health').expect(200);
      expect(res.body).toEqual({
        status: 'ok',
        database: 'up',
        databaseLatencyMs: expect.any(Number),
        uptimeSeconds: expect.any(Number),
      });
    });

    it('answers 503 in the common error shape while the database is unreachable, and recovers', async () => {
      const name = t.db.name;
      // The pool reports its cut connections through TypeORM's console logger: expected here.
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      // Refuse new connections first, then cut the pool's open ones.
      await withAdminClient(async (admin) => {
        await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`,
          [name],
        );
      });
      try {
        const res = await t.http().get('/health').expect(503);
        expect(res.body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          code: 'service_unavailable',
          message: 'The database is not reachable',
          details: [],
        });
      } finally {
        await withAdminClient((admin) =>
          admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`),
        );
      }
      await t.http().get('/health').expect(200);
      warn.mockRestore();
      log.mockRestore();
    });

    it('needs no API key, and refuses a malformed one like every route', async () => {
      await t.http().get('/health').set('authorization', 'Basic abc').expect(401);
    });
  });

  describe('GET /health/live and /health/ready', () => {
    it('live answers 200 without asking the database; ready answers 200 with nothing pending', async () => {
      const live = await t.http().get('/health/live').expect(200);
      expect(live.body).toEqual({ status: 'ok', uptimeSeconds: expect.any(Number) });
      const ready = await t.http().get('/health/ready').expect(200);
      expect(ready.body).toMatchObject({ status: 'ok', database: 'up', pendingMigrations: 0 });
    });

    it('ready answers 503 naming a migration this build has and the database has not applied', async () => {
      // TypeORM answers a DELETE … RETURNING with [rows, count].
      const [[last]] = (await t.dataSource.query(
        `DELETE FROM schema_migrations WHERE id = (SELECT max(id) FROM schema_migrations) RETURNING *`,
      )) as [{ id: number; timestamp: string; name: string }[], number];
      try {
        const res = await t.http().get('/health/ready').expect(503);
        expect(res.body).toMatchObject({ code: 'service_unavailable', details: [] });
        expect(res.body.message).toContain(`1 migration(s) pending (${last.name})`);
        await t.http().get('/health/live').expect(200);
      } finally {
        await t.dataSource.query(
          `INSERT INTO schema_migrations (id, timestamp, name) VALUES ($1, $2, $3)`,
          [last.id, last.timestamp, last.name],
        );
      }
      await t.http().get('/health/ready').expect(200);
    });

    it('ready answers 503 while the database is unreachable, live still 200', async () => {
      const name = t.db.name;
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
      await withAdminClient(async (admin) => {
        await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`,
          [name],
        );
      });
      try {
        const res = await t.http().get('/health/ready').expect(503);
        expect(res.body).toMatchObject({ message: 'The database is not reachable' });
        await t.http().get('/health/live').expect(200);
      } finally {
        await withAdminClient((admin) =>
          admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`),
        );
      }
      await t.http().get('/health/ready').expect(200);
      warn.mockRestore();
      log.mockRestore();
    });
  });

  describe('GET /metrics', () => {
    it('serves Prometheus text with the request-duration histogram, by route', async () => {
      await t.http().get('/health').expect(200);
      const res = await t.http().get('/metrics').expect(200);
      expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
      expect(res.text).toMatch(
        /^http_request_duration_seconds_count\{method="GET",route="\/health",status="200"\} [1-9]\d*$/m,
      );
      expect(res.text).toContain('# TYPE process_cpu_user_seconds_total counter');
    });
  });

  describe('API documentation', () => {
    it('serves Swagger UI at /docs', async () => {
      const res = await t.http().get('/docs').redirects(1).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('swagger-ui');
    });

    it('serves a valid OpenAPI 3 document at /docs-json', async () => {
      const res = await t.http().get('/docs-json').expect(200);
      const document = res.body as {
        openapi: string;
        paths: Record<string, Record<string, Operation>>;
      };
      expect(document.openapi).toMatch(/^3\./);
      // Validates against the OpenAPI 3 schema and resolves every $ref.
      await SwaggerParser.validate(structuredClone(document) as never);
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/health', '/metrics', '/api/v1/countries']),
      );
    });

    it('documents a 400 for every operation that takes input, and a 401 for every one', async () => {
      const { body } = await t.http().get('/docs-json').expect(200);
      const paths = (body as { paths: Record<string, Record<string, Operation>> }).paths;
      const problems: string[] = [];
      for (const [route, operations] of Object.entries(paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const codes = Object.keys(operation.responses ?? {});
          const takesInput = (operation.parameters ?? []).length > 0 || !!operation.requestBody;
          if (takesInput && !codes.includes('400'))
            problems.push(`${method.toUpperCase()} ${route}: takes input but documents no 400`);
          if (!codes.includes('401'))
            problems.push(`${method.toUpperCase()} ${route}: no 401 (malformed or unknown key)`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('names operations for client generators, says who may call each, and documents PATCH bodies', async () => {
      const { body } = await t.http().get('/docs-json').expect(200);
      const document = body as {
        paths: Record<string, Record<string, Operation & Record<string, unknown>>>;
        components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
      };
      const ids: string[] = [];
      for (const operations of Object.values(document.paths)) {
        for (const operation of Object.values(operations)) {
          ids.push(String(operation.operationId));
          expect(operation.security).toBeDefined();
          expect(String(operation.description)).toMatch(/Public: no key needed|Needs an API key/);
        }
      }
      expect(ids.filter((id) => !/^[a-z]+[A-Z][A-Za-z]+$/.test(id))).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expect.arrayContaining(['listCases', 'getCase', 'updatePerson']));
      for (const [path, name] of [
        ['/api/v1/cases/{id}', 'UpdateCaseBody'],
        ['/api/v1/people/{id}', 'UpdatePersonBody'],
        ['/api/v1/incidents/{id}', 'UpdateIncidentBody'],
      ]) {
        expect(JSON.stringify(document.paths[path].patch.requestBody)).toContain(name);
        expect(
          Object.keys(document.components.schemas[name].properties ?? {}).length,
        ).toBeGreaterThan(1);
      }
      const killings = document.paths['/api/v1/statistics/killings'].get;
      const headers = (killings.parameters as { in: string; name: string; required?: boolean }[])
        .filter((p) => p.in === 'header')
        .map((p) => [p.name, p.required]);
      expect(headers).toEqual([
        ['If-None-Match', false],
        ['Cache-Control', false],
      ]);
    });
  });
});
