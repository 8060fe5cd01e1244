import { createTestApp, TestApp } from './app-factory.js';

/**
 * Documents that would take the server down (a heap grown to gigabytes, seconds of work per
 * request) are refused before they run, with a 400 in the error shape naming the limit.
 */
const nested = (levels: number) =>
  `{ cases(first: 5) { data { ${'incident { cases { '.repeat(levels)}id${' } }'.repeat(levels)} } } }`;

const ATTACKS: [string, string, Record<string, unknown> | undefined, string][] = [
  ['a query 40 levels deep', nested(20), undefined, 'query_too_deep'],
  [
    '100 aliases of cases(first: 200)',
    `{ ${Array.from({ length: 100 }, (_, i) => `a${i}: cases(first: 200) { data { id } }`).join(' ')} }`,
    undefined,
    'too_many_aliases',
  ],
  [
    'a query thousands of fields wide',
    `{ regions { ${'code '.repeat(5000)}} }`,
    undefined,
    'query_too_long',
  ],
  [
    'nested lists whose answer would hold millions of values, page size as a variable',
    'query ($n: Int) { cases(first: $n) { data { incident { cases { incident { cases { incident { cases { id } } } } } } } } }',
    { n: 200 },
    'query_too_costly',
  ],
  [
    'fragments spread into one another to widen the answer',
    `query { ...A } fragment A on Query { ${Array.from({ length: 15 }, (_, i) => `c${i}: cases(first: 200) { data { ...B } }`).join(' ')} } fragment B on Case { incident { cases { person { cases { id } } } } }`,
    undefined,
    'query_too_costly',
  ],
  [
    'too many directives',
    `{ regions { ${'code @include(if: true) @skip(if: false) '.repeat(30)}} }`,
    undefined,
    'too_many_directives',
  ],
];

describe('GraphQL limits', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it.each(ATTACKS)(
    'refuses %s with a 400 naming the limit, and keeps serving',
    async (_name, query, variables, reason) => {
      const res = await t.graphql(query, variables);
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors[0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        statusCode: 400,
        error: 'Bad Request',
        reason,
        details: [{ field: 'query', message: res.body.errors[0].message }],
      });
      const healthy = await t.graphql('{ regions { code } }');
      expect(healthy.status).toBe(200);
      expect(healthy.body.data.regions.length).toBeGreaterThan(0);
    },
  );

  it('answers what stays within the limits: a case page with its incident, victims and statuses', async () => {
    const res = await t.graphql(
      `query ($n: Int) { cases(first: $n) { data { id person { fullName cases { id } } incident { id cases { id person { fullName } } }
         statusHistory { id status } classifications { monitor } } pageInfo { hasNextPage } } }`,
      { n: 200 },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.status).toBe(200);
  });

  it('answers introspection by default', async () => {
    const res = await t.graphql('{ __schema { queryType { name } } }');
    expect(res.body.data.__schema.queryType.name).toBe('Query');
  });
});

describe('GraphQL limits, configured', () => {
  let t: TestApp;
  beforeAll(
    async () =>
      (t = await createTestApp({
        GRAPHQL_INTROSPECTION: 'false',
        GRAPHQL_MAX_DEPTH: '3',
        GRAPHQL_MAX_ALIASES: '1',
      })),
  );
  afterAll(() => t.close());

  it('applies the configured depth and alias limits', async () => {
    const deep = await t.graphql('{ cases { data { incident { id } } } }');
    expect(deep.status).toBe(400);
    expect(deep.body.errors[0].extensions.reason).toBe('query_too_deep');
    const aliases = await t.graphql('{ a: regions { code } b: regions { code } }');
    expect(aliases.body.errors[0].extensions.reason).toBe('too_many_aliases');
    expect((await t.graphql('{ cases { data { id } } }')).status).toBe(200);
  });

  it('refuses introspection and hides field suggestions when introspection is off', async () => {
    const res = await t.graphql('{ __schema { queryType { name } } }');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      statusCode: 400,
    });
    const typo = await t.graphql('{ region { code } }');
    expect(typo.status).toBe(400);
    expect(typo.body.errors[0].message).not.toContain('regions');
  });
});
