import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

/**
 * A grouped figure states, per group, the records held for a reviewer that fall in it as far as
 * they can be placed: a record whose candidate countries lie in one group (one country once the
 * filters narrow them, or one region) goes to that group, a dated record to its year; the others
 * are counted apart, with a note. REST (both shapes), GraphQL and citations say the same.
 */
const COMBINED = 'Israel and the Occupied Palestinian Territory';
const FILE = [
  'Type,Date,Name,Sex,Country_killed,Medium,Type_death',
  // Held: IL or PS (two UNESCO regions).
  `Motive Confirmed,"March 3, 2024",Iopt One Test,Female,${COMBINED},Television,Murder`,
  `Motive Confirmed,"May 5, 2024",Iopt Two Test,Male,${COMBINED},Radio,Crossfire`,
  `Motive Confirmed,Date unknown,Iopt Undated Test,Male,${COMBINED},Print,Murder`,
  // Held: CD or CG (both in Africa).
  'Motive Confirmed,"June 1, 2023",Congo Held Test,Male,Congolese,Radio,Murder',
  // Held: ID or TL before Timor-Leste's independence (both in Asia and the Pacific).
  'Motive Confirmed,"May 1, 1999",Timor Held Test,Male,East Timor,Print,Murder',
  // Cases.
  'Motive Confirmed,"August 8, 2024",Placed Mexico Test,Female,Mexico,Television,Murder',
  'Motive Confirmed,"September 9, 2023",Placed Congo Test,Male,"Congo, Democratic Republic of",Radio,Murder',
].join('\n');
const auth = { authorization: `Bearer ${ADMIN_KEY}` };

interface Group {
  key: Record<string, string | number | null>;
  value: number | null;
  held: number;
  note: string | null;
}
interface Figure {
  held: number;
  heldUnplaced: number;
  heldNote: string | null;
  groups: Group[];
}

/** [query, groups as [key values…, value, held], held in total, held in no group]. */
type Row = [Record<string, string>, (string | number | null)[][], number, number];

