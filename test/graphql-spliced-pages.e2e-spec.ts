import { jest } from '@jest/globals';
import { CaseGraphService } from '../src/cases/case-graph.service.js';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { ifMatch } from './versions.js';

/**
 * A page of cases whose selection PostgreSQL can write whole is answered with the JSON text it
 * wrote (graphql/spliced-pages.ts). Its answer is the one GraphQL writes field by field, byte for
 * byte: the same keys in the same order, the same values, nulls and lists, for the public and for
 * a reader of confidential entries; a selection SQL cannot write, or a directive, keeps the page
 * on GraphQL's own path. A directive on `data` is the way to ask GraphQL's answer here.
 */

const admin = { authorization: `Bearer ${ADMIN_KEY}` };

const CASE = `
  __typename id incidentId personId outcome localForeign dateOfDeath retractedAt retractionReason
  version createdAt updatedAt
  person {
    __typename id fullName gender role transliteratedName nationalities employment mediaTypes
    outlets beats version createdAt updatedAt
  }
  place: incident {
    id dateStart dateEnd datePrecision countryCode place context attackTypes perpetratorTypes
    description sourceLinks version createdAt updatedAt
    country { code alpha3 numericCode name worldBankCode status validFrom validTo __typename }
    victims: cases {
      id outcome
      person { fullName }
      incident { id cases { id person { id } } }
      classifications { monitor motive }
      status(scheme: cpj) { status }
    }
  }
  classifications { __typename monitor externalId url included motive typeOfDeath condemnation recordedDate }
  status { __typename scheme status asOf knownAsOf }
  cpj: status(scheme: cpj, asOf: null) { status scheme }`;

/** Selections SQL writes whole: fragments, aliases, a field asked twice. */
const SELECTIONS: Record<string, string> = {
  'every field SQL writes': `data { ${CASE} }`,
  // What a reader of confidential entries has written by PostgreSQL too.
  'every field but current statuses': `data { ${CASE.replace(/^\s*(status|cpj:|\s*status\(scheme).*$/gm, '')} }`,
  'named and inline fragments': `items: data { ...Case ... on Case { person { id } } }
    } } fragment Case on Case { id outcome person { fullName } incident { ... on Incident { place } } } #`,
  'a field asked twice, merged': `data { id person { id } person { fullName } status { status } status { asOf } }`,
};

type Json = Record<string, unknown>;

