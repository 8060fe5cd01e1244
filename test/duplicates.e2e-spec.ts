import { DataSource } from 'typeorm';
import { DuplicatesService } from '../src/duplicates/duplicates.service.js';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

const admin = { authorization: `Bearer ${ADMIN_KEY}` };

interface Candidate {
  caseId: string;
  candidateCaseId: string;
  candidateName: string;
  score: number;
  reasons: string[];
}

describe('duplicate candidates', () => {
  let t: TestApp;

  /** Files an incident with one victim; returns its case id and the answer's candidates. */
  async function file(
    fullName: string,
    countryCode: string,
    dateStart: string,
    extra: { transliteratedName?: string; datePrecision?: string } = {},
  ): Promise<{ caseId: string; candidates: Candidate[] }> {
    const res = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart,
        datePrecision: extra.datePrecision ?? 'day',
        countryCode,
        attackTypes: ['murder'],
        victims: [
          {
            person: { fullName, transliteratedName: extra.transliteratedName },
            outcome: 'killed',
          },
        ],
      })
      .expect(201);
    return { caseId: res.body.victims[0].caseId, candidates: res.body.duplicateCandidates ?? [] };
  }

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  let ortega: string;
  let gerry: string;

  it('warns the creator of a likely duplicate: similar name, same country, same day', async () => {
    ortega = (await file('Gerardo Ortega', 'PH', '2011-01-24')).caseId;
    const second = await file('Gerry Ortega', 'PH', '2011-01-24');
    gerry = second.caseId;
    expect(second.candidates).toEqual([
      expect.objectContaining({
        caseId: gerry,
        candidateCaseId: ortega,
        candidateName: 'Gerardo Ortega',
        reasons: expect.arrayContaining(['same_country', 'same_date']),
      }),
    ]);
    expect(second.candidates[0].score).toBeGreaterThan(0.5);
    expect(second.candidates[0].score).toBeLessThan(0.9);
  });

  it('proposes no namesake killed in another year or another country', async () => {
    expect((await file('Gerardo Ortega', 'PH', '2001-05-03')).candidates).toEqual([]);
    expect((await file('Gerardo Ortega', 'MX', '2011-01-24')).candidates).toEqual([]);
    expect((await file('Someone Else Entirely', 'PH', '2011-01-24')).candidates).toEqual([]);
  });

  it('meets a name across scripts through its transliteration, and a month-precise date', async () => {
    const cyrillic = await file('Анна Политковская', 'RU', '2006-10-07', {
      transliteratedName: 'Anna Politkovskaya',
    });
    expect(cyrillic.candidates).toEqual([]);
    const latin = await file('Anna Politkovskaya', 'RU', '2006-10-01', { datePrecision: 'month' });
    expect(latin.candidates).toEqual([
      expect.objectContaining({
        candidateCaseId: cyrillic.caseId,
        reasons: expect.arrayContaining([
          'same_name',
          'name_across_transliteration',
          'same_country',
          'dates_overlap',
        ]),
      }),
    ]);
  });

  it('answers a case created through REST and GraphQL with its candidates', async () => {
    const incident = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2011-01-24',
        datePrecision: 'day',
        countryCode: 'PH',
        attackTypes: ['murder'],
      })
      .expect(201);
    const rest = await t
      .http()
      .post('/api/v1/cases')
      .set(admin)
      .send({
        incidentId: incident.body.id,
        person: { fullName: 'Gerardo "Gerry" Ortega' },
        outcome: 'killed',
      })
      .expect(201);
    expect(rest.body.duplicateCandidates.map((c: Candidate) => c.candidateCaseId).sort()).toEqual(
      [ortega, gerry].sort(),
    );
    const other = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2006-10-07',
        datePrecision: 'day',
        countryCode: 'RU',
        attackTypes: ['murder'],
      })
      .expect(201);
    const gql = await t.graphql(
      `mutation ($input: CaseInput!) { createCase(input: $input) { id duplicateCandidates { candidateName score reasons } } }`,
      {
        input: {
          incidentId: other.body.id,
          person: { fullName: 'Anna Politkovskaia' },
          outcome: 'killed',
        },
      },
      ADMIN_KEY,
    );
    expect(gql.body.errors).toBeUndefined();
    expect(
      gql.body.data.createCase.duplicateCandidates.map((c: Candidate) => c.candidateName).sort(),
    ).toEqual(['Anna Politkovskaya', 'Анна Политковская'].sort());
  });

  it('lists every pair for review, and a pair kept apart is never proposed again', async () => {
    await t.http().get('/api/v1/duplicates').expect(401);
    const open = await t.http().get('/api/v1/duplicates').set(admin).expect(200);
    const scores = open.body.data.map((p: { score: number }) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const pair = open.body.data.find(
      (p: { caseA: string; caseB: string }) =>
        [p.caseA, p.caseB].sort().join() === [ortega, gerry].sort().join(),
    );
    expect(pair).toMatchObject({ status: 'open', reasons: expect.arrayContaining(['same_date']) });

    const firstPage = await t.http().get('/api/v1/duplicates?limit=1').set(admin).expect(200);
    const next = await t
      .http()
      .get(`/api/v1/duplicates?limit=1&cursor=${firstPage.body.pageInfo.nextCursor}`)
      .set(admin)
      .expect(200);
    expect(next.body.data[0]).not.toEqual(firstPage.body.data[0]);
    await t.http().get('/api/v1/duplicates?status=bogus').set(admin).expect(400);

    const kept = await t
      .http()
      .post('/api/v1/duplicates/not-the-same')
      .set(admin)
      .send({ caseId: gerry, otherCaseId: ortega })
      .expect(201);
    expect(kept.body).toMatchObject({ status: 'not_same', decidedBy: expect.any(String) });
    const after = await t.http().get('/api/v1/duplicates').set(admin).expect(200);
    expect(
      after.body.data.some(
        (p: { caseA: string; caseB: string }) => p.caseA === pair.caseA && p.caseB === pair.caseB,
      ),
    ).toBe(false);
    // Detection running again over the same cases leaves the decision as it is.
    const service = t.app.get(DuplicatesService);
    const again = await t.app.get(DataSource).transaction((m) => service.detect(m, [gerry]));
    expect(again.map((c) => c.candidateCaseId)).not.toContain(ortega);
    const listed = await t.graphql(
      `{ duplicates(status: "not_same") { data { caseA caseB status } } }`,
      {},
      ADMIN_KEY,
    );
    expect(listed.body.data.duplicates.data).toEqual([
      { caseA: pair.caseA, caseB: pair.caseB, status: 'not_same' },
    ]);
    const history = await t.http().get(`/api/v1/cases/${ortega}/history`).set(admin).expect(200);
    expect(history.body.map((e: { note: string | null }) => e.note)).toContain(
      `not the same killing as case ${gerry}`,
    );
    await t
      .http()
      .post('/api/v1/duplicates/not-the-same')
      .set(admin)
      .send({ caseId: ortega, otherCaseId: '00000000-0000-4000-8000-000000000000' })
      .expect(404);
  });

  it('records the candidates of an imported row below matching confidence on the review list', async () => {
    const existing = (await file('Ana María Pérez', 'MX', '2010-03-05')).caseId;
    const header =
      'year,fullName,primaryNationality,secondaryNationality,gender,typeOfDeath,status,employedAs,organizations,jobs,coverage,mediums,country,location,localOrForeign,sourcesOfFire,motiveConfirmed,impunityMurder,tortured,captive,threatened,charges,sentence,locationImprisoned';
    const row =
      '2010,Ana Maria Perez Lugo,Mexico,,Female,Murder,Killed,Staff,,,,,Mexico,Culiacán,Local,,Confirmed,Complete Impunity,,,,,,';
    const job = await t
      .http()
      .post('/api/v1/imports')
      .query({ wait: 'true', format: 'cpj-api' })
      .set(admin)
      .set('content-type', 'text/csv')
      .send(`${header}\n${row}\n`)
      .expect(202);
    expect(job.body.state).toBe('succeeded');
    expect(job.body.summary).toMatchObject({ created: 1, attached: 0 });
    const pairs = await t.http().get('/api/v1/duplicates?limit=200').set(admin).expect(200);
    const pair = pairs.body.data.find(
      (p: { caseA: string; caseB: string }) => p.caseA === existing || p.caseB === existing,
    );
    expect(pair).toMatchObject({
      nameA: expect.stringMatching(/Ana Mar[ií]a P[ée]rez/),
      reasons: expect.arrayContaining(['same_country', 'dates_overlap']),
    });
  });
});
