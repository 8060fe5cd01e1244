import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

import { ADMIN_URL_VAR, TEMPLATE_VAR } from './global-setup.js';

export function adminUrl(): string {
  const url = process.env[ADMIN_URL_VAR];
  if (!url)
    throw new Error(
      `${ADMIN_URL_VAR} is not set: run the tests through jest with test/jest.config.mjs`,
    );
  return url;
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A database of its own for one test file: a copy of the template, or an empty one. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const template = options.empty ? 'template0' : process.env[TEMPLATE_VAR];
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    name,
    url: databaseUrl(name),
    drop: () =>
      withAdminClient(
        async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
      ),
  };
}
