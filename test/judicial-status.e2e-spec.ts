import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { ifMatch } from './versions.js';

const auth = { authorization: `Bearer ${ADMIN_KEY}` };

interface Entry {
  id: string;
  status: string;
  effectiveDate: string;
  recordedAt: string;
  supersedesId: string | null;
}

/** The entry that sets the status on asOf as known at knownAt, by the definition below. */
function expectedEntry(entries: Entry[], asOf: string, knownAt: string): Entry | undefined {
  const known = entries.filter((e) => e.recordedAt <= knownAt);
  const corrected = new Set(known.map((e) => e.supersedesId).filter(Boolean));
  return known
    .filter((e) => !corrected.has(e.id) && e.effectiveDate <= asOf)
    .sort(
      (a, b) =>
        b.effectiveDate.localeCompare(a.effectiveDate) ||
        b.recordedAt.localeCompare(a.recordedAt) ||
        Number(b.id) - Number(a.id),
    )[0];
}

/** The definition, written out plainly: what every query must agree with. */
function expectedStatus(entries: Entry[], asOf: string, knownAt: string): string {
  const known = entries.filter((e) => e.recordedAt <= knownAt);
  const corrected = new Set(known.map((e) => e.supersedesId).filter(Boolean));
  const candidates = known
    .filter((e) => !corrected.has(e.id) && e.effectiveDate <= asOf)
    .sort(
      (a, b) =>
        b.effectiveDate.localeCompare(a.effectiveDate) ||
        b.recordedAt.localeCompare(a.recordedAt) ||
        Number(b.id) - Number(a.id),
    );
  return candidates[0]?.status ?? 'no_information';
}

