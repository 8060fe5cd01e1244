import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

/**
 * What a case page shows, in one REST request and one GraphQL query; the cases of a person in the
 * REST list; the same paging options (limit, cursor, withTotal) on every list.
 */

const admin = { authorization: `Bearer ${ADMIN_KEY}` };

describe('case page and lists', () => {
  let t: TestApp;
  let caseId: string;
  let personId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const created = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2019-03-04',
        datePrecision: 'day',
        countryCode: 'MX',
        context: 'non_conflict',
        attackTypes: ['murder'],
        perpetratorTypes: ['criminal_group'],
        description: 'Shot outside the radio station',
        sourceLinks: ['https://example.org/report'],
        victims: [
          {
            person: { fullName: 'Paged Journalist', nationalities: ['MX'] },
            outcome: 'killed',
            classifications: [
              { monitor: 'unesco', condemnation: 'condemned' },
              { monitor: 'cpj', motive: 'confirmed' },
            ],
          },
        ],
      })
      .expect(201);
    caseId = created.body.victims[0].caseId;
    personId = created.body.victims[0].personId;
    // The same person in a second incident.
    await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2017-01-02',
        datePrecision: 'day',
        countryCode: 'MX',
        attackTypes: ['threat'],
        victims: [{ personId, outcome: 'threatened' }],
      })
      .expect(201);
    await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2020-01-01',
        datePrecision: 'day',
        countryCode: 'PH',
        attackTypes: ['murder'],
        victims: [{ person: { fullName: 'Someone Else' }, outcome: 'killed' }],
      })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/cases/${caseId}/status-history`)
      .set(admin)
      .send({
        scheme: 'cpj',
        status: 'partial_justice',
        effectiveDate: '2021-01-01',
        reportedBy: 'monitor',
      })
      .expect(201);
    await t
      .http()
      .post(`/api/v1/cases/${caseId}/proceedings`)
      .set(admin)
      .send({ defendantRole: 'perpetrator', step: 'convicted', stepDate: '2021-01-01' })
      .expect(201);
  });
  afterAll(() => t.close());

  it('answers GET /cases/{id} with the person, incident, classifications, statuses and proceedings', async () => {
    const res = await t.http().get(`/api/v1/cases/${caseId}`).expect(200);
    expect(res.body.person).toMatchObject({ id: personId, fullName: 'Paged Journalist' });
    expect(res.body.incident).toMatchObject({
      description: 'Shot outside the radio station',
      sourceLinks: ['https://example.org/report'],
      attackTypes: ['murder'],
      perpetratorTypes: ['criminal_group'],
      context: 'non_conflict',
      countryName: expect.any(String),
    });
    expect(res.body.classifications.map((c: { monitor: string }) => c.monitor).sort()).toEqual([
      'cpj',
      'unesco',
    ]);
    expect(
      res.body.statuses.map((s: { scheme: string; status: string }) => [s.scheme, s.status]),
    ).toEqual([
      ['unesco', 'no_information'],
      ['cpj', 'partial_justice'],
    ]);
    expect(res.body.proceedings).toEqual([
      expect.objectContaining({ step: 'convicted', stepDate: '2021-01-01' }),
    ]);
  });

  it('reads the same page in one GraphQL query', async () => {
    const res = await t.graphql(`{ case(id: "${caseId}") {
      id person { id fullName nationalities }
      incident { description sourceLinks attackTypes country { name } }
      classifications { monitor motive condemnation }
      unesco: status(scheme: unesco) { status }
      cpj: status(scheme: cpj) { status entry { effectiveDate recordedAt } }
      proceedings { step stepDate }
    } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.case).toMatchObject({
      person: { id: personId, nationalities: ['MX'] },
      incident: {
        description: 'Shot outside the radio station',
        sourceLinks: ['https://example.org/report'],
      },
      unesco: { status: 'no_information' },
      cpj: { status: 'partial_justice' },
      proceedings: [{ step: 'convicted', stepDate: '2021-01-01' }],
    });
  });

  it('lists the cases of a person (personId), as GraphQL Person.cases does', async () => {
    const rest = await t.http().get('/api/v1/cases').query({ personId }).expect(200);
    const gql = await t.graphql(`{ person(id: "${personId}") { cases { id } } }`);
    expect(rest.body.data).toHaveLength(2);
    expect(rest.body.data.every((c: { personId: string }) => c.personId === personId)).toBe(true);
    expect(rest.body.data.map((c: { id: string }) => c.id).sort()).toEqual(
      gql.body.data.person.cases.map((c: { id: string }) => c.id).sort(),
    );
    const bad = await t.http().get('/api/v1/cases').query({ personId: 'nobody' }).expect(400);
    expect(bad.body.details[0].field).toBe('personId');
  });

  it('takes limit, cursor and withTotal on every list', async () => {
    for (const [path, headers] of [
      ['/api/v1/cases', {}],
      ['/api/v1/incidents', {}],
      ['/api/v1/people', {}],
      ['/api/v1/proposals', admin],
      ['/api/v1/audit', admin],
    ] as [string, Record<string, string>][]) {
      const first = await t.http().get(path).query({ limit: 1, withTotal: true }).set(headers);
      expect({ path, status: first.status }).toEqual({ path, status: 200 });
      const { total } = first.body.pageInfo;
      expect({ path, total: typeof total }).toEqual({ path, total: 'number' });
      let seen = first.body.data.length;
      let cursor = first.body.pageInfo.nextCursor;
      while (cursor) {
        const next = await t.http().get(path).query({ limit: 1, cursor }).set(headers).expect(200);
        seen += next.body.data.length;
        cursor = next.body.pageInfo.nextCursor;
      }
      expect({ path, seen }).toEqual({ path, seen: total });
    }
    const gql = await t.graphql(
      `{ incidents(first: 1, withTotal: true) { pageInfo { total } } people(withTotal: true) { pageInfo { total } } }`,
    );
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.incidents.pageInfo.total).toBe(3);
    expect(gql.body.data.people.pageInfo.total).toBe(2);
  });
});