describe('GraphQL pages written by PostgreSQL', () => {
  let t: TestApp;
  let answers: ReturnType<typeof jest.spyOn>;

  beforeAll(async () => {
    t = await createTestApp();
    const victims = [
      {
        person: {
          fullName: 'Zoe Spliced',
          gender: 'female',
          role: 'journalist',
          nationalities: ['CO', 'VE'],
          mediaTypes: ['radio', 'online'],
          outlets: ['Radio Uno'],
        },
        outcome: 'killed',
        localForeign: 'local',
        dateOfDeath: '2019-03-04',
        classifications: [
          { monitor: 'cpj', externalId: 'cpj-1', motive: 'confirmed', url: 'https://cpj.org/x' },
          { monitor: 'unesco', condemnation: 'condemned' },
        ],
      },
      { person: { fullName: 'Ana Spliced' }, outcome: 'injured' },
      { person: { fullName: 'Ñandú “Quoted” Spliced\n' }, outcome: 'missing' },
    ];
    for (const incident of [
      {
        dateStart: '2019-03-04',
        dateEnd: '2019-03-05',
        datePrecision: 'day',
        countryCode: 'CO',
        place: 'Tumaco',
        description: 'A line\nand "quotes" \\ backslash',
        sourceLinks: ['https://example.org/a'],
        attackTypes: ['murder', 'abduction'],
        perpetratorTypes: ['criminal_group'],
        victims,
      },
      {
        dateStart: '2021-06-01',
        datePrecision: 'month',
        countryCode: 'CO',
        attackTypes: ['murder'],
        victims: [{ person: { fullName: 'Beto Spliced' }, outcome: 'killed' }],
      },
    ])
      await t.http().post('/api/v1/incidents').set(admin).send(incident).expect(201);
    const ids: string[] = (await t.dataSource.query(`SELECT id FROM cases ORDER BY id`)).map(
      (r: { id: string }) => r.id,
    );
    for (const [scheme, status] of [
      ['unesco', 'ongoing'],
      ['cpj', 'partial_justice'],
    ])
      await t
        .http()
        .post(`/api/v1/cases/${ids[0]}/status-history`)
        .set(admin)
        .send({ scheme, status, effectiveDate: '2020-01-01', reportedBy: 'state' })
        .expect(201);
    await t
      .http()
      .delete(`/api/v1/cases/${ids[1]}`)
      .query({ reason: 'Recorded twice' })
      .set({ ...admin, ...(await ifMatch(t, 'case', ids[1])) })
      .expect(200);
  });
  beforeEach(() => {
    answers = jest.spyOn(CaseGraphService.prototype, 'answers');
  });
  afterEach(() => answers.mockRestore());
  afterAll(() => t.close());

  const page = (selection: string, directive = '') =>
    `query { cases(filter: { country: "CO", includeRetracted: true }, first: 10) {
      pageInfo { hasNextPage limit } ${selection.replace(/^(\w+: )?data/, `$&${directive}`)} } }`;

  /** The answer's text, as sent. */
  const answer = async (query: string, key?: string) => {
    const res = await t.graphql(query, undefined, key);
    expect(res.status).toBe(200);
    expect((res.body as Json).errors).toBeUndefined();
    return res.text;
  };

  for (const [who, key] of [
    ['the public', undefined],
    ['a reader of confidential entries', ADMIN_KEY],
  ] as const) {
    for (const [name, selection] of Object.entries(SELECTIONS)) {
      it(`answers ${who} as GraphQL does, byte for byte: ${name}`, async () => {
        const spliced = await answer(page(selection), key);
        const written = await answer(page(selection, ' @include(if: true)'), key);
        expect(spliced).toEqual(written);
        expect(JSON.parse(spliced).data.cases).not.toEqual({});
      });
    }
  }

  it('writes the public’s pages in PostgreSQL, and a reader of confidential statuses’ on GraphQL’s path', async () => {
    await answer(page(SELECTIONS['every field SQL writes']));
    expect(answers).toHaveBeenCalledTimes(1);
    await answer(page(SELECTIONS['every field SQL writes']), ADMIN_KEY);
    expect(answers).toHaveBeenCalledTimes(1);
    // Without a status, the reader of confidential entries reads what the public reads.
    await answer(page('data { id person { fullName } }'), ADMIN_KEY);
    expect(answers).toHaveBeenCalledTimes(2);
  });

  it('holds the cases REST lists, in its order, a page at a time', async () => {
    const ids: unknown[] = [];
    let after: string | null = null;
    do {
      const res = await t.graphql(
        `query ($after: String) { cases(filter: { country: "CO", includeRetracted: true }, first: 2, after: $after) {
          data { id } pageInfo { nextCursor } } }`,
        { after },
      );
      expect(res.body.errors).toBeUndefined();
      ids.push(...res.body.data.cases.data.map((c: Json) => c.id));
      after = res.body.data.cases.pageInfo.nextCursor;
    } while (after);
    const rest = await t
      .http()
      .get('/api/v1/cases')
      .query({ country: 'CO', includeRetracted: true, limit: 10 })
      .expect(200);
    expect(ids).toEqual(rest.body.data.map((c: Json) => c.id));
    expect(ids).toHaveLength(4);
    expect(answers).toHaveBeenCalledTimes(2);
  });

  for (const [why, selection] of Object.entries({
    'a directive inside': 'data { id person @skip(if: false) { id } }',
    'a field SQL does not write': 'data { id confidentialDetails { internalNote } }',
    'a status on a date': 'data { id status(asOf: "2020-06-01") { status } }',
    'a status entry': 'data { id status { entry { id } } }',
    'a key longer than PostgreSQL’s names': `data { ${'k'.repeat(64)}: id }`,
    'a scheme given by a variable': 'data { id status(scheme: $scheme) { status } }',
    'cases nested past the depth read with a page':
      'data { id incident { cases { incident { cases { incident { cases { id } } } } } } }',
  })) {
    it(`leaves a page to GraphQL’s path with ${why}`, async () => {
      const query = selection.includes('$scheme')
        ? page(selection).replace('query {', 'query ($scheme: StatusScheme) {')
        : page(selection);
      await answer(query);
      expect(answers).not.toHaveBeenCalled();
    });
  }

  it('leaves a page to GraphQL’s path with a fragment at the root, which may ask it again', async () => {
    const body = JSON.parse(
      await answer(`{ cases(filter: { country: "CO" }) { data { id } } ...More }
        fragment More on Query { cases(filter: { country: "CO" }) { data { person { fullName } } } }`),
    );
    expect(answers).not.toHaveBeenCalled();
    for (const item of body.data.cases.data)
      expect(Object.keys(item as Json)).toEqual(['id', 'person']);
  });

  it('shows introspection the API’s schema, beside a page or not', async () => {
    for (const query of [
      `{ __type(name: "CasePage") { fields { name } } }`,
      `{ cases(filter: { country: "CO" }) { data { id } } __type(name: "CasePage") { fields { name } } }`,
    ]) {
      const body = JSON.parse(await answer(query));
      const fields = body.data.__type.fields.map((f: Json) => f.name);
      expect(fields.sort()).toEqual(['data', 'pageInfo']);
    }
    const types = JSON.parse(await answer(`{ __schema { types { name } } }`));
    expect(types.data.__schema.types.map((t: Json) => t.name)).not.toContain('SplicedJson');
  });

  it('refuses a bad filter on a page SQL would write as GraphQL does, naming the field', async () => {
    const res = await t.graphql(`{ cases(filter: { country: "ZZ" }) { data { id } } }`);
    expect(res.body.data).toBeNull();
    expect(res.body.errors[0]).toMatchObject({ path: ['cases'] });
    expect(JSON.stringify(res.body.errors)).toContain('country');
  });
});
