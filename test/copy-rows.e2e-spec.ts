import { DataSource } from 'typeorm';
import { copyChunks, copyRows } from '../src/database/copy-rows.js';
import { createTestDatabase, TestDatabase } from './test-database.js';

/** Rows written with COPY come back as they were written, whatever characters they hold. */
describe('copyRows', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    await dataSource.query(
      `CREATE TABLE copied (n int, t text, b boolean, d date, list text[], doc jsonb)`,
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  it('keeps tabs, line breaks, backslashes, quotes, NULLs and empty values', async () => {
    const awkward = 'tab\there, line\nbreak, return\r, back\\slash, "quotes", {braces}, comma,';
    const rows = [
      [1, awkward, true, '2016-10-02', [awkward, '', 'NULL', 'plain'], { text: awkward, n: [1] }],
      [2, '', false, null, [], { empty: '' }],
      [3, null, null, null, null, null],
      [4, '\\N', true, '1992-01-01', ['\\N'], JSON.stringify(['\t'])],
    ];
    await dataSource.transaction((manager) =>
      copyRows(manager, 'copied', ['n', 't', 'b', 'd', 'list', 'doc'], rows),
    );
    const back: unknown[] = await dataSource.query(
      `SELECT n, t, b, to_char(d, 'YYYY-MM-DD') AS d, list, doc FROM copied ORDER BY n`,
    );
    const parsed = (doc: unknown) => (typeof doc === 'string' ? JSON.parse(doc) : doc);
    expect(back).toEqual(
      rows.map(([n, t, b, d, list, doc]) => ({ n, t, b, d, list, doc: parsed(doc) })),
    );
  });

  it('writes as many rows as it is given, in several chunks', async () => {
    const rows = Array.from({ length: 1234 }, (_, i) => [1000 + i, `row ${i} ${'x'.repeat(100)}`]);
    const chunks = [...copyChunks(rows)];
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('').split('\n')).toHaveLength(1235);
    await dataSource.transaction((manager) => copyRows(manager, 'copied', ['n', 't'], rows));
    const [{ count }]: { count: number }[] = await dataSource.query(
      `SELECT count(*)::int AS count FROM copied WHERE n >= 1000`,
    );
    expect(count).toBe(1234);
  });

  it('takes its rows from a generator, making each as it is sent', async () => {
    let made = 0;
    function* rows() {
      for (let i = 0; i < 500; i++) {
        made += 1;
        yield [5000 + i, `made ${i}`];
      }
    }
    await dataSource.transaction((manager) => copyRows(manager, 'copied', ['n', 't'], rows()));
    const back: { n: number; t: string }[] = await dataSource.query(
      `SELECT n, t FROM copied WHERE n >= 5000 ORDER BY n`,
    );
    expect(made).toBe(500);
    expect(back).toHaveLength(500);
    expect(back[499]).toEqual({ n: 5499, t: 'made 499' });
  });
});
