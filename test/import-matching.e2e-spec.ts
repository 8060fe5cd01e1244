import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const HEADER =
  'year,fullName,primaryNationality,secondaryNationality,gender,typeOfDeath,status,employedAs,organizations,jobs,coverage,mediums,country,location,localOrForeign,sourcesOfFire,motiveConfirmed,impunityMurder,tortured,captive,threatened,charges,sentence,locationImprisoned';
const row = (year: number, name: string, impunity = 'Complete Impunity') =>
  `${year},${name},Philippines,,Male,Murder,Killed,Staff,,,,,Philippines,Puerto Princesa,Local,,Confirmed,${impunity},,,,,,`;

describe('matching imported rows with stored cases', () => {
  let t: TestApp;
  let stored: string;

  const importCsv = async (rows: string[]) => {
    const job = await t
      .http()
      .post('/api/v1/imports')
      .query({ wait: 'true', format: 'cpj-api' })
      .set(admin)
      .set('content-type', 'text/csv')
      .send(`${HEADER}\n${rows.join('\n')}\n`)
      .expect(202);
    expect(job.body.state).toBe('succeeded');
    return job.body.summary;
  };
  const casePage = async (id: string) =>
    (await t.http().get(`/api/v1/cases/${id}`).expect(200)).body;
  const killings = async () =>
    (await t.http().get('/api/v1/statistics/killings?country=PH').expect(200)).body.value;

  beforeAll(async () => {
    t = await createTestApp();
    const res = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2011-01-24',
        datePrecision: 'day',
        countryCode: 'PH',
        place: 'Puerto Princesa, Palawan',
        attackTypes: ['murder'],
        victims: [
          {
            person: { fullName: 'Gerardo Ortega' },
            outcome: 'killed',
            classifications: [{ monitor: 'unesco', included: true, condemnation: 'condemned' }],
          },
        ],
      })
      .expect(201);
    stored = res.body.victims[0].caseId;
  });
  afterAll(() => t.close());

  it('attaches a row of the same person, date and country to the stored case', async () => {
    expect(await killings()).toBe(1);
    const summary = await importCsv([row(2011, 'Gerardo Ortega')]);
    expect(summary).toMatchObject({
      created: 0,
      attached: 1,
      attachedRecords: [{ rows: [2], caseId: stored, key: expect.any(String) }],
    });
    const page = await casePage(stored);
    expect(page.person.fullName).toBe('Gerardo Ortega');
    expect(page.incident.place).toBe('Puerto Princesa, Palawan');
    expect(page.classifications.map((c: { monitor: string }) => c.monitor)).toEqual([
      'cpj',
      'unesco',
    ]);
    const cpj = await t.http().get(`/api/v1/cases/${stored}/status?scheme=cpj`).expect(200);
    expect(cpj.body.status).toBe('complete_impunity');
    expect(await killings()).toBe(1);
    const history = await t.http().get(`/api/v1/cases/${stored}/history`).set(admin).expect(200);
    expect(history.body.at(-1).note).toMatch(/attached \(the same person, date and country\)$/);
    const pairs = await t.http().get('/api/v1/duplicates').set(admin).expect(200);
    expect(pairs.body.data).toEqual([]);
  });

  it('changes nothing when the same file comes again', async () => {
    const before = await casePage(stored);
    const summary = await importCsv([row(2011, 'Gerardo Ortega')]);
    expect(summary).toMatchObject({ created: 0, updated: 0, unchanged: 1, attached: 0 });
    expect(await casePage(stored)).toEqual(before);
    expect(await killings()).toBe(1);
  });

  it('keeps the stored person and incident when the monitor’s record changes', async () => {
    const summary = await importCsv([row(2011, 'Gerardo Ortega', 'Partial Impunity')]);
    expect(summary).toMatchObject({ created: 0, updated: 1 });
    const page = await casePage(stored);
    expect(page.incident.place).toBe('Puerto Princesa, Palawan');
    expect(page.incident.datePrecision).toBe('day');
    const cpj = await t.http().get(`/api/v1/cases/${stored}/status?scheme=cpj`).expect(200);
    expect(cpj.body.status).toBe('partial_justice');
  });

  it('creates a row below that confidence and proposes it as a candidate', async () => {
    const summary = await importCsv([row(2011, 'Gerry Ortega'), row(2004, 'Gerardo Ortega')]);
    expect(summary).toMatchObject({ created: 2, attached: 0 });
    const pairs = await t.http().get('/api/v1/duplicates').set(admin).expect(200);
    expect(pairs.body.data).toEqual([
      expect.objectContaining({
        nameA: expect.stringMatching(/Ortega/),
        nameB: expect.stringMatching(/Ortega/),
        reasons: expect.arrayContaining(['same_country', 'dates_overlap']),
      }),
    ]);
    expect(
      [pairs.body.data[0].caseA, pairs.body.data[0].caseB].filter((id: string) => id === stored),
    ).toHaveLength(1);
    expect(await killings()).toBe(3);
  });
});