describe('judicial status over time', () => {
  let t: TestApp;
  const caseIds: string[] = [];

  /** Inserts a history entry with a chosen recorded_at (the API always records "now"). */
  async function entry(
    caseId: string,
    status: string,
    effectiveDate: string,
    recordedAt: string,
    supersedes: string | null = null,
  ): Promise<Entry> {
    const [row] = await t.dataSource.query(
      `INSERT INTO status_entries (case_id, scheme, status, effective_date, recorded_at, reported_by, supersedes_id, created_by)
       VALUES ($1, 'unesco', $2, $3, $4, 'state', $5, 'fixture') RETURNING id::text`,
      [caseId, status, effectiveDate, recordedAt, supersedes],
    );
    return {
      id: row.id,
      status,
      effectiveDate,
      recordedAt: new Date(recordedAt).toISOString(),
      supersedesId: supersedes,
    };
  }

  const histories = new Map<string, Entry[]>();

  beforeAll(async () => {
    t = await createTestApp();
    const incident = await t
      .http()
      .post('/api/v1/incidents')
      .set(auth)
      .send({
        dateStart: '2012-05-03',
        datePrecision: 'day',
        countryCode: 'MX',
        attackTypes: ['murder'],
        victims: [1, 2, 3, 4].map((n) => ({
          person: { fullName: `Periodista ${n}` },
          outcome: 'killed',
        })),
      })
      .expect(201);
    caseIds.push(...incident.body.victims.map((v: { caseId: string }) => v.caseId));
    const [a, b, c] = caseIds;
    // a: ongoing; a back-dated, late-recorded resolution; an entry later corrected.
    const e1 = await entry(a, 'ongoing', '2015-01-01', '2015-02-01T10:00:00Z');
    const e2 = await entry(a, 'resolved', '2019-06-01', '2021-03-01T10:00:00Z');
    const e3 = await entry(a, 'ongoing', '2020-01-01', '2020-01-15T10:00:00Z');
    const e4 = await entry(a, 'resolved', '2020-01-01', '2022-01-01T10:00:00Z', e3.id);
    histories.set(a, [e1, e2, e3, e4]);
    // b: ongoing, then resolved as recorded on the same day it became true.
    histories.set(b, [
      await entry(b, 'ongoing', '2013-01-10', '2013-01-11T00:00:00Z'),
      await entry(b, 'resolved', '2022-11-01', '2022-11-01T12:00:00Z'),
    ]);
    // c: resolved then reopened; d: never reported.
    histories.set(c, [
      await entry(c, 'resolved', '2016-03-01', '2016-03-02T00:00:00Z'),
      await entry(c, 'ongoing', '2018-08-08', '2023-05-05T00:00:00Z'),
    ]);
    histories.set(caseIds[3], []);
  });
  afterAll(() => t.close());

  const asOfDates = [
    '2014-12-31',
    '2015-01-01',
    '2016-06-01',
    '2019-06-01',
    '2019-12-31',
    '2020-01-01',
    '2020-06-01',
    '2022-11-01',
    '2022-11-02',
    '2025-01-01',
  ];
  const knownDates = [
    '2015-01-31',
    '2015-02-01',
    '2020-01-15',
    '2021-03-01',
    '2021-12-31',
    '2022-01-01',
    '2022-11-01',
    '2022-11-02',
    '2023-05-04',
    '2025-06-01',
  ];

  it('answers hand-computed values around the back-dated, late and corrected entries', async () => {
    const a = caseIds[0];
    const status = async (asOf: string, knownAsOf?: string) =>
      (
        await t
          .http()
          .get(`/api/v1/cases/${a}/status`)
          .query({ asOf, ...(knownAsOf ? { knownAsOf } : {}) })
          .expect(200)
      ).body.status;
    expect(await status('2014-12-31')).toBe('no_information');
    expect(await status('2016-01-01', '2016-01-01')).toBe('ongoing');
    expect(await status('2019-07-01', '2020-12-31')).toBe('ongoing');
    expect(await status('2019-07-01', '2021-03-01')).toBe('resolved');
    expect(await status('2020-06-01', '2021-12-31')).toBe('ongoing');
    expect(await status('2020-06-01', '2022-01-01')).toBe('resolved');
    expect(await status('2020-06-01')).toBe('resolved');
    expect(await status('2020-06-01', '2022-01-01T09:59:59Z')).toBe('ongoing');
  });

  it('agrees with the definition for every case, date and knowledge date (REST and GraphQL)', async () => {
    for (const id of caseIds) {
      for (const asOf of asOfDates) {
        for (const known of knownDates) {
          const expected = expectedStatus(histories.get(id)!, asOf, `${known}T23:59:59.999Z`);
          const rest = await t
            .http()
            .get(`/api/v1/cases/${id}/status`)
            .query({ asOf, knownAsOf: known })
            .expect(200);
          expect({ id, asOf, known, status: rest.body.status }).toEqual({
            id,
            asOf,
            known,
            status: expected,
          });
        }
      }
    }
    const gql = await t.graphql(
      `query($id: ID!) { case(id: $id) {
      early: status(asOf: "2019-07-01", knownAsOf: "2020-12-31") { status entry { effectiveDate } }
      late: status(asOf: "2019-07-01", knownAsOf: "2021-03-01") { status }
      statusHistory(scheme: unesco) { id supersedesId supersededById }
    } }`,
      { id: caseIds[0] },
    );
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.case.early).toEqual({
      status: 'ongoing',
      entry: { effectiveDate: '2015-01-01' },
    });
    expect(gql.body.data.case.late.status).toBe('resolved');
    const history = gql.body.data.case.statusHistory;
    expect(history).toHaveLength(4);
    expect(history.filter((e: { supersededById: string | null }) => e.supersededById)).toHaveLength(
      1,
    );
  });

  it('filters the case list by status under asOf and knownAsOf exactly as the per-case status says', async () => {
    for (const asOf of asOfDates) {
      for (const known of knownDates) {
        for (const status of ['no_information', 'ongoing', 'resolved']) {
          const expected = caseIds
            .filter(
              (id) => expectedStatus(histories.get(id)!, asOf, `${known}T23:59:59.999Z`) === status,
            )
            .sort();
          const rest = await t
            .http()
            .get('/api/v1/cases')
            .query({ status, asOf, knownAsOf: known, limit: 200 })
            .expect(200);
          expect({
            asOf,
            known,
            status,
            ids: rest.body.data.map((c: { id: string }) => c.id).sort(),
          }).toEqual({ asOf, known, status, ids: expected });
        }
      }
    }
    for (const [query, field] of [
      [{ status: 'full_justice' }, 'status'],
      [{ status: 'resolved', scheme: 'cpj' }, 'status'],
      [{ status: 'resolved', asOf: '2999-01-01' }, 'asOf'],
      [{ status: 'resolved', knownAsOf: 'yesterday' }, 'knownAsOf'],
      [{ status: 'resolved', knownAsOf: '2022-13-45' }, 'knownAsOf'],
    ] as const) {
      const res = await t.http().get('/api/v1/cases').query(query).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const gql = await t.graphql(
      `{ cases(filter: { status: resolved, asOf: "2019-07-01", knownAsOf: "2021-03-01", country: "MX" }) { data { id } } }`,
    );
    expect(gql.body.data.cases.data.map((c: { id: string }) => c.id).sort()).toEqual(
      [caseIds[0], caseIds[2]].sort(),
    );
    // "Cases in Mexico that were unresolved on 2 November 2022 as known on that day": c's reopening
    // was recorded only in 2023, so only d (never reported on) was unresolved then.
    const unresolved = async (status: string) =>
      (
        await t
          .http()
          .get('/api/v1/cases')
          .query({ country: 'MX', status, asOf: '2022-11-02', knownAsOf: '2022-11-02' })
          .expect(200)
      ).body.data.map((c: { id: string }) => c.id);
    expect(await unresolved('ongoing')).toEqual([]);
    expect(await unresolved('no_information')).toEqual([caseIds[3]]);
    const today = await t
      .http()
      .get('/api/v1/cases')
      .query({ country: 'MX', status: 'ongoing' })
      .expect(200);
    expect(today.body.data.map((c: { id: string }) => c.id)).toEqual([caseIds[2]]);
  });

  it('gives each listed case its current status, and GraphQL the status and entry of any date, as the definition says', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const now = new Date().toISOString();
    const list = await t.http().get('/api/v1/cases').query({ country: 'MX' }).expect(200);
    for (const id of caseIds) {
      const item = list.body.data.find((c: { id: string }) => c.id === id);
      expect({ id, currentStatus: item.currentStatus }).toEqual({
        id,
        currentStatus: { unesco: expectedStatus(histories.get(id)!, today, now), cpj: null },
      });
    }
    const page = `query ($asOf: String, $knownAsOf: String) {
      cases(filter: { country: "MX" }) { data {
        id
        now: status { status asOf knownAsOf entry { id effectiveDate } }
        cpj: status(scheme: cpj) { status entry { id } }
        then: status(asOf: $asOf) { status entry { id } }
        known: status(asOf: $asOf, knownAsOf: $knownAsOf) { status entry { id } }
      } }
    }`;
    for (const key of [undefined, ADMIN_KEY]) {
      for (const [asOf, knownAsOf] of [
        ['2019-07-01', '2020-12-31'],
        ['2020-06-01', '2022-01-01'],
        ['2022-11-01', '2023-05-04'],
      ]) {
        const res = await t.graphql(page, { asOf, knownAsOf }, key);
        expect(res.body.errors).toBeUndefined();
        for (const id of caseIds) {
          const c = res.body.data.cases.data.find((x: { id: string }) => x.id === id);
          const history = histories.get(id)!;
          const known = `${knownAsOf}T23:59:59.999Z`;
          expect({ id, asOf, c }).toEqual({
            id,
            asOf,
            c: {
              id,
              now: {
                status: expectedStatus(history, today, now),
                asOf: today,
                knownAsOf: null,
                entry: expectedEntry(history, today, now)
                  ? {
                      id: expectedEntry(history, today, now)!.id,
                      effectiveDate: expectedEntry(history, today, now)!.effectiveDate,
                    }
                  : null,
              },
              cpj: { status: null, entry: null },
              then: {
                status: expectedStatus(history, asOf, now),
                entry: expectedEntry(history, asOf, now)
                  ? { id: expectedEntry(history, asOf, now)!.id }
                  : null,
              },
              known: {
                status: expectedStatus(history, asOf, known),
                entry: expectedEntry(history, asOf, known)
                  ? { id: expectedEntry(history, asOf, known)!.id }
                  : null,
              },
            },
          });
        }
      }
    }
  });

  it('counts a confidential entry in listed and GraphQL statuses only for readers allowed to see it', async () => {
    const incident = await t
      .http()
      .post('/api/v1/incidents')
      .set(auth)
      .send({
        dateStart: '2011-04-04',
        datePrecision: 'day',
        countryCode: 'PE',
        attackTypes: ['murder'],
        victims: [{ person: { fullName: 'Periodista confidencial' }, outcome: 'killed' }],
      })
      .expect(201);
    const id: string = incident.body.victims[0].caseId;
    await entry(id, 'ongoing', '2012-01-01', '2012-01-02T00:00:00Z');
    await t.dataSource.query(
      `INSERT INTO status_entries (case_id, scheme, status, effective_date, reported_by, confidential, created_by)
       VALUES ($1, 'unesco', 'resolved', '2013-01-01', 'state', true, 'fixture'),
              ($1, 'cpj', 'partial_justice', '2013-01-01', 'monitor', true, 'fixture')`,
      [id],
    );
    for (const [key, unesco, cpj] of [
      [undefined, 'ongoing', null],
      [ADMIN_KEY, 'resolved', 'partial_justice'],
    ] as const) {
      const list = await t
        .http()
        .get('/api/v1/cases')
        .query({ country: 'PE' })
        .set(key ? { authorization: `Bearer ${key}` } : {})
        .expect(200);
      expect(list.body.data.map((c: { currentStatus: unknown }) => c.currentStatus)).toEqual([
        { unesco, cpj },
      ]);
      const res = await t.graphql(
        `{ cases(filter: { country: "PE" }) { data {
          unesco: status { status entry { confidential } }
          cpj: status(scheme: cpj) { status entry { confidential } }
        } } }`,
        {},
        key,
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.cases.data).toEqual([
        {
          unesco: { status: unesco, entry: { confidential: Boolean(key) } },
          cpj: { status: cpj, entry: key ? { confidential: true } : null },
        },
      ]);
    }
  });

  it('refuses UPDATE, DELETE and TRUNCATE of history rows in the database', async () => {
    await expect(
      t.dataSource.query(`UPDATE status_entries SET status = 'resolved'`),
    ).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`DELETE FROM status_entries`)).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query(`TRUNCATE status_entries CASCADE`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('appends through the API, corrections included, and rejects bad input naming the field', async () => {
    const id = caseIds[3];
    const created = await t
      .http()
      .post(`/api/v1/cases/${id}/status-history`)
      .set(auth)
      .send({
        scheme: 'unesco',
        status: 'ongoing',
        effectiveDate: '2020-02-02',
        reportedBy: 'state',
        source: 'https://example.org/answer',
      })
      .expect(201);
    const correction = await t
      .http()
      .post(`/api/v1/cases/${id}/status-history`)
      .set(auth)
      .send({
        scheme: 'unesco',
        status: 'resolved',
        resolutionReason: 'perpetrator_deceased',
        effectiveDate: '2020-02-02',
        reportedBy: 'staff',
        supersedes: created.body.id,
      })
      .expect(201);
    expect(correction.body.supersedesId).toBe(created.body.id);
    const history = await t.http().get(`/api/v1/cases/${id}/status-history`).expect(200);
    expect(
      history.body.map((e: { id: string; supersededById: string | null }) => [
        e.id,
        e.supersededById,
      ]),
    ).toEqual([
      [created.body.id, correction.body.id],
      [correction.body.id, null],
    ]);
    histories.set(id, []);

    const count = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM status_entries`))[0].n;
    const before = await count();
    const bad: [object, string][] = [
      [
        { scheme: 'rsf', status: 'ongoing', effectiveDate: '2020-01-01', reportedBy: 'state' },
        'scheme',
      ],
      [
        {
          scheme: 'unesco',
          status: 'full_justice',
          effectiveDate: '2020-01-01',
          reportedBy: 'state',
        },
        'status',
      ],
      [
        { scheme: 'unesco', status: 'ongoing', effectiveDate: '2999-01-01', reportedBy: 'state' },
        'effectiveDate',
      ],
      [
        { scheme: 'unesco', status: 'ongoing', effectiveDate: '2020-02-30', reportedBy: 'state' },
        'effectiveDate',
      ],
      [
        {
          scheme: 'unesco',
          status: 'ongoing',
          effectiveDate: '2020-01-01',
          reportedBy: 'neighbour',
        },
        'reportedBy',
      ],
      [
        {
          scheme: 'unesco',
          status: 'ongoing',
          effectiveDate: '2020-01-01',
          reportedBy: 'state',
          resolutionReason: 'perpetrator_deceased',
        },
        'resolutionReason',
      ],
      [
        {
          scheme: 'unesco',
          status: 'ongoing',
          effectiveDate: '2020-01-01',
          reportedBy: 'state',
          supersedes: created.body.id,
        },
        'supersedes',
      ],
      [
        {
          scheme: 'cpj',
          status: 'full_justice',
          effectiveDate: '2020-01-01',
          reportedBy: 'monitor',
          supersedes: correction.body.id,
        },
        'supersedes',
      ],
      [
        {
          scheme: 'unesco',
          status: 'ongoing',
          effectiveDate: '2020-01-01',
          reportedBy: 'state',
          colour: 'red',
        },
        'colour',
      ],
    ];
    for (const [body, field] of bad) {
      const res = await t.http().post(`/api/v1/cases/${id}/status-history`).set(auth).send(body);
      expect({
        body,
        status: res.status,
        fields: res.body.details?.map((d: { field: string }) => d.field),
      }).toEqual({ body, status: 400, fields: expect.arrayContaining([field]) });
    }
    await t
      .http()
      .delete(`/api/v1/cases/${caseIds[1]}`)
      .query({ reason: 'Retracted for the test' })
      .set(auth)
      .set(await ifMatch(t, 'case', caseIds[1]))
      .expect(200);
    const retracted = await t
      .http()
      .post(`/api/v1/cases/${caseIds[1]}/status-history`)
      .set(auth)
      .send({
        scheme: 'unesco',
        status: 'resolved',
        effectiveDate: '2024-01-01',
        reportedBy: 'staff',
      })
      .expect(400);
    expect(retracted.body.details[0].field).toBe('caseId');
    const gql = await t.graphql(
      `mutation($id: ID!) { addStatusEntry(caseId: $id, input: { scheme: unesco, status: ongoing, effectiveDate: "2999-01-01", reportedBy: state }) { id } }`,
      { id },
      ADMIN_KEY,
    );
    expect(gql.body.errors[0].extensions).toMatchObject({
      statusCode: 400,
      details: [{ field: 'effectiveDate' }],
    });
    await t
      .http()
      .post(`/api/v1/cases/00000000-0000-4000-8000-000000000000/status-history`)
      .set(auth)
      .send({
        scheme: 'unesco',
        status: 'ongoing',
        effectiveDate: '2020-01-01',
        reportedBy: 'state',
      })
      .expect(404);
    expect(await count()).toBe(before);
  });

  it('derives the CPJ class from proceedings and lists cases where it disagrees with the reported class', async () => {
    const id = caseIds[2];
    const cpj = async (asOf?: string) =>
      (
        await t
          .http()
          .get(`/api/v1/cases/${id}/proceedings`)
          .query(asOf ? { asOf } : {})
          .expect(200)
      ).body.cpj;
    expect(await cpj()).toMatchObject({
      derived: 'complete_impunity',
      reported: null,
      disagree: false,
    });
    await t
      .http()
      .post(`/api/v1/cases/${id}/status-history`)
      .set(auth)
      .send({
        scheme: 'cpj',
        status: 'complete_impunity',
        effectiveDate: '2014-01-01',
        reportedBy: 'monitor',
      })
      .expect(201);
    const step = (body: object) =>
      t.http().post(`/api/v1/cases/${id}/proceedings`).set(auth).send(body).expect(201);
    await step({
      defendantRole: 'perpetrator',
      step: 'arrest',
      stepDate: '2014-02-01',
      defendantName: 'A. Gunman',
    });
    expect((await cpj()).derived).toBe('complete_impunity');
    await step({
      defendantRole: 'perpetrator',
      step: 'convicted',
      stepDate: '2015-03-01',
      defendantName: 'A. Gunman',
      court: 'District court',
    });
    expect(await cpj()).toMatchObject({
      derived: 'partial_justice',
      reported: 'complete_impunity',
      disagree: true,
    });
    expect(await cpj('2015-02-28')).toMatchObject({
      derived: 'complete_impunity',
      disagree: false,
    });
    await step({
      defendantRole: 'mastermind',
      step: 'convicted',
      stepDate: '2017-05-05',
      defendantName: 'B. Boss',
    });
    expect((await cpj()).derived).toBe('full_justice');
    await step({
      defendantRole: 'mastermind',
      step: 'acquitted',
      stepDate: '2018-06-06',
      defendantName: 'B. Boss',
      note: 'Overturned on appeal',
    });
    expect((await cpj()).derived).toBe('partial_justice');
    const listed = await t.http().get('/api/v1/cases').query({ cpjDisagreement: true }).expect(200);
    expect(listed.body.data.map((c: { id: string }) => c.id)).toEqual([id]);
    const gql = await t.graphql(
      `query($id: ID!) { case(id: $id) { cpj { derived reported disagree } proceedings { step defendantRole } } }`,
      { id },
    );
    expect(gql.body.data.case.cpj).toEqual({
      derived: 'partial_justice',
      reported: 'complete_impunity',
      disagree: true,
    });
    expect(gql.body.data.case.proceedings).toHaveLength(4);
  });

  it('keeps the current-status table equal to the latest history entry under concurrent inserts', async () => {
    const incident = await t
      .http()
      .post('/api/v1/incidents')
      .set(auth)
      .send({
        dateStart: '2010-01-01',
        datePrecision: 'day',
        countryCode: 'HN',
        attackTypes: ['murder'],
        victims: [1, 2, 3].map((n) => ({
          person: { fullName: `Concurrent ${n}` },
          outcome: 'killed',
        })),
      })
      .expect(201);
    const ids: string[] = incident.body.victims.map((v: { caseId: string }) => v.caseId);
    const statuses = ['ongoing', 'resolved', 'no_information'];
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t
          .http()
          .post(`/api/v1/cases/${ids[i % 3]}/status-history`)
          .set(auth)
          .send({
            scheme: 'unesco',
            status: statuses[i % 3 === 0 ? i % 2 : (i + 1) % 3],
            effectiveDate: `2020-01-${String((i % 28) + 1).padStart(2, '0')}`,
            reportedBy: 'state',
          })
          .expect(201),
      ),
    );
    const mismatches = await t.dataSource.query(`
      SELECT c.id FROM cases c
      LEFT JOIN case_current_status ccs ON ccs.case_id = c.id AND ccs.scheme = 'unesco'
      WHERE ccs.entry_id IS DISTINCT FROM status_entry_at(c.id, 'unesco', 'infinity', 'infinity')`);
    expect(mismatches).toEqual([]);
    for (const id of ids) {
      const current = (
        await t.http().get('/api/v1/cases').query({ status: 'resolved', country: 'HN' }).expect(200)
      ).body.data.some((c: { id: string }) => c.id === id);
      const viaHistory =
        (
          await t
            .http()
            .get(`/api/v1/cases/${id}/status`)
            .query({ asOf: new Date().toISOString().slice(0, 10) })
            .expect(200)
        ).body.status === 'resolved';
      expect(current).toBe(viaHistory);
    }
  });
});
