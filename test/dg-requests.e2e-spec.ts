import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

const auth = { authorization: `Bearer ${ADMIN_KEY}` };

/**
 * Three states over three cycles: Mexico always answers on time and asks for publication, the
 * Philippines never answers, Iraq answers late and never asks for publication.
 */
describe('UNESCO DG requests', () => {
  let t: TestApp;
  const cases: Record<string, string> = {};
  const requests: Record<string, Record<number, string>> = { MX: {}, PH: {}, IQ: {} };
  const CYCLES = [
    { year: 2020, reportEdition: 2022, sentOn: '2020-03-01', deadline: '2020-06-01' },
    { year: 2022, reportEdition: 2024, sentOn: '2022-03-01', deadline: '2022-06-01' },
    { year: 2024, reportEdition: 2026, sentOn: '2024-03-01', deadline: '2024-06-01' },
  ];

  async function killing(key: string, countryCode: string, dateStart: string): Promise<void> {
    const res = await t
      .http()
      .post('/api/v1/incidents')
      .set(auth)
      .send({
        dateStart,
        datePrecision: 'day',
        countryCode,
        attackTypes: ['murder'],
        victims: [{ person: { fullName: `Journalist ${key}` }, outcome: 'killed' }],
      })
      .expect(201);
    cases[key] = res.body.victims[0].caseId;
  }

  async function answer(
    state: string,
    year: number,
    body: {
      receivedOn: string;
      publicationRequested: boolean;
      cases?: object[];
      [field: string]: unknown;
    },
  ): Promise<void> {
    const res = await t
      .http()
      .post(`/api/v1/dg-requests/${requests[state][year]}/response`)
      .set(auth)
      .send(body)
      .expect(201);
    // The answer just stored is echoed back, as a later GET shows it.
    expect(res.body.response).toMatchObject({
      receivedOn: body.receivedOn,
      publicationRequested: body.publicationRequested,
      withheld: false,
    });
    expect(res.body.response.cases).toHaveLength(body.cases?.length ?? 0);
    const read = await t.http().get(`/api/v1/dg-requests/${requests[state][year]}`).set(auth);
    expect(res.body.response).toEqual(read.body.response);
  }

  beforeAll(async () => {
    t = await createTestApp();
    await killing('MX1', 'MX', '2015-04-01');
    await killing('MX2', 'MX', '2018-07-01');
    await killing('PH1', 'PH', '2016-02-02');
    await killing('IQ1', 'IQ', '2017-09-09');
    await killing('IQ2', 'IQ', '2019-10-10');
    // Outside UNESCO's scope: before 2006, and an attack that was not a killing.
    await killing('OLD', 'MX', '2004-01-01');

    for (const cycle of CYCLES) {
      await t.http().post('/api/v1/dg-cycles').set(auth).send(cycle).expect(201);
      const drafts = await t
        .http()
        .post(`/api/v1/dg-cycles/${cycle.year}/requests`)
        .set(auth)
        .expect(201);
      for (const request of drafts.body) {
        requests[request.countryCode][cycle.year] = request.id;
        await t
          .http()
          .post(`/api/v1/dg-requests/${request.id}/send`)
          .set(auth)
          .send({})
          .expect(201);
      }
      const y = cycle.year;
      if (y === 2020) {
        await answer('MX', y, {
          receivedOn: '2020-04-01',
          publicationRequested: true,
          remarks: 'Both investigations continue.',
          cases: [
            { caseId: cases.MX1, status: 'ongoing' },
            { caseId: cases.MX2, status: 'ongoing' },
          ],
        });
        await answer('IQ', y, {
          receivedOn: '2020-09-01',
          publicationRequested: false,
          remarks: 'Confidential remark',
          documents: ['note-verbale-2020.pdf'],
          cases: [
            { caseId: cases.IQ1, status: 'resolved' },
            { caseId: cases.IQ2, status: 'ongoing' },
          ],
        });
      } else if (y === 2022) {
        await answer('MX', y, {
          receivedOn: '2022-05-01',
          publicationRequested: true,
          cases: [
            { caseId: cases.MX1, status: 'resolved' },
            { caseId: cases.MX2, status: 'ongoing' },
          ],
        });
        await answer('IQ', y, {
          receivedOn: '2022-08-01',
          publicationRequested: false,
          cases: [{ caseId: cases.IQ2, status: 'ongoing' }],
        });
      } else {
        await answer('MX', y, {
          receivedOn: '2024-04-15',
          publicationRequested: true,
          cases: [{ caseId: cases.MX2, status: 'ongoing' }],
        });
        await answer('IQ', y, {
          receivedOn: '2024-07-01',
          publicationRequested: false,
          cases: [{ caseId: cases.IQ2, status: 'resolved' }],
        });
      }
    }
  });
  afterAll(() => t.close());

  it('asks each state about its unresolved killings in scope, by everything UNESCO knows', async () => {
    const asked = async (state: string, year: number) =>
      (
        await t.http().get(`/api/v1/dg-requests/${requests[state][year]}`).expect(200)
      ).body.caseIds.sort();
    expect(await asked('MX', 2020)).toEqual([cases.MX1, cases.MX2].sort());
    expect(await asked('IQ', 2020)).toEqual([cases.IQ1, cases.IQ2].sort());
    expect(await asked('PH', 2020)).toEqual([cases.PH1]);
    // Resolved answers leave the next cycle's scope, confidential ones included.
    expect(await asked('MX', 2024)).toEqual([cases.MX2]);
    expect(await asked('IQ', 2022)).toEqual([cases.IQ2]);
    expect(await asked('IQ', 2024)).toEqual([cases.IQ2]);
    expect(await asked('PH', 2024)).toEqual([cases.PH1]);
  });

  it('computes per-case UNESCO statuses from the ledger: public and administrator views', async () => {
    const expectedPublic = {
      MX1: 'resolved',
      MX2: 'ongoing',
      PH1: 'no_information',
      IQ1: 'no_information',
      IQ2: 'no_information',
    };
    const expectedAdmin = {
      MX1: 'resolved',
      MX2: 'ongoing',
      PH1: 'no_information',
      IQ1: 'resolved',
      IQ2: 'resolved',
    };
    for (const [key, status] of Object.entries(expectedPublic)) {
      const res = await t.http().get(`/api/v1/cases/${cases[key]}/status`).expect(200);
      expect({ key, status: res.body.status }).toEqual({ key, status });
    }
    for (const [key, status] of Object.entries(expectedAdmin)) {
      const res = await t.http().get(`/api/v1/cases/${cases[key]}/status`).set(auth).expect(200);
      expect({ key, status: res.body.status }).toEqual({ key, status });
    }
    // As it stood when the 2022 requests went out.
    const mx1 = await t
      .http()
      .get(`/api/v1/cases/${cases.MX1}/status`)
      .query({ asOf: '2022-03-01' })
      .expect(200);
    expect(mx1.body.status).toBe('ongoing');
    const publicResolved = await t
      .http()
      .get('/api/v1/cases')
      .query({ status: 'resolved' })
      .expect(200);
    expect(publicResolved.body.data.map((c: { id: string }) => c.id)).toEqual([cases.MX1]);
    const adminResolved = await t
      .http()
      .get('/api/v1/cases')
      .query({ status: 'resolved', withTotal: true })
      .set(auth)
      .expect(200);
    expect(adminResolved.body.pageInfo.total).toBe(3);
  });

  it('gives response rates per cycle and region and the ledger of each state', async () => {
    for (const { year } of CYCLES) {
      const rates = await t.http().get(`/api/v1/dg-cycles/${year}/response-rates`).expect(200);
      expect(rates.body.overall).toEqual({
        scope: 'all',
        asked: 3,
        answered: 2,
        answeredOnTime: 1,
        rate: 0.6667,
      });
      const byRegion = Object.fromEntries(
        rates.body.byRegion.map((r: { scope: string; rate: number }) => [r.scope, r.rate]),
      );
      expect(byRegion).toEqual({ arab_states: 1, asia_pacific: 0, latin_america_caribbean: 1 });
    }
    const ledger = async (code: string, headers = {}) =>
      (await t.http().get(`/api/v1/states/${code}/dg-history`).set(headers).expect(200)).body;
    expect(await ledger('MX')).toMatchObject({ asked: 3, answered: 3, answeredOnTime: 3 });
    expect(
      (await ledger('MX')).cycles.map((c: { casesAsked: number; casesReportedOn: number }) => [
        c.casesAsked,
        c.casesReportedOn,
      ]),
    ).toEqual([
      [2, 2],
      [2, 2],
      [1, 1],
    ]);
    expect(await ledger('PH')).toMatchObject({ asked: 3, answered: 0, answeredOnTime: 0 });
    const iq = await ledger('iq');
    expect(iq).toMatchObject({ asked: 3, answered: 3, answeredOnTime: 0 });
    expect(
      iq.cycles.map((c: { onTime: boolean; casesReportedOn: number | null }) => [
        c.onTime,
        c.casesReportedOn,
      ]),
    ).toEqual([
      [false, null],
      [false, null],
      [false, null],
    ]);
    expect(
      (await ledger('IQ', auth)).cycles.map((c: { casesReportedOn: number }) => c.casesReportedOn),
    ).toEqual([2, 1, 1]);
    const cycle = await t.http().get('/api/v1/dg-cycles/2022').expect(200);
    expect(cycle.body).toMatchObject({ requestCount: 3, sentCount: 3, answeredCount: 2 });
  });

  it('never shows the content of an unpublished answer to an anonymous caller, in any transport', async () => {
    const request = await t.http().get(`/api/v1/dg-requests/${requests.IQ[2020]}`).expect(200);
    expect(request.body.response).toEqual({
      id: expect.any(String),
      receivedOn: '2020-09-01',
      onTime: false,
      publicationRequested: false,
      withheld: true,
      remarks: null,
      documents: [],
      cases: [],
    });
    const asAdmin = await t
      .http()
      .get(`/api/v1/dg-requests/${requests.IQ[2020]}`)
      .set(auth)
      .expect(200);
    expect(asAdmin.body.response).toMatchObject({
      withheld: false,
      remarks: 'Confidential remark',
      documents: ['note-verbale-2020.pdf'],
    });
    expect(asAdmin.body.response.cases).toHaveLength(2);

    const cycleList = await t.http().get('/api/v1/dg-cycles/2020/requests').expect(200);
    expect(JSON.stringify(cycleList.body)).not.toContain('Confidential remark');

    const history = await t.http().get(`/api/v1/cases/${cases.IQ1}/status-history`).expect(200);
    expect(history.body).toEqual([]);
    const adminHistory = await t
      .http()
      .get(`/api/v1/cases/${cases.IQ1}/status-history`)
      .set(auth)
      .expect(200);
    expect(adminHistory.body).toEqual([
      expect.objectContaining({ status: 'resolved', reportedBy: 'state', confidential: true }),
    ]);

    const caseCycles = await t.http().get(`/api/v1/cases/${cases.IQ2}/dg-history`).expect(200);
    expect(
      caseCycles.body.map((c: { reportedStatus: string | null; withheld: boolean }) => [
        c.reportedStatus,
        c.withheld,
      ]),
    ).toEqual([
      [null, true],
      [null, true],
      [null, true],
    ]);
    const mxCycles = await t.http().get(`/api/v1/cases/${cases.MX1}/dg-history`).expect(200);
    expect(mxCycles.body.map((c: { reportedStatus: string | null }) => c.reportedStatus)).toEqual([
      'ongoing',
      'resolved',
    ]);

    const query = `query($id: ID!, $case: ID!) {
      dgRequest(id: $id) { response { withheld remarks documents cases { caseId status } } }
      case(id: $case) { status { status entry { id } } statusHistory { id } dgHistory { reportedStatus withheld } }
      dgCycle(year: 2020) { requests { countryCode response { remarks cases { status } } } }
    }`;
    const anonymous = await t.graphql(query, { id: requests.IQ[2020], case: cases.IQ1 });
    expect(anonymous.body.errors).toBeUndefined();
    expect(anonymous.body.data.dgRequest.response).toEqual({
      withheld: true,
      remarks: null,
      documents: [],
      cases: [],
    });
    expect(anonymous.body.data.case).toEqual({
      status: { status: 'no_information', entry: null },
      statusHistory: [],
      dgHistory: [{ reportedStatus: null, withheld: true }],
    });
    expect(JSON.stringify(anonymous.body.data.dgCycle)).not.toContain('Confidential');
    const exported = await t.http().get('/api/v1/exports/status-history.ndjson').expect(200);
    expect(exported.text).toContain(cases.MX1);
    expect(exported.text).not.toContain(cases.IQ1);
    expect(exported.text).not.toContain(cases.IQ2);
    const exportedCases = await t
      .http()
      .get('/api/v1/exports/cases.ndjson')
      .query({ country: 'IQ' })
      .expect(200);
    expect(exportedCases.text).not.toMatch(/resolved|Confidential/);

    // Aggregates: the public ratio counts Iraq's cases as never reported on; administrators see the answers.
    const publicRatio = await t
      .http()
      .get('/api/v1/statistics/unresolved-ratio')
      .query({ scope: 'all', groupBy: 'country' })
      .expect(200);
    const adminRatio = await t
      .http()
      .get('/api/v1/statistics/unresolved-ratio')
      .query({ scope: 'all', groupBy: 'country' })
      .set(auth)
      .expect(200);
    const iraq = (figure: {
      groups: { key: { country: string }; numerator: number; unknown: number }[];
    }) => figure.groups.find((g) => g.key.country === 'IQ');
    expect(iraq(publicRatio.body)).toMatchObject({ numerator: 2, unknown: 2 });
    expect(iraq(adminRatio.body)).toMatchObject({ numerator: 0, unknown: 0 });
    expect(publicRatio.headers['cache-control']).toContain('public');
    expect(adminRatio.headers['cache-control']).toContain('no-store');

    const admin = await t.graphql(query, { id: requests.IQ[2020], case: cases.IQ1 }, ADMIN_KEY);
    expect(admin.body.data.dgRequest.response.remarks).toBe('Confidential remark');
    expect(admin.body.data.case.status.status).toBe('resolved');
    expect(admin.body.data.case.dgHistory).toEqual([
      { reportedStatus: 'resolved', withheld: false },
    ]);
  });

  it('refuses bad requests and answers with a 400 naming the field, writing nothing', async () => {
    const count = async () =>
      (
        await t.dataSource.query(
          `SELECT ((SELECT count(*) FROM dg_responses) + (SELECT count(*) FROM status_entries) + (SELECT count(*) FROM dg_request_cases))::int AS n`,
        )
      )[0].n;
    const before = await count();
    await t
      .http()
      .post('/api/v1/dg-cycles')
      .set(auth)
      .send({ year: 2025, reportEdition: 2026, sentOn: '2025-03-01' })
      .expect(201);
    const drafts = await t.http().post('/api/v1/dg-cycles/2025/requests').set(auth).expect(201);
    const mxDraft = drafts.body.find((r: { countryCode: string }) => r.countryCode === 'MX').id;
    const afterGenerate = await count();
    const bad: [string, string, object, string][] = [
      ['post', `/api/v1/dg-requests/${mxDraft}/cases`, { caseIds: [cases.IQ1] }, 'caseIds[0]'],
      ['post', `/api/v1/dg-requests/${mxDraft}/cases`, { caseIds: ['not-a-uuid'] }, 'caseIds'],
      [
        'post',
        `/api/v1/dg-requests/${mxDraft}/response`,
        { receivedOn: '2025-04-01', publicationRequested: true },
        'receivedOn',
      ],
      [
        'post',
        `/api/v1/dg-requests/${requests.MX[2024]}/response`,
        { receivedOn: '2024-05-01', publicationRequested: true },
        'response',
      ],
      [
        'post',
        `/api/v1/dg-requests/${requests.PH[2024]}/response`,
        { receivedOn: '2024-02-01', publicationRequested: true },
        'receivedOn',
      ],
      [
        'post',
        `/api/v1/dg-requests/${requests.PH[2024]}/response`,
        {
          receivedOn: '2024-04-01',
          publicationRequested: true,
          cases: [{ caseId: cases.MX1, status: 'ongoing' }],
        },
        'cases[0].caseId',
      ],
      [
        'post',
        `/api/v1/dg-requests/${requests.PH[2024]}/response`,
        {
          receivedOn: '2024-04-01',
          publicationRequested: true,
          cases: [{ caseId: cases.PH1, status: 'no_information' }],
        },
        'cases[0].status',
      ],
      [
        'post',
        `/api/v1/dg-requests/${requests.PH[2024]}/response`,
        { receivedOn: '2999-04-01', publicationRequested: true },
        'receivedOn',
      ],
      [
        'post',
        `/api/v1/dg-requests/${requests.PH[2024]}/response`,
        { receivedOn: '2024-04-01' },
        'publicationRequested',
      ],
      ['post', `/api/v1/dg-requests/${requests.PH[2024]}/cases`, { caseIds: [cases.PH1] }, 'id'],
      ['post', '/api/v1/dg-cycles', { year: 2026, reportEdition: 2027 }, 'reportEdition'],
      [
        'post',
        '/api/v1/dg-cycles',
        { year: 2026, reportEdition: 2026, sentOn: '2025-01-01' },
        'sentOn',
      ],
    ];
    for (const [method, url, body, field] of bad) {
      const res = await t.http()[method as 'post'](url).set(auth).send(body);
      expect({
        url,
        body,
        status: res.status,
        fields: res.body.details?.map((d: { field: string }) => d.field),
      }).toEqual({ url, body, status: 400, fields: expect.arrayContaining([field]) });
    }
    await t
      .http()
      .post('/api/v1/dg-cycles')
      .set(auth)
      .send({ year: 2025, reportEdition: 2026 })
      .expect(409);
    await t
      .http()
      .post('/api/v1/dg-requests/00000000-0000-4000-8000-000000000000/response')
      .set(auth)
      .send({ receivedOn: '2024-04-01', publicationRequested: true })
      .expect(404);
    expect(await count()).toBe(afterGenerate);
    expect(afterGenerate).toBeGreaterThan(before);
    await t.http().post('/api/v1/dg-cycles').send({ year: 2026, reportEdition: 2026 }).expect(401);
  });

  it('echoes the answer recordDgResponse stored', async () => {
    const res = await t.graphql(
      `mutation($id: ID!, $case: ID!) {
        recordDgResponse(id: $id, input: { receivedOn: "2024-05-02", publicationRequested: true,
          remarks: "Under investigation", cases: [{ caseId: $case, status: ongoing }] }) {
          id response { receivedOn onTime publicationRequested withheld remarks cases { caseId status } }
        }
      }`,
      { id: requests.PH[2024], case: cases.PH1 },
      ADMIN_KEY,
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.recordDgResponse.response).toEqual({
      receivedOn: '2024-05-02',
      onTime: true,
      publicationRequested: true,
      withheld: false,
      remarks: 'Under investigation',
      cases: [{ caseId: cases.PH1, status: 'ongoing' }],
    });
  });
});
