import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.setup.js';
import { AppConfig } from '../src/config/app-config.js';
import { createTestDatabase, TestDatabase } from './test-database.js';

export const ADMIN_KEY = 'test-admin-key-0123456789abcdefghijklmnop';

export interface TestApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  /** Posts a GraphQL operation; returns the whole response. */
  graphql: (
    query: string,
    variables?: Record<string, unknown>,
    key?: string,
  ) => Promise<request.Response>;
  close: () => Promise<void>;
}

/** Rate limits far above what any test file sends, unless a test sets its own. */
const UNTHROTTLED = Object.fromEntries(
  [
    'RATE_LIMIT_ANONYMOUS',
    'RATE_LIMIT_ANONYMOUS_WRITES',
    'RATE_LIMIT_KEY',
    'RATE_LIMIT_KEY_WRITES',
    'RATE_LIMIT_FAILED_KEYS',
  ].map((name) => [name, '1000000']),
);

/** The real AppModule on a database of its own (cloned from the migrated, seeded template). */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = AppConfig.fromEnv({
    LOG_LEVEL: 'warn',
    BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    // The webhook dispatcher polls in the background; only the files that test it turn it on, so
    // the others' statement counts see only their own requests.
    WEBHOOK_DISPATCHER: 'false',
    ...UNTHROTTLED,
    ...env,
    DATABASE_URL: db.url,
  });
  const app = await createApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const http = () => request(app.getHttpServer());
  return {
    app,
    db,
    dataSource: app.get(DataSource),
    http,
    graphql: (query, variables, key) => {
      const post = http().post('/graphql').set('content-type', 'application/json');
      if (key) post.set('authorization', `Bearer ${key}`);
      return post.send({ query, variables });
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
