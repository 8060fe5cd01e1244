import { storeHeldCandidates } from '../migrations/1764320000000-held-records-placed.js';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

/**
 * Held records are part of what a figure states, so holding one advances the dataset revision
 * (figures cached at the revision before are not served again), a re-import that changes nothing
 * does not, and records held before their candidate countries were stored get them.
 */
const FILE = [
  'year,fullName,status,country,location',
  '2024,Revision Held One,Killed,Israel and the Occupied Palestinian Territory,Al-Mawasi',
  '2005,Revision Held Two,Killed,Kosovo,Pristina',
].join('\n');
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

describe('Held records and the dataset revision (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t?.close());

  const importFile = async () =>
    (
      await t
        .http()
        .post('/api/v1/imports')
        .query({ format: 'cpj-api', wait: 'true' })
        .set(auth)
        .set('content-type', 'text/csv')
        .send(FILE)
        .expect(202)
    ).body.summary;
  /** A figure as any client reads it: from the cache when the revision allows. */
  const killings = async (query: Record<string, string> = {}) =>
    (await t.http().get('/api/v1/statistics/killings').query(query).expect(200)).body as {
      held: number;
      revision: string;
    };

  it('advances when an import only holds records, and not when it is imported again', async () => {
    const before = await killings();
    expect(before.held).toBe(0);
    expect(await importFile()).toMatchObject({ created: 0, held: 2, rejected: 0 });
    const after = await killings();
    expect(after.revision).not.toBe(before.revision);
    expect(after.held).toBe(2);

    expect(await importFile()).toMatchObject({ created: 0, rejected: 0 });
    expect((await killings()).revision).toBe(after.revision);
  });

  it('stores the candidates of records held without them, so country filters place them', async () => {
    await t.dataSource.query(
      `UPDATE import_sources SET raw = raw - 'candidates' WHERE case_id IS NULL`,
    );
    // Without candidates, a record may be anywhere: it is counted under every country.
    expect((await killings({ country: 'MX' })).held).toBe(2);

    await t.dataSource.transaction((manager) => storeHeldCandidates(manager));
    const stored: { candidates: string[] }[] = await t.dataSource.query(
      `SELECT raw->'candidates' AS candidates FROM import_sources WHERE case_id IS NULL ORDER BY source_key`,
    );
    expect(stored.map((row) => [...row.candidates].sort())).toEqual([
      ['IL', 'PS'],
      ['CS', 'XK'],
    ]);
    expect((await killings({ country: 'MX' })).held).toBe(0);
    expect((await killings({ country: 'PS' })).held).toBe(1);
    expect((await killings({ country: 'XK' })).held).toBe(1);
  });
});
