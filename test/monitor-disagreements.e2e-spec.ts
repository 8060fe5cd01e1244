import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

/**
 * Monitors' views kept side by side can be queried where they part: includedBy, excludedBy and
 * disagreement in lists, exports and figures, and a figure of disagreements per country and year.
 */

const admin = { authorization: `Bearer ${ADMIN_KEY}` };

type Classification = Record<string, unknown>;
const CASES: Record<string, { country: string; date: string; classifications: Classification[] }> =
  {
    motive: {
      country: 'PH',
      date: '2015-05-01',
      classifications: [
        { monitor: 'unesco', condemnation: 'condemned' },
        { monitor: 'cpj', motive: 'unconfirmed' },
      ],
    },
    inclusion: {
      country: 'PH',
      date: '2015-06-01',
      classifications: [
        { monitor: 'unesco', condemnation: 'condemned' },
        { monitor: 'cpj', included: false },
      ],
    },
    death: {
      country: 'MX',
      date: '2016-01-01',
      classifications: [
        { monitor: 'cpj', motive: 'confirmed', typeOfDeath: 'murder' },
        { monitor: 'rsf', typeOfDeath: 'crossfire' },
      ],
    },
    excluded: {
      country: 'MX',
      date: '2016-02-01',
      classifications: [{ monitor: 'unesco', included: false }],
    },
    agreed: {
      country: 'MX',
      date: '2016-03-01',
      classifications: [
        { monitor: 'unesco', condemnation: 'condemned' },
        { monitor: 'cpj', motive: 'confirmed', typeOfDeath: 'murder' },
      ],
    },
    single: {
      country: 'PH',
      date: '2015-07-01',
      classifications: [{ monitor: 'cpj', motive: 'confirmed' }],
    },
  };

describe('monitor disagreements', () => {
  let t: TestApp;
  const nameOf: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    for (const [name, c] of Object.entries(CASES)) {
      const res = await t
        .http()
        .post('/api/v1/incidents')
        .set(admin)
        .send({
          dateStart: c.date,
          datePrecision: 'day',
          countryCode: c.country,
          attackTypes: ['murder'],
          victims: [{ person: { fullName: `Monitored ${name}` }, outcome: 'killed', ...c }].map(
            ({ country: _c, date: _d, ...v }) => v,
          ),
        })
        .expect(201);
      nameOf[res.body.victims[0].caseId] = name;
    }
  });
  afterAll(() => t.close());

  const listed = async (query: Record<string, string>) => {
    const rest = await t.http().get('/api/v1/cases').query(query).expect(200);
    const names = rest.body.data.map((c: { id: string }) => nameOf[c.id]).sort();
    const args = Object.entries(query)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    const gql = await t.graphql(`{ cases(filter: { ${args} }) { data { id } } }`);
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.cases.data.map((c: { id: string }) => nameOf[c.id]).sort()).toEqual(names);
    const exported = await t.http().get('/api/v1/exports/cases.ndjson').query(query).expect(200);
    const rows = exported.text.split('\n').filter(Boolean).slice(1);
    expect(rows.map((r) => nameOf[(JSON.parse(r) as { caseId: string }).caseId]).sort()).toEqual(
      names,
    );
    return names;
  };

  it('filters by what each monitor includes or excludes; monitor= leaves out its exclusions', async () => {
    expect(await listed({ monitor: 'unesco' })).toEqual(['agreed', 'inclusion', 'motive']);
    expect(await listed({ includedBy: 'unesco' })).toEqual(['agreed', 'inclusion', 'motive']);
    expect(await listed({ excludedBy: 'unesco' })).toEqual(['excluded']);
    expect(await listed({ includedBy: 'unesco', excludedBy: 'cpj' })).toEqual(['inclusion']);
    expect(await listed({ monitor: 'cpj' })).toEqual(['agreed', 'death', 'motive', 'single']);
  });

  it('filters by disagreement on inclusion, motive and type of death', async () => {
    expect(await listed({ disagreement: 'inclusion' })).toEqual(['inclusion']);
    expect(await listed({ disagreement: 'motive' })).toEqual(['motive']);
    expect(await listed({ disagreement: 'type_of_death' })).toEqual(['death']);
    expect(await listed({ disagreement: 'any' })).toEqual(['death', 'inclusion', 'motive']);
    const bad = await t.http().get('/api/v1/cases').query({ disagreement: 'colour' }).expect(400);
    expect(bad.body.details[0].field).toBe('disagreement');
  });

  it('counts disagreements per country and year, in REST and GraphQL', async () => {
    const figure = (await t.http().get('/api/v1/statistics/monitor-disagreements').expect(200))
      .body;
    expect(figure).toMatchObject({
      figure: 'monitor_disagreements',
      numerator: 3,
      denominator: 4,
      unknown: 2,
      definition: { name: 'monitor_disagreements', version: '1.0' },
    });
    expect(
      figure.groups.map((g: { key: object; numerator: number; denominator: number }) => [
        g.key,
        g.numerator,
        g.denominator,
      ]),
    ).toEqual([
      [{ country: 'MX', year: 2016 }, 1, 2],
      [{ country: 'PH', year: 2015 }, 2, 2],
    ]);
    const killed = await t
      .http()
      .get('/api/v1/statistics/killings')
      .query({ disagreement: 'any' })
      .expect(200);
    expect(killed.body.value).toBe(3);
    const gql = await t.graphql(
      `{ statistics { monitorDisagreements(filter: { country: "PH" }) { numerator denominator groups { key numerator } } } }`,
    );
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.statistics.monitorDisagreements).toMatchObject({
      numerator: 2,
      denominator: 2,
      groups: [{ key: { country: 'PH', year: 2015 }, numerator: 2 }],
    });
  });
});
