import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

/**
 * Queries run compiled from their document (graphql/compiled-execution.ts): what a client can
 * write in a document (aliases, fragments, directives, several operations, __typename) answers as
 * graphql-js answers it, the second time as the first, and an error inside a list keeps its path,
 * its location and the common error shape.
 */

const admin = { authorization: `Bearer ${ADMIN_KEY}` };

type Json = Record<string, unknown>;

describe('GraphQL execution', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2020-05-06',
        datePrecision: 'day',
        countryCode: 'CO',
        attackTypes: ['murder'],
        victims: [
          { person: { fullName: 'Ana Compiled' }, outcome: 'killed' },
          { person: { fullName: 'Beto Compiled' }, outcome: 'injured' },
        ],
      })
      .expect(201);
  });
  afterAll(() => t.close());

  const data = async (query: string, variables?: Json) => {
    const res = await t.graphql(query, variables);
    expect(res.body.errors).toBeUndefined();
    return res.body.data as Json;
  };

  it('answers aliases, fragments, inline fragments and __typename', async () => {
    const answer = await data(`
      query Page { list: cases(filter: { country: "CO" }) { data { ...Fields } } }
      fragment Fields on Case {
        __typename
        caseId: id
        outcome
        person { ... on Person { name: fullName } }
        incident { country { code } }
      }`);
    const items = (answer.list as { data: Json[] }).data;
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(Object.keys(item)).toEqual(['__typename', 'caseId', 'outcome', 'person', 'incident']);
      expect(item).toMatchObject({ __typename: 'Case', incident: { country: { code: 'CO' } } });
    }
    expect(items.map((i) => (i.person as Json).name).sort()).toEqual([
      'Ana Compiled',
      'Beto Compiled',
    ]);
  });

  it('follows @include and @skip as the variables say, each time', async () => {
    const query = `query Page($withPerson: Boolean!, $withoutOutcome: Boolean!) {
      cases(filter: { country: "CO" }) {
        data { id person @include(if: $withPerson) { fullName } outcome @skip(if: $withoutOutcome) }
      }
    }`;
    const keys = async (variables: Json) =>
      ((await data(query, variables)).cases as { data: Json[] }).data.map((i) => Object.keys(i));
    expect(await keys({ withPerson: true, withoutOutcome: false })).toEqual([
      ['id', 'person', 'outcome'],
      ['id', 'person', 'outcome'],
    ]);
    expect(await keys({ withPerson: false, withoutOutcome: true })).toEqual([['id'], ['id']]);
    expect(await keys({ withPerson: true, withoutOutcome: false })).toEqual([
      ['id', 'person', 'outcome'],
      ['id', 'person', 'outcome'],
    ]);
  });

  it('runs the operation named among several, and the same answer the second time', async () => {
    const document = `
      query Countries { countries { data { code } } }
      query Cases { cases(filter: { country: "CO" }) { data { id outcome } } }`;
    const send = () =>
      t.http().post('/graphql').send({ query: document, operationName: 'Cases' }).expect(200);
    const [first, second] = [await send(), await send()];
    expect(Object.keys(first.body.data)).toEqual(['cases']);
    expect(second.body).toEqual(first.body);
  });

  it('keeps the path, location and error shape of an error inside a list', async () => {
    const res = await t.graphql(`{
  cases(filter: { country: "CO" }) {
    data { id status(asOf: "not a date") { status } }
  }
}`);
    // An operation that ran answers 200, its errors beside what it could answer.
    expect(res.status).toBe(200);
    // Case.status is non-null: the first error nulls the page, as graphql-js does.
    expect(res.body.data).toBeNull();
    expect(res.body.errors.length).toBeGreaterThan(0);
    res.body.errors.forEach((error: Json) => {
      expect(error).toMatchObject({
        path: ['cases', 'data', expect.any(Number), 'status'],
        locations: [{ line: 3, column: 15 }],
        extensions: {
          code: 'BAD_USER_INPUT',
          statusCode: 400,
          details: [{ field: 'asOf', message: expect.stringContaining('YYYY-MM-DD') }],
        },
      });
    });
  });

  it('refuses variables that do not fit their types, naming the field, as before', async () => {
    const res = await t.graphql(
      `query Page($first: Int) { cases(first: $first) { data { id } } }`,
      { first: 'fifty' },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: [{ field: 'first' }],
    });
  });
});
