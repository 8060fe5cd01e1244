import { createTestApp, TestApp } from './app-factory.js';

const forged = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('pagination bounds', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it.each(['cases', 'incidents', 'people'])(
    'refuses an out-of-range GraphQL page size on %s, naming first',
    async (list) => {
      for (const first of [0, -1, 201, 100000]) {
        const res = await t.graphql(`{ ${list}(first: ${first}) { pageInfo { hasNextPage } } }`);
        expect(res.body.errors?.[0]?.extensions).toMatchObject({
          statusCode: 400,
          details: [{ field: 'first' }],
        });
      }
      const ok = await t.graphql(`{ ${list}(first: 200) { pageInfo { limit } } }`);
      expect(ok.body.data[list].pageInfo.limit).toBe(200);
    },
  );

  it.each([
    ['/api/v1/cases', forged(['not-a-date', '00000000-0000-4000-8000-000000000000'])],
    ['/api/v1/cases', forged(['2020-01-01', 'x'])],
    ['/api/v1/cases', forged(['2020-01-01'])],
    ['/api/v1/incidents', forged([1, 2])],
    ['/api/v1/people', forged(['Ana', 'not-a-uuid'])],
    ['/api/v1/people', '%%%'],
  ])('answers a forged cursor on %s with a 400 naming cursor', async (url, cursor) => {
    const res = await t.http().get(url).query({ cursor }).expect(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });
});
