import type { TestApp } from './app-factory.js';

const TABLES = { case: 'cases', incident: 'incidents', person: 'people' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The current version of a record (1 for one that does not exist, as for a fresh record). */
export async function versionOf(
  t: TestApp,
  kind: keyof typeof TABLES,
  id: string,
): Promise<number> {
  if (!UUID.test(id)) return 1;
  const rows: { version: number }[] = await t.dataSource.query(
    `SELECT version FROM ${TABLES[kind]} WHERE id = $1`,
    [id],
  );
  return rows[0]?.version ?? 1;
}

/** An If-Match header naming the record's current version, as a client would send after a GET. */
export async function ifMatch(
  t: TestApp,
  kind: keyof typeof TABLES,
  id: string,
): Promise<{ 'if-match': string }> {
  return { 'if-match': `W/"${await versionOf(t, kind, id)}"` };
}
