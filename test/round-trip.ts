import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

const auth = { authorization: `Bearer ${ADMIN_KEY}` };

/**
 * Status entries are numbered by each database (their ids, and those corrections name);
 * everything else of an export must match.
 */
export const withoutEntryIds = (csv: string) =>
  csv.replace(/""(id|supersedesId)"":""\d+""/g, '""$1"":""…""');

/**
 * Exports every case of `t` (CSV, retracted ones too), imports the file into an empty database
 * (a new test app, with `env`) and exports again: the same cases, byte for byte but for the ids of
 * status entries. `more` runs further checks on the other database before it is dropped.
 */
export async function expectRoundTrip(
  t: TestApp,
  env: Record<string, string> = {},
  more?: (other: TestApp) => Promise<void>,
): Promise<void> {
  const exported = await t
    .http()
    .get('/api/v1/exports/cases.csv')
    .query({ includeRetracted: 'true' })
    .expect(200);
  const other = await createTestApp(env);
  try {
    const res = await other
      .http()
      .post('/api/v1/imports')
      .query({ format: 'canonical-csv', wait: 'true' })
      .set(auth)
      .set('content-type', 'text/csv')
      .send(exported.text);
    expect(res.body.state).toBe('succeeded');
    expect(res.body.summary).toMatchObject({
      created: Number(exported.headers['x-export-row-count']),
      rejected: 0,
    });
    const again = await other
      .http()
      .get('/api/v1/exports/cases.csv')
      .query({ includeRetracted: 'true' });
    expect(withoutEntryIds(again.text)).toBe(withoutEntryIds(exported.text));
    await more?.(other);
  } finally {
    await other.close();
  }
}