describe('Held records per group of a figure (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const res = await t
      .http()
      .post('/api/v1/imports')
      .query({ format: 'cpj-legacy', wait: 'true' })
      .set(auth)
      .set('content-type', 'text/csv')
      .send(FILE);
    expect(res.body.summary).toMatchObject({ created: 2, held: 5, rejected: 0 });
  });
  afterAll(() => t?.close());

  const figure = async (path: string, query: Record<string, string>) => {
    const res = await t
      .http()
      .get(`/api/v1/statistics/${path}`)
      .query(query)
      .set('cache-control', 'no-cache');
    expect(res.status).toBe(200);
    return res.body as Figure;
  };
  const table = (f: Figure) => f.groups.map((g) => [...Object.values(g.key), g.value, g.held]);

  it.each<Row>([
    // Years: a dated record goes to its year (1999 has no case: its group is added); the
    // undated one goes to none.
    [
      { groupBy: 'year' },
      [
        [1999, 0, 1],
        [2023, 1, 1],
        [2024, 1, 2],
      ],
      5,
      1,
    ],
    // Countries: every held record has two candidate countries.
    [
      { groupBy: 'country' },
      [
        ['CD', 1, 0],
        ['MX', 1, 0],
      ],
      5,
      5,
    ],
    // Regions: CD/CG are both in Africa, ID/TL both in Asia and the Pacific; IL/PS are not.
    [
      { groupBy: 'region' },
      [
        ['africa', 1, 1],
        ['asia_pacific', 0, 1],
        ['latin_america_caribbean', 1, 0],
      ],
      5,
      3,
    ],
    // A country filter narrows the candidates: IL/PS within PS is PS.
    [{ groupBy: 'country', country: 'PS' }, [['PS', 0, 3]], 3, 0],
    [{ groupBy: 'year', country: 'PS' }, [[2024, 0, 2]], 3, 1],
    // A region filter leaves CD and CG: still two countries.
    [{ groupBy: 'country', region: 'africa' }, [['CD', 1, 0]], 1, 1],
    [{ groupBy: 'region', region: 'africa' }, [['africa', 1, 1]], 1, 0],
    // The record's own fields place it, as they would place its case.
    [
      { groupBy: 'gender' },
      [
        ['female', 1, 1],
        ['male', 1, 4],
      ],
      5,
      0,
    ],
    [
      { groupBy: 'media_type' },
      [
        ['print', 0, 2],
        ['radio', 1, 2],
        ['television', 1, 1],
      ],
      5,
      0,
    ],
    [
      { groupBy: 'year,region', yearFrom: '2023' },
      [
        [2023, 'africa', 1, 1],
        [2024, 'latin_america_caribbean', 1, 0],
      ],
      3,
      2,
    ],
    // Not grouped: the total only.
    [{ yearFrom: '2024', yearTo: '2024' }, [], 2, 0],
  ])('killings %j', async (query, groups, held, unplaced) => {
    const f = await figure('killings', query);
    expect(table(f)).toEqual(groups);
    expect([f.held, f.heldUnplaced]).toEqual([held, unplaced]);
    if (!held) expect(f.heldNote).toBeNull();
    else if (!query.groupBy) expect(f.heldNote).not.toMatch(/group/);
    else if (unplaced)
      expect(f.heldNote).toMatch(new RegExp(`; ${unplaced} cannot be placed in one group`));
    else expect(f.heldNote).toMatch(/Each group's held counts those that fall in it$/);
  });

  it.each<[string, Record<string, string>, (string | number | null)[][], number, number]>([
    // CPJ's share counts murders: the crossfire killing is not one.
    [
      'impunity-share',
      { groupBy: 'year' },
      [
        [1999, null, 1],
        [2023, null, 1],
        [2024, null, 1],
      ],
      4,
      1,
    ],
    // UNESCO's ratio counts killings since 2006: the 1999 and the undated records are out.
    [
      'unresolved-ratio',
      { groupBy: 'year', scope: 'all' },
      [
        [2023, 1, 1],
        [2024, 1, 2],
      ],
      3,
      0,
    ],
  ])('%s %j', async (path, query, groups, held, unplaced) => {
    const f = await figure(path, query);
    expect(table(f)).toEqual(groups);
    expect([f.held, f.heldUnplaced]).toEqual([held, unplaced]);
    for (const g of f.groups) if (g.value === null) expect(g.note).toBe('no case in this group');
  });

  it('says the same in GraphQL, in the compact shape and in a citation', async () => {
    const gql = await t.graphql(
      `{ statistics { killings(options: { groupBy: [region] }) {
          held heldUnplaced heldNote groups { key value held } table { columns rows constant sameAs } } } }`,
    );
    expect(gql.body.errors).toBeUndefined();
    const killings = gql.body.data.statistics.killings;
    expect(killings).toMatchObject({ held: 5, heldUnplaced: 3 });
    expect(killings.groups.map((g: Group) => [g.key.region, g.value, g.held])).toEqual([
      ['africa', 1, 1],
      ['asia_pacific', 0, 1],
      ['latin_america_caribbean', 1, 0],
    ]);
    expect(killings.table).toEqual({
      columns: ['region', 'value', 'held'],
      rows: [
        ['africa', 1, 1],
        ['asia_pacific', 0, 1],
        ['latin_america_caribbean', 1, 0],
      ],
      constant: { denominator: null, unknown: 0, note: null },
      sameAs: { numerator: 'value' },
    });

    const compact = await figure('killings', { groupBy: 'region', shape: 'compact' });
    expect(compact.groups).toBeUndefined();
    expect((compact as unknown as { table: unknown }).table).toEqual(killings.table);
    expect(compact).toMatchObject({ held: 5, heldUnplaced: 3, heldNote: killings.heldNote });

    const citation = await t
      .http()
      .post('/api/v1/citations')
      .send({ figure: 'killings', query: { groupBy: 'region' } })
      .expect(201);
    expect(citation.body.frozen).toMatchObject({ held: 5, heldUnplaced: 3 });
    expect(citation.body.frozen.groups).toEqual([
      {
        key: { region: 'africa' },
        value: 1,
        numerator: 1,
        denominator: null,
        unknown: 0,
        note: null,
        held: 1,
      },
      {
        key: { region: 'asia_pacific' },
        value: 0,
        numerator: 0,
        denominator: null,
        unknown: 0,
        note: null,
        held: 1,
      },
      // No held record: the group is frozen as it always was.
      {
        key: { region: 'latin_america_caribbean' },
        value: 1,
        numerator: 1,
        denominator: null,
        unknown: 0,
        note: null,
      },
    ]);
    const back = await t.graphql(
      `query($id: String!) { citation(id: $id) { frozen { held heldUnplaced groups } } }`,
      { id: citation.body.id },
    );
    expect(back.body.errors).toBeUndefined();
    expect(back.body.data.citation.frozen).toEqual({
      held: 5,
      heldUnplaced: 3,
      groups: citation.body.frozen.groups,
    });
  });
});
