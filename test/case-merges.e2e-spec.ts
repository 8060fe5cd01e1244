import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { createMemberKey, createOrganisation, MemberKey } from './members.js';

const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const bearer = (k: MemberKey) => ({ authorization: `Bearer ${k.key}` });
const SECRET = 'witness-secret-4471';

describe('merging duplicate cases', () => {
  let t: TestApp;
  let reviewer: MemberKey;
  let contributor: MemberKey;

  /** Files an incident with one victim; returns its case id. */
  async function file(
    fullName: string,
    dateStart: string,
    victim: Record<string, unknown> = {},
  ): Promise<string> {
    const res = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart,
        datePrecision: 'day',
        countryCode: 'PH',
        attackTypes: ['murder'],
        victims: [{ person: { fullName }, outcome: 'killed', ...victim }],
      })
      .expect(201);
    return res.body.victims[0].caseId;
  }

  const status = (id: string, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/cases/${id}/status-history`).set(admin).send(body).expect(201);

  /** What a reader sees of a case: its page, its status history and its statuses. */
  async function snapshot(id: string) {
    const detail = await t.http().get(`/api/v1/cases/${id}`).set(admin).expect(200);
    const history = await t.http().get(`/api/v1/cases/${id}/status-history`).expect(200);
    const cpj = await t.http().get(`/api/v1/cases/${id}/status?scheme=cpj`).expect(200);
    const { version: _v, updatedAt: _u, ...page } = detail.body;
    return { page, history: history.body, cpj: cpj.body };
  }

  const killings = async () =>
    (await t.http().get('/api/v1/statistics/killings?country=PH').expect(200)).body.value;
  /** CPJ's impunity share for the country: its counts (the revision moves with every write). */
  const impunityShare = async () => {
    const { value, numerator, denominator, unknown } = (
      await t.http().get('/api/v1/statistics/impunity-share?country=PH').expect(200)
    ).body;
    return { value, numerator, denominator, unknown };
  };

  let handEntered: string;
  let imported: string;

  beforeAll(async () => {
    t = await createTestApp();
    const org = await createOrganisation(t, 'Merging Watch');
    reviewer = await createMemberKey(t, org, 'reviewer');
    contributor = await createMemberKey(t, org, 'contributor');
    handEntered = await file('Gerardo Ortega', '2011-01-24', {
      classifications: [{ monitor: 'unesco', included: true, condemnation: 'condemned' }],
    });
    await status(handEntered, {
      scheme: 'unesco',
      status: 'ongoing',
      effectiveDate: '2012-03-01',
      reportedBy: 'state',
    });
    imported = await file('Gerardo Ortega', '2011-01-24', {
      classifications: [
        {
          monitor: 'cpj',
          externalId: 'cpj-ortega-2011',
          included: true,
          motive: 'confirmed',
          typeOfDeath: 'murder',
        },
      ],
      confidentialDetails: { witnessDetails: SECRET },
    });
    await status(imported, {
      scheme: 'cpj',
      status: 'partial_justice',
      effectiveDate: '2014-05-01',
      reportedBy: 'monitor',
    });
    await t
      .http()
      .post(`/api/v1/cases/${imported}/proceedings`)
      .set(admin)
      .send({ defendantRole: 'perpetrator', step: 'convicted', stepDate: '2014-04-30' })
      .expect(201);
  });
  afterAll(() => t.close());

  let before: Record<string, Awaited<ReturnType<typeof snapshot>>>;
  let figuresBefore: { killings: number; share: unknown };
  let auditEntryId: string;

  it('lists the pair, and lets only reviewers and administrators merge it', async () => {
    const open = await t.http().get('/api/v1/duplicates').set(bearer(reviewer)).expect(200);
    expect(open.body.data).toEqual([
      expect.objectContaining({ reasons: expect.arrayContaining(['same_name', 'same_date']) }),
    ]);
    before = { [handEntered]: await snapshot(handEntered), [imported]: await snapshot(imported) };
    figuresBefore = { killings: await killings(), share: await impunityShare() };
    expect(figuresBefore.killings).toBe(2);

    const body = { caseId: imported, otherCaseId: handEntered, survivorId: handEntered };
    await t.http().post('/api/v1/duplicates/merge').send(body).expect(401);
    const refused = await t
      .http()
      .post('/api/v1/duplicates/merge')
      .set(bearer(contributor))
      .send(body)
      .expect(403);
    expect(refused.body.code).toBe('forbidden');
    const gql = await t.graphql(
      `mutation ($input: MergeCasesInput!) { mergeCases(input: $input) { survivorId } }`,
      { input: body },
      contributor.key,
    );
    expect(gql.body.errors[0].extensions.code).toBe('FORBIDDEN');
    await t.http().get(`/api/v1/cases/${imported}`).expect(200);
  });

  it('refuses a survivor outside the pair and a pair that is not a candidate, changing nothing', async () => {
    const wrong = await t
      .http()
      .post('/api/v1/duplicates/merge')
      .set(bearer(reviewer))
      .send({
        caseId: imported,
        otherCaseId: handEntered,
        survivorId: '00000000-0000-4000-8000-000000000000',
      })
      .expect(400);
    expect(wrong.body.details).toEqual([expect.objectContaining({ field: 'survivorId' })]);
    const stranger = await file('Someone Else Entirely', '2003-02-02');
    await t
      .http()
      .post('/api/v1/duplicates/merge')
      .set(bearer(reviewer))
      .send({ caseId: stranger, otherCaseId: handEntered, survivorId: handEntered })
      .expect(404);
    expect(await snapshot(imported)).toEqual(before[imported]);
    expect(await killings()).toBe(3);
    // The stranger is retracted so that the figures below compare the pair alone.
    const page = await t.http().get(`/api/v1/cases/${stranger}`).expect(200);
    await t
      .http()
      .delete(`/api/v1/cases/${stranger}?reason=test`)
      .set(admin)
      .set('if-match', page.headers.etag)
      .expect(200);
    expect(await killings()).toBe(2);
  });

  it('makes the pair one case: the survivor holds everything and the figures count it once', async () => {
    const res = await t
      .http()
      .post('/api/v1/duplicates/merge')
      .set(bearer(reviewer))
      .send({ caseId: imported, otherCaseId: handEntered, survivorId: handEntered })
      .expect(201);
    expect(res.body).toMatchObject({
      survivorId: handEntered,
      absorbedId: imported,
      merged: true,
      classifications: ['cpj'],
      proceedings: 1,
      confidentialDetailsAdded: true,
    });
    auditEntryId = res.body.auditEntryId;
    // Reviewers find the absorbed case's witness details on the survivor.
    const details = await t.http().get(`/api/v1/cases/${handEntered}`).set(admin).expect(200);
    expect(details.body.confidentialDetails.witnessDetails).toBe(SECRET);

    const survivor = await t.http().get(`/api/v1/cases/${handEntered}`).expect(200);
    expect(survivor.body.classifications.map((c: { monitor: string }) => c.monitor)).toEqual([
      'cpj',
      'unesco',
    ]);
    expect(
      survivor.body.proceedings.map((p: { step: string; caseId: string }) => [p.step, p.caseId]),
    ).toEqual([['convicted', handEntered]]);
    const history = await t.http().get(`/api/v1/cases/${handEntered}/status-history`).expect(200);
    expect(history.body.map((e: { scheme: string; status: string }) => e.status).sort()).toEqual([
      'ongoing',
      'partial_justice',
    ]);
    const cpj = await t.http().get(`/api/v1/cases/${handEntered}/status?scheme=cpj`).expect(200);
    expect(cpj.body.status).toBe('partial_justice');

    expect(await killings()).toBe(1);
    const share = await impunityShare();
    expect(share.denominator).toBe(1);
    // As known at an instant, the figure walks the history: the survivor's includes the other's.
    const known = await t
      .http()
      .get(`/api/v1/statistics/impunity-share?country=PH&knownAsOf=${new Date().toISOString()}`)
      .expect(200);
    expect(known.body).toMatchObject({ numerator: 0, denominator: 1 });
    const list = await t.http().get('/api/v1/cases?country=PH&withTotal=true').expect(200);
    expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([handEntered]);
    const csv = await t.http().get('/api/v1/exports/status-history.csv?country=PH').expect(200);
    expect(csv.text).toContain('partial_justice');
    expect(csv.text).not.toContain(imported);

    const merged = await t
      .http()
      .get('/api/v1/duplicates?status=merged')
      .set(bearer(reviewer))
      .expect(200);
    expect(merged.body.data).toEqual([expect.objectContaining({ status: 'merged' })]);
  });

  it('answers the absorbed id with a redirect in REST and with the survivor in GraphQL', async () => {
    const moved = await t.http().get(`/api/v1/cases/${imported}`).redirects(0).expect(301);
    expect(moved.headers.location).toBe(`/api/v1/cases/${handEntered}`);
    expect(moved.body.code).toBe('case_merged');
    const sub = await t
      .http()
      .get(`/api/v1/cases/${imported}/status-history?scheme=cpj`)
      .redirects(0)
      .expect(301);
    expect(sub.headers.location).toBe(`/api/v1/cases/${handEntered}/status-history?scheme=cpj`);

    const gql = await t.graphql(
      `query ($id: ID!) { case(id: $id) { id classifications { monitor } status(scheme: cpj) { status } } }`,
      { id: imported },
    );
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.case).toEqual({
      id: handEntered,
      classifications: [{ monitor: 'cpj' }, { monitor: 'unesco' }],
      status: { status: 'partial_justice' },
    });

    // Writes go to the survivor.
    const write = await t
      .http()
      .post(`/api/v1/cases/${imported}/status-history`)
      .set(admin)
      .send({
        scheme: 'cpj',
        status: 'full_justice',
        effectiveDate: '2015-01-01',
        reportedBy: 'monitor',
      })
      .expect(409);
    expect(write.body.code).toBe('case_merged');
  });

  it('records the merge on both cases, and shows a contributor nothing new', async () => {
    const absorbed = await t.http().get(`/api/v1/cases/${imported}/history`).set(admin).expect(200);
    const entry = absorbed.body.find((e: { id: string }) => e.id === auditEntryId);
    expect(entry).toMatchObject({ note: `merged into case ${handEntered}` });
    const survivor = await t
      .http()
      .get(`/api/v1/cases/${handEntered}/history`)
      .set(admin)
      .expect(200);
    expect(survivor.body.map((e: { note: string | null }) => e.note)).toContain(
      `case ${imported} merged into this case (audit entry ${auditEntryId})`,
    );

    for (const [headers, refusal] of [
      [{}, 401],
      [bearer(contributor), 403],
    ] as const) {
      const reads = [
        await t.http().get(`/api/v1/cases/${handEntered}`).set(headers).expect(200),
        await t.http().get(`/api/v1/cases/${handEntered}/history`).set(headers).expect(200),
        await t.http().get(`/api/v1/cases/${imported}/history`).set(headers).expect(200),
      ];
      for (const res of reads) expect(JSON.stringify(res.body)).not.toContain(SECRET);
      await t.http().get('/api/v1/duplicates').set(headers).expect(refusal);
    }
    const page = await t
      .http()
      .get(`/api/v1/cases/${handEntered}`)
      .set(bearer(contributor))
      .expect(200);
    expect(page.body.confidentialDetails).toBeNull();
  });

  it('undoes the merge from its audit entry, restoring both cases exactly', async () => {
    const refused = await t
      .http()
      .post('/api/v1/duplicates/undo-merge')
      .set(bearer(contributor))
      .send({ auditEntryId })
      .expect(403);
    expect(refused.body.code).toBe('forbidden');
    await t
      .http()
      .post('/api/v1/duplicates/undo-merge')
      .set(bearer(reviewer))
      .send({ auditEntryId: '999999999' })
      .expect(404);

    const gql = await t.graphql(
      `mutation ($input: UndoCaseMergeInput!) { undoCaseMerge(input: $input) { merged survivorId absorbedId } }`,
      { input: { auditEntryId } },
      reviewer.key,
    );
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.undoCaseMerge).toEqual({
      merged: false,
      survivorId: handEntered,
      absorbedId: imported,
    });

    expect(await snapshot(handEntered)).toEqual(before[handEntered]);
    expect(await snapshot(imported)).toEqual(before[imported]);
    expect({ killings: await killings(), share: await impunityShare() }).toEqual(figuresBefore);
    const open = await t.http().get('/api/v1/duplicates').set(bearer(reviewer)).expect(200);
    expect(open.body.data).toEqual([expect.objectContaining({ status: 'open' })]);

    const again = await t
      .http()
      .post('/api/v1/duplicates/undo-merge')
      .set(bearer(reviewer))
      .send({ auditEntryId })
      .expect(409);
    expect(again.body.code).toBe('merge_not_undoable');
    const history = await t.http().get(`/api/v1/cases/${imported}/history`).set(admin).expect(200);
    expect(history.body.at(-1).note).toBe(
      `merge into case ${handEntered} undone (audit entry ${auditEntryId})`,
    );
  });

  it('keeps the survivor’s classification at the reviewer’s word, with the UNESCO ledger and events', async () => {
    const cpj = { monitor: 'cpj', included: true, motive: 'confirmed' };
    const first = await file('Maria Santos Reyes', '2016-08-10', { classifications: [cpj] });
    // UNESCO asked the state about the first case, and the state answered, before the second was filed.
    await t
      .http()
      .post('/api/v1/dg-cycles')
      .set(admin)
      .send({ year: 2020, reportEdition: 2022, sentOn: '2020-03-01', deadline: '2020-06-01' })
      .expect(201);
    const drafts = await t.http().post('/api/v1/dg-cycles/2020/requests').set(admin).expect(201);
    const request = drafts.body.find((r: { countryCode: string }) => r.countryCode === 'PH');
    await t.http().post(`/api/v1/dg-requests/${request.id}/send`).set(admin).send({}).expect(201);
    await t
      .http()
      .post(`/api/v1/dg-requests/${request.id}/response`)
      .set(admin)
      .send({
        receivedOn: '2020-04-01',
        publicationRequested: true,
        cases: [{ caseId: first, status: 'ongoing' }],
      })
      .expect(201);
    const second = await file('Maria Santos Reyes', '2016-08-10', {
      classifications: [{ ...cpj, motive: 'unconfirmed' }],
    });

    const clash = await t
      .http()
      .post('/api/v1/duplicates/merge')
      .set(bearer(reviewer))
      .send({ caseId: first, otherCaseId: second, survivorId: second })
      .expect(409);
    expect(clash.body).toMatchObject({
      code: 'merge_clash',
      details: [{ field: 'classifications', message: 'both cases hold cpj' }],
    });
    expect(clash.body.message).toContain('keepSurvivorClassifications');
    await t.http().get(`/api/v1/cases/${first}`).expect(200);
    const bad = await t
      .http()
      .post('/api/v1/duplicates/merge')
      .set(bearer(reviewer))
      .send({
        caseId: first,
        otherCaseId: second,
        survivorId: second,
        keepSurvivorClassifications: 'yes',
      })
      .expect(400);
    expect(bad.body.details[0].field).toBe('keepSurvivorClassifications');

    const merged = await t.graphql(
      `mutation ($input: MergeCasesInput!) { mergeCases(input: $input) {
         classifications classificationsKeptApart unescoLedgerEntries auditEntryId } }`,
      {
        input: {
          caseId: first,
          otherCaseId: second,
          survivorId: second,
          keepSurvivorClassifications: true,
        },
      },
      reviewer.key,
    );
    expect(merged.body.errors).toBeUndefined();
    expect(merged.body.data.mergeCases).toMatchObject({
      classifications: [],
      classificationsKeptApart: ['cpj'],
      unescoLedgerEntries: 2,
    });
    const survivor = await t.http().get(`/api/v1/cases/${second}`).expect(200);
    expect(survivor.body.classifications).toEqual([
      expect.objectContaining({ monitor: 'cpj', motive: 'unconfirmed' }),
    ]);
    const asked = await t.http().get(`/api/v1/dg-requests/${request.id}`).set(admin).expect(200);
    expect(JSON.stringify(asked.body)).toContain(second);
    expect(JSON.stringify(asked.body)).not.toContain(first);
    const events: { type: string; subject: string; data: Record<string, unknown> }[] =
      await t.dataSource.query(
        `SELECT type, subject_id AS subject, data FROM events
          WHERE subject_type = 'case' AND subject_id = ANY($1) AND data ? 'caseId' ORDER BY id`,
        [[first, second]],
      );
    expect(events.slice(-2)).toEqual([
      {
        type: 'case.updated',
        subject: first,
        data: {
          caseId: first,
          changes: { before: { mergedInto: null }, after: { mergedInto: second } },
        },
      },
      {
        type: 'case.updated',
        subject: second,
        data: { caseId: second, merged: { absorbedId: first } },
      },
    ]);

    await t
      .http()
      .post('/api/v1/duplicates/undo-merge')
      .set(bearer(reviewer))
      .send({ auditEntryId: merged.body.data.mergeCases.auditEntryId })
      .expect(201);
    const again = await t.http().get(`/api/v1/dg-requests/${request.id}`).set(admin).expect(200);
    expect(JSON.stringify(again.body)).toContain(first);
    expect(JSON.stringify(again.body)).not.toContain(second);
    const [undone] = await t.dataSource.query(
      `SELECT data FROM events WHERE subject_type = 'case' AND subject_id = $1 ORDER BY id DESC LIMIT 1`,
      [second],
    );
    expect(undone.data).toEqual({ caseId: second, unmerged: { absorbedId: first } });
  });
});
