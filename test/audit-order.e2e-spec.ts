import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

/** The audit trail is read in time order, ids compared as numbers (entry 10 follows entry 9). */

const admin = { authorization: `Bearer ${ADMIN_KEY}` };

describe('audit trail order', () => {
  let t: TestApp;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const created = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2021-05-10',
        datePrecision: 'day',
        countryCode: 'MX',
        attackTypes: ['murder'],
        victims: [{ person: { fullName: 'Audited Victim' }, outcome: 'killed' }],
      })
      .expect(201);
    caseId = created.body.victims[0].caseId;
    // Twelve edits: ids pass 9 → 10, where text order and number order part.
    for (let i = 0; i < 12; i++) {
      const { version } = (await t.http().get(`/api/v1/cases/${caseId}`).expect(200)).body;
      await t
        .http()
        .patch(`/api/v1/cases/${caseId}`)
        .set(admin)
        .set('if-match', `W/"${version}"`)
        .send({ localForeign: i % 2 ? 'local' : 'foreign' })
        .expect(200);
    }
  });
  afterAll(() => t.close());

  const ascending = (entries: { id: string; occurredAt: string }[]) =>
    entries.every(
      (e, i) =>
        i === 0 ||
        e.occurredAt > entries[i - 1].occurredAt ||
        (e.occurredAt === entries[i - 1].occurredAt && Number(e.id) > Number(entries[i - 1].id)),
    );

  it('gives a case history oldest first, the creation first, in REST and GraphQL', async () => {
    const rest = (await t.http().get(`/api/v1/cases/${caseId}/history`).expect(200)).body;
    expect(rest.length).toBeGreaterThan(10);
    expect(rest[0].action).toBe('create');
    expect(ascending(rest)).toBe(true);
    expect(rest.map((e: { id: string }) => Number(e.id))).toEqual(
      rest.map((e: { id: string }) => Number(e.id)).sort((a: number, b: number) => a - b),
    );
    const gql = await t.graphql(`{ caseHistory(id: "${caseId}") { id action occurredAt } }`);
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.caseHistory.map((e: { id: string }) => e.id)).toEqual(
      rest.map((e: { id: string }) => e.id),
    );
  });

  it('pages /audit and auditLog newest first across the tenth entry, without gaps', async () => {
    const seen: { id: string; occurredAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const res: {
        body: {
          data: { id: string; occurredAt: string }[];
          pageInfo: { nextCursor: string | null };
        };
      } = await t
        .http()
        .get('/api/v1/audit')
        .query({ limit: 3, ...(cursor ? { cursor } : {}) })
        .set(admin)
        .expect(200);
      seen.push(...res.body.data);
      cursor = res.body.pageInfo.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThan(10);
    expect(ascending([...seen].reverse())).toBe(true);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    const all = (await t.http().get('/api/v1/audit').query({ limit: 200 }).set(admin)).body.data;
    expect(seen.map((e) => e.id)).toEqual(all.map((e: { id: string }) => e.id));
    expect(Number(all[0].id)).toBe(Math.max(...all.map((e: { id: string }) => Number(e.id))));

    const first = await t.graphql(
      `{ auditLog(first: 3) { data { id } pageInfo { nextCursor } } }`,
      undefined,
      ADMIN_KEY,
    );
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.auditLog.data.map((e: { id: string }) => e.id)).toEqual(
      seen.slice(0, 3).map((e) => e.id),
    );
    const next = await t.graphql(
      `query($after: String) { auditLog(first: 3, after: $after) { data { id } } }`,
      { after: first.body.data.auditLog.pageInfo.nextCursor },
      ADMIN_KEY,
    );
    expect(next.body.data.auditLog.data.map((e: { id: string }) => e.id)).toEqual(
      seen.slice(3, 6).map((e) => e.id),
    );
  });

  it('refuses a forged audit cursor with a 400 naming cursor', async () => {
    const res = await t
      .http()
      .get('/api/v1/audit')
      .query({ cursor: Buffer.from('["x",1]').toString('base64url') })
      .set(admin)
      .expect(400);
    expect(JSON.stringify(res.body.details)).toContain('cursor');
  });
});
