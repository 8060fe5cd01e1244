import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

/**
 * Date filters match an incident whose date span overlaps the filter: a day, a month, a year or a
 * range of days, tested at the filter's edges, the same in lists, exports, figures and GraphQL.
 */

const admin = { authorization: `Bearer ${ADMIN_KEY}` };

const INCIDENTS: Record<string, { dateStart?: string; dateEnd?: string; datePrecision: string }> = {
  // 10–19 August 2014
  range: { dateStart: '2014-08-10', dateEnd: '2014-08-19', datePrecision: 'day' },
  day: { dateStart: '2014-08-15', datePrecision: 'day' },
  month: { dateStart: '2014-08-01', datePrecision: 'month' },
  year: { dateStart: '2014-01-01', datePrecision: 'year' },
  // June to July 2014
  months: { dateStart: '2014-06-01', dateEnd: '2014-07-01', datePrecision: 'month' },
  unknown: { datePrecision: 'unknown' },
};

describe('date filters', () => {
  let t: TestApp;
  const caseOf: Record<string, string> = {};
  const incidentOf: Record<string, string> = {};
  const nameOf = (caseId: string) =>
    Object.keys(caseOf).find((name) => caseOf[name] === caseId) ?? caseId;

  beforeAll(async () => {
    t = await createTestApp();
    for (const [name, dates] of Object.entries(INCIDENTS)) {
      const res = await t
        .http()
        .post('/api/v1/incidents')
        .set(admin)
        .send({
          ...dates,
          countryCode: 'PH',
          attackTypes: ['murder'],
          victims: [{ person: { fullName: `Dated ${name}` }, outcome: 'killed' }],
        })
        .expect(201);
      caseOf[name] = res.body.victims[0].caseId;
      incidentOf[name] = res.body.id;
    }
  });
  afterAll(() => t.close());

  const EXPECTED: [Record<string, string | number>, string[]][] = [
    [{ dateFrom: '2014-08-15' }, ['day', 'month', 'range', 'year']],
    [{ dateFrom: '2014-08-19' }, ['month', 'range', 'year']],
    [{ dateFrom: '2014-08-20' }, ['month', 'year']],
    [{ dateTo: '2014-08-10' }, ['month', 'months', 'range', 'year']],
    [{ dateTo: '2014-08-09' }, ['month', 'months', 'year']],
    [{ dateFrom: '2014-08-01', dateTo: '2014-08-01' }, ['month', 'year']],
    [{ dateFrom: '2014-07-31', dateTo: '2014-07-31' }, ['months', 'year']],
    [{ dateFrom: '2014-08-16', dateTo: '2014-08-18' }, ['month', 'range', 'year']],
    [{ dateFrom: '2014-12-31' }, ['year']],
    [{ dateTo: '2013-12-31' }, []],
    [{ yearFrom: 2014, yearTo: 2014 }, ['day', 'month', 'months', 'range', 'year']],
    [{ yearFrom: 2015 }, []],
    [{ yearTo: 2013 }, []],
  ];

  it('lists the cases whose date span overlaps the filter (REST and GraphQL)', async () => {
    for (const [filter, expected] of EXPECTED) {
      const rest = await t.http().get('/api/v1/cases').query(filter).expect(200);
      const names = rest.body.data.map((c: { id: string }) => nameOf(c.id)).sort();
      expect({ filter, names }).toEqual({ filter, names: expected });

      const args = Object.entries(filter)
        .map(([k, v]) => `${k}: ${typeof v === 'number' ? v : `"${v}"`}`)
        .join(', ');
      const gql = await t.graphql(`{ cases(filter: { ${args} }) { data { id } } }`);
      expect(gql.body.errors).toBeUndefined();
      const gqlNames = gql.body.data.cases.data.map((c: { id: string }) => nameOf(c.id)).sort();
      expect({ filter, gqlNames }).toEqual({ filter, gqlNames: expected });
    }
  });

  it('applies the same rule to exports and figures', async () => {
    for (const [filter, expected] of EXPECTED) {
      const exported = await t.http().get('/api/v1/exports/cases.ndjson').query(filter).expect(200);
      const [header, ...rows] = exported.text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { type?: string; caseId: string; rowCount?: number });
      expect(header.type).toBe('header');
      expect(header.rowCount).toBe(expected.length);
      const ids = rows.map((row) => nameOf(row.caseId)).sort();
      expect({ filter, ids }).toEqual({ filter, ids: expected });
      const figure = await t.http().get('/api/v1/statistics/killings').query(filter).expect(200);
      expect({ filter, killed: figure.body.value }).toEqual({ filter, killed: expected.length });
    }
  });

  it('filters incidents by year and date with the same rule', async () => {
    const names = async (query: Record<string, string | number>) =>
      (await t.http().get('/api/v1/incidents').query(query).expect(200)).body.data
        .map((i: { id: string }) => Object.keys(incidentOf).find((n) => incidentOf[n] === i.id))
        .sort();
    expect(await names({ yearFrom: 2014, yearTo: 2014 })).toEqual([
      'day',
      'month',
      'months',
      'range',
      'year',
    ]);
    expect(await names({ dateFrom: '2014-08-16', dateTo: '2014-08-18' })).toEqual([
      'month',
      'range',
      'year',
    ]);
  });

  it('names a date filter that is no date', async () => {
    const res = await t.http().get('/api/v1/cases').query({ dateFrom: '2014-02-30' }).expect(400);
    expect(res.body.details[0].field).toBe('dateFrom');
  });
});
