import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { createTestApp, TestApp } from './app-factory.js';

/**
 * The GraphQL schema is committed (schema.gql) so that API changes show in review. This test fails
 * when the served schema and the file differ; `npm run schema:graphql` rewrites the file.
 */
const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'schema.gql');
const UPDATE = process.env.UPDATE_GRAPHQL_SCHEMA === '1';

describe('GraphQL schema file', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it(
    UPDATE ? 'writes schema.gql from the running application' : 'matches the running application',
    () => {
      const { schema } = t.app.get(GraphQLSchemaHost);
      const printed = `${printSchema(lexicographicSortSchema(schema))}\n`;
      if (UPDATE) {
        writeFileSync(SCHEMA_FILE, printed);
        return;
      }
      if (!existsSync(SCHEMA_FILE))
        throw new Error('schema.gql is missing: run npm run schema:graphql');
      const committed = readFileSync(SCHEMA_FILE, 'utf8');
      if (committed !== printed) {
        // The full diff is in the assertion below; say first how to fix it.
        console.warn('schema.gql differs from the served schema: run npm run schema:graphql');
      }
      expect(printed).toBe(committed);
    },
  );
});
