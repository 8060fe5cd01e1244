import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';

/**
 * Statement texts run as named prepared statements, at most this many per process: each is
 * prepared once on each pooled connection that runs it and kept there, so their number bounds
 * what PostgreSQL holds for them. Texts past the bound run as before, parsed and planned each time.
 */
const MAX_PREPARED = 100;

/** The name of each text prepared so far. */
const names = new Map<string, string>();

function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (!name && names.size < MAX_PREPARED) {
    name = `q${createHash('sha1').update(text).digest('base64url')}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a read on a pooled connection as a named prepared statement (node-postgres prepares it
 * there on first use), sparing PostgreSQL the parsing and planning of a long statement that a
 * page runs again and again; the planner still plans for the values given until a generic plan
 * is known to do as well. Errors are TypeORM's QueryFailedError, as for any other query.
 */
export async function preparedQuery<T>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    try {
      const result = await client.query({ name: nameOf(text), text, values });
      return result.rows as T[];
    } catch (error) {
      throw new QueryFailedError(text, values, error as Error);
    }
  } finally {
    await runner.release();
  }
}
