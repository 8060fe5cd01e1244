import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { bearer, createRoles, Roles } from './members.js';

/**
 * Work that holds a pool connection and asks the pool for another deadlocks once every connection
 * is held that way. Each case below hung the whole service before: every connection "idle in
 * transaction", every later request waiting for ever.
 */

const admin = bearer(ADMIN_KEY);
const POOL = 10;

describe('pool deadlocks', () => {
  let t: TestApp;
  let roles: Roles;
  let caseId: string;

  beforeAll(async () => {
    // More aliases than the default GraphQL limit allows: the pool, not the limit, is under test.
    t = await createTestApp({ DATABASE_POOL_SIZE: String(POOL), GRAPHQL_MAX_ALIASES: '50' });
    roles = await createRoles(t);
    const created = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2015-05-02',
        datePrecision: 'day',
        countryCode: 'PH',
        place: 'Pool test',
        attackTypes: ['murder'],
        victims: [
          {
            person: { fullName: 'Pool Victim', gender: 'male', nationalities: ['PH'] },
            outcome: 'killed',
            localForeign: 'local',
          },
        ],
      })
      .expect(201);
    caseId = created.body.victims[0].caseId;
  });
  afterAll(() => t.close());

  const stillServes = async () => {
    await t.http().get('/health').expect(200);
    await t.http().get('/api/v1/cases').query({ limit: 1 }).expect(200);
  };

  it('answers a GraphQL query with twice as many figures as the pool has connections', async () => {
    // Each alias a different figure query, so none is served from the figure cache.
    const aliases = Array.from({ length: POOL * 2 }, (_, i) => {
      const figure = ['unresolvedRatio', 'impunityShare', 'killings', 'impunityIndex'][i % 4];
      return `f${i}: ${figure}(filter: { yearFrom: ${1990 + i} }) { value numerator published { value } }`;
    });
    const res = await t.graphql(`{ statistics { ${aliases.join(' ')} } }`);
    expect(res.body.errors).toBeUndefined();
    expect(Object.keys(res.body.data.statistics)).toHaveLength(POOL * 2);
    await stillServes();
  });

  it('answers ten separate figure requests at once, each with its published figures', async () => {
    const answers = await Promise.all(
      Array.from({ length: POOL + 1 }, (_, i) =>
        t
          .http()
          .get('/api/v1/statistics/unresolved-ratio')
          .query({ yearFrom: 2000 + i }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    await stillServes();
  });

  it.each([
    [
      'incidents',
      () => ({
        incident: {
          dateStart: '2017-03-01',
          datePrecision: 'day',
          countryCode: 'MX',
          place: 'Proposed',
          attackTypes: ['murder'],
          victims: [
            {
              person: { fullName: 'Proposed Victim', gender: 'female', nationalities: ['MX'] },
              outcome: 'killed',
              localForeign: 'local',
            },
          ],
        },
      }),
    ],
    [
      'status-entries',
      () => ({
        caseId,
        entry: {
          scheme: 'unesco',
          status: 'ongoing',
          effectiveDate: '2016-01-01',
          reportedBy: 'organisation',
        },
      }),
    ],
    [
      'proceedings',
      () => ({
        caseId,
        proceeding: { defendantRole: 'perpetrator', step: 'arrest', stepDate: '2016-02-01' },
      }),
    ],
  ])(
    'accepts a %s proposal once when more reviewers than connections accept it at once',
    async (kind, body) => {
      const filed = await t
        .http()
        .post(`/api/v1/proposals/${kind}`)
        .set(bearer(roles.contributor.key))
        .send({ ...body(), evidenceLinks: ['https://example.org/a'] });
      expect(filed.body).toMatchObject({ status: 'pending' });
      const answers = await Promise.all(
        Array.from({ length: POOL + 1 }, () =>
          t
            .http()
            .post(`/api/v1/proposals/${filed.body.id}/accept`)
            .set(bearer(roles.reviewer.key))
            .send({}),
        ),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses.filter((s) => s === 200 || s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(POOL);
      await stillServes();
    },
  );
});
