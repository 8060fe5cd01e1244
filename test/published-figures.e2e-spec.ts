import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

/** A published figure is shown beside a live figure of the same scope only. */

const admin = { authorization: `Bearer ${ADMIN_KEY}` };

describe('published figures and their scope', () => {
  let t: TestApp;
  const sources = async (path: string, query: Record<string, string | number> = {}) =>
    (await t.http().get(`/api/v1/statistics/${path}`).query(query).expect(200)).body.published
      .map((p: { source: string }) => p.source)
      .sort();
  const record = (body: Record<string, unknown>) =>
    t.http().post('/api/v1/statistics/published-figures').set(admin).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    const killings = { figure: 'killings', unit: 'count', publishedOn: '2024-12-01' };
    await record({
      ...killings,
      source: 'UNESCO 2022',
      value: 88,
      yearFrom: 2022,
      yearTo: 2022,
    }).expect(201);
    await record({ ...killings, source: 'Global, no period', value: 1700 }).expect(201);
    await record({
      ...killings,
      source: 'Philippines 2022',
      value: 4,
      country: 'PH',
      yearFrom: 2022,
      yearTo: 2022,
    }).expect(201);
    const gql = await t.graphql(
      `mutation { recordPublishedFigure(input: { figure: "unresolved_ratio", source: "Philippines ratio",
         value: 0.9, unit: ratio, publishedOn: "2024-11-02", country: "PH", scheme: unesco, yearFrom: 2006, yearTo: 2023 }) {
         figure country yearFrom yearTo scheme } }`,
      undefined,
      ADMIN_KEY,
    );
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.recordPublishedFigure).toEqual({
      figure: 'unresolved_ratio',
      country: 'PH',
      yearFrom: 2006,
      yearTo: 2023,
      scheme: 'unesco',
    });
  });
  afterAll(() => t.close());

  it('lists killings counts beside the live count of the same country and years', async () => {
    expect(await sources('killings')).toEqual(['Global, no period', 'UNESCO 2022']);
    expect(await sources('killings', { yearFrom: 2022, yearTo: 2022 })).toEqual(['UNESCO 2022']);
    expect(await sources('killings', { country: 'PH', yearFrom: 2022, yearTo: 2022 })).toEqual([
      'Philippines 2022',
    ]);
    expect(await sources('killings', { yearFrom: 2021, yearTo: 2022 })).toEqual([]);
  });

  it('keeps UNESCO’s global ratios away from one country’s ratio', async () => {
    const global = await sources('unresolved-ratio');
    expect(global).not.toContain('Philippines ratio');
    expect(global.length).toBeGreaterThan(0);
    expect(await sources('unresolved-ratio', { country: 'PH' })).toEqual(['Philippines ratio']);
    // The CPJ scheme's figure is not UNESCO's.
    expect(await sources('impunity-share', { country: 'PH' })).toEqual([]);
  });

  it('refuses a scope that cannot be', async () => {
    const both = await record({
      figure: 'killings',
      source: 'x',
      value: 1,
      unit: 'count',
      publishedOn: '2024-01-01',
      country: 'PH',
      region: 'africa',
    }).expect(400);
    expect(both.body.details[0].field).toBe('region');
    const order = await record({
      figure: 'killings',
      source: 'x',
      value: 1,
      unit: 'count',
      publishedOn: '2024-01-01',
      yearFrom: 2020,
      yearTo: 2019,
    }).expect(400);
    expect(order.body.details[0].field).toBe('yearTo');
    const country = await record({
      figure: 'killings',
      source: 'x',
      value: 1,
      unit: 'count',
      publishedOn: '2024-01-01',
      country: 'QQ',
    }).expect(400);
    expect(country.body.details[0].field).toBe('country');
  });
});
