import { createHash } from 'node:crypto';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { bearer, createMemberKey, createRoles, Roles } from './members.js';

/**
 * Member organisations as each role uses them: keys, the review queue, confidentiality and the
 * audit trail.
 */

const admin = bearer(ADMIN_KEY);
const SECRET = 'Witness W-17, reachable through the Davao bureau only';

const incident = (over: Record<string, unknown> = {}) => ({
  dateStart: '2019-03-14',
  datePrecision: 'day',
  countryCode: 'MT',
  place: 'Bidnija',
  attackTypes: ['murder'],
  victims: [
    {
      person: { fullName: 'Reviewed Victim', gender: 'female', nationalities: ['MT'] },
      outcome: 'killed',
      localForeign: 'local',
    },
  ],
  ...over,
});
const evidence = { evidenceLinks: ['https://example.org/report'], note: 'From our local partner' };

describe('member organisations', () => {
  let t: TestApp;
  let roles: Roles;
  let caseId: string;

  const count = async (table: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
  const killingsInMalta = async () =>
    (await t.http().get('/api/v1/statistics/killings').query({ country: 'MT' }).expect(200)).body
      .value as number;

  beforeAll(async () => {
    t = await createTestApp();
    roles = await createRoles(t);
    const created = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send(
        incident({
          countryCode: 'PH',
          place: 'Base incident',
          confidentialDetails: { internalNote: SECRET },
        }),
      )
      .expect(201);
    caseId = created.body.victims[0].caseId;
  });
  afterAll(() => t.close());

  describe('API keys', () => {
    it('shows a key once, stores only its SHA-256, and lists it by prefix with its last use', async () => {
      const org = roles.contributor.organisationId;
      const key = await createMemberKey(t, org, 'contributor', 'Key Holder', { label: 'laptop' });
      expect(key.key).toMatch(/^itk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
      expect(key.key.startsWith(key.prefix)).toBe(true);
      const [row] = await t.dataSource.query(
        `SELECT key_hash, last_used_at FROM api_keys WHERE id = $1`,
        [key.keyId],
      );
      expect(Buffer.from(row.key_hash).equals(createHash('sha256').update(key.key).digest())).toBe(
        true,
      );
      expect(row.last_used_at).toBeNull();
      const stored = JSON.stringify(await t.dataSource.query(`SELECT * FROM api_keys`));
      const audited = JSON.stringify(await t.dataSource.query(`SELECT * FROM audit_log`));
      expect(stored).not.toContain(key.key.slice(13));
      expect(audited).not.toContain(key.key.slice(13));

      const me = await t.http().get('/api/v1/me').set(bearer(key.key)).expect(200);
      expect(me.body).toMatchObject({
        role: 'contributor',
        keyPrefix: key.prefix,
        organisationId: org,
        seesConfidential: false,
      });
      const listed = await t
        .http()
        .get(`/api/v1/members/${key.memberId}/api-keys`)
        .set(admin)
        .expect(200);
      expect(listed.body).toHaveLength(1);
      expect(listed.body[0]).toMatchObject({
        prefix: key.prefix,
        label: 'laptop',
        state: 'active',
      });
      expect(listed.body[0].key).toBeUndefined();
      expect(listed.body[0].lastUsedAt).not.toBeNull();
      expect(Date.parse(listed.body[0].expiresAt)).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    });

    it('answers 401 to a revoked key, an expired key and a removed member’s key', async () => {
      const org = roles.contributor.organisationId;
      const revoked = await createMemberKey(t, org, 'reviewer');
      await t.http().get('/api/v1/audit').set(bearer(revoked.key)).expect(200);
      await t.http().delete(`/api/v1/api-keys/${revoked.keyId}`).set(admin).expect(200);
      const refused = await t.http().get('/api/v1/audit').set(bearer(revoked.key)).expect(401);
      expect(refused.body.message).toContain('revoked');
      await t.http().get('/api/v1/cases').set(bearer(revoked.key)).expect(401);
      expect(
        (await t.graphql('{ me { role } }', {}, revoked.key)).body.errors[0].extensions.code,
      ).toBe('UNAUTHENTICATED');

      const expired = await createMemberKey(t, org, 'reviewer');
      await t.dataSource.query(
        `UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1`,
        [expired.keyId],
      );
      const late = await t.http().get('/api/v1/audit').set(bearer(expired.key)).expect(401);
      expect(late.body.message).toContain('expired');

      const leaving = await createMemberKey(t, org, 'contributor', 'Leaving Member');
      await t
        .http()
        .post('/api/v1/proposals/retractions')
        .set(bearer(leaving.key))
        .send({ caseId, reason: 'Filed in error', ...evidence })
        .expect(201);
      await t.http().delete(`/api/v1/members/${leaving.memberId}`).set(admin).expect(200);
      await t.http().get('/api/v1/me').set(bearer(leaving.key)).expect(401);
      // What the member did stays, with their name.
      const trail = await t
        .http()
        .get('/api/v1/audit')
        .query({ memberId: leaving.memberId })
        .set(bearer(roles.reviewer.key))
        .expect(200);
      expect(trail.body.data.map((e: { memberName: string }) => e.memberName)).toContain(
        'Leaving Member',
      );
    });

    it('refuses a key that expires in the past, naming the field', async () => {
      const res = await t
        .http()
        .post(`/api/v1/members/${roles.contributor.memberId}/api-keys`)
        .set(admin)
        .send({ expiresAt: '2020-01-01' })
        .expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['expiresAt']);
    });

    it('lets only administrators manage organisations, members and keys', async () => {
      for (const role of ['contributor', 'reviewer'] as const)
        await t
          .http()
          .post('/api/v1/organisations')
          .set(bearer(roles[role].key))
          .send({ name: 'X' })
          .expect(403);
      await t
        .http()
        .post('/api/v1/organisations')
        .set(bearer(roles.admin.key))
        .send({ name: 'Admin Made Org' })
        .expect(201);
    });
  });

  describe('the review queue', () => {
    it('changes nothing until a reviewer accepts; a figure moves only then', async () => {
      const before = {
        incidents: await count('incidents'),
        cases: await count('cases'),
        people: await count('people'),
        killings: await killingsInMalta(),
      };
      const filed = await t
        .http()
        .post('/api/v1/proposals/incidents')
        .set(bearer(roles.contributor.key))
        .send({ incident: incident(), ...evidence })
        .expect(201);
      expect(filed.body).toMatchObject({
        kind: 'new_incident',
        status: 'pending',
        countryCode: 'MT',
        organisationId: roles.contributor.organisationId,
      });
      expect({
        incidents: await count('incidents'),
        cases: await count('cases'),
        people: await count('people'),
        killings: await killingsInMalta(),
      }).toEqual(before);

      // Nobody outside sees it; the submitter cannot accept it.
      await t.http().get(`/api/v1/proposals/${filed.body.id}`).expect(401);
      await t
        .http()
        .get(`/api/v1/proposals/${filed.body.id}`)
        .set(bearer(roles.outsider.key))
        .expect(404);
      const outsiderQueue = await t
        .http()
        .get('/api/v1/proposals')
        .set(bearer(roles.outsider.key))
        .expect(200);
      expect(outsiderQueue.body.data.map((p: { id: string }) => p.id)).not.toContain(filed.body.id);
      await t
        .http()
        .post(`/api/v1/proposals/${filed.body.id}/accept`)
        .set(bearer(roles.contributor.key))
        .send({})
        .expect(403);

      const accepted = await t
        .http()
        .post(`/api/v1/proposals/${filed.body.id}/accept`)
        .set(bearer(roles.reviewer.key))
        .send({ note: 'Checked against court records' })
        .expect(200);
      expect(accepted.body).toMatchObject({
        status: 'accepted',
        reviewedBy: 'Rafael Reviewer (' + accepted.body.organisationName + ')',
      });
      expect(accepted.body.result.caseIds).toHaveLength(1);
      expect(await count('cases')).toBe(before.cases + 1);
      expect(await killingsInMalta()).toBe(before.killings + 1);

      // The submitter sees the outcome; the changes are linked to the proposal in the audit trail.
      const seen = await t
        .http()
        .get(`/api/v1/proposals/${filed.body.id}`)
        .set(bearer(roles.contributor.key))
        .expect(200);
      expect(seen.body.status).toBe('accepted');
      const linked = await t
        .http()
        .get('/api/v1/audit')
        .query({ proposalId: filed.body.id })
        .set(bearer(roles.reviewer.key))
        .expect(200);
      expect(linked.body.data.map((e: { entityType: string }) => e.entityType).sort()).toEqual([
        'case',
        'incident',
        'person',
      ]);
      await t
        .http()
        .post(`/api/v1/proposals/${filed.body.id}/accept`)
        .set(bearer(roles.otherReviewer.key))
        .send({})
        .expect(409);
    });

    it('applies status entries, proceedings, corrections and retractions once accepted', async () => {
      const contributor = bearer(roles.contributor.key);
      const target = (
        await t
          .http()
          .post('/api/v1/incidents')
          .set(admin)
          .send(incident({ countryCode: 'PH' }))
          .expect(201)
      ).body;
      const target2 = target.victims[0].caseId;
      const personId = target.victims[0].personId;
      const file = async (path: string, body: object) =>
        (
          await t
            .http()
            .post(`/api/v1/proposals/${path}`)
            .set(contributor)
            .send({ ...body, ...evidence })
            .expect(201)
        ).body;
      const proposals = [
        await file('status-entries', {
          caseId: target2,
          entry: {
            scheme: 'unesco',
            status: 'ongoing',
            effectiveDate: '2020-01-01',
            reportedBy: 'organisation',
          },
        }),
        await file('proceedings', {
          caseId: target2,
          proceeding: { defendantRole: 'perpetrator', step: 'arrest', stepDate: '2020-02-01' },
        }),
        await file('corrections', {
          targetType: 'person',
          targetId: personId,
          personChanges: { beats: ['corruption'] },
        }),
        await file('corrections', {
          targetType: 'case',
          targetId: target2,
          caseChanges: { localForeign: 'foreign' },
        }),
      ];
      const statusBefore = (
        await t.http().get(`/api/v1/cases/${target2}/status-history`).expect(200)
      ).body.length;
      expect((await t.http().get(`/api/v1/people/${personId}`).expect(200)).body.beats).toEqual([]);
      for (const p of proposals)
        await t
          .http()
          .post(`/api/v1/proposals/${p.id}/accept`)
          .set(bearer(roles.otherReviewer.key))
          .send({})
          .expect(200);
      expect(
        (await t.http().get(`/api/v1/cases/${target2}/status-history`).expect(200)).body,
      ).toHaveLength(statusBefore + 1);
      expect(
        (await t.http().get(`/api/v1/cases/${target2}/proceedings`).expect(200)).body.data,
      ).toHaveLength(1);
      expect((await t.http().get(`/api/v1/people/${personId}`).expect(200)).body.beats).toEqual([
        'corruption',
      ]);
      const corrected = (await t.http().get(`/api/v1/cases/${target2}`).expect(200)).body;
      expect(corrected.localForeign).toBe('foreign');

      const retraction = await file('retractions', {
        caseId: target2,
        reason: 'A duplicate of another case',
      });
      expect(retraction.baseVersion).toBe(corrected.version);
      const rejected = await t
        .http()
        .post(`/api/v1/proposals/${retraction.id}/reject`)
        .set(bearer(roles.reviewer.key))
        .send({ reason: 'Not a duplicate' })
        .expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', reviewNote: 'Not a duplicate' });
      expect(
        (await t.http().get(`/api/v1/cases/${target2}`).expect(200)).body.retractedAt,
      ).toBeNull();
      const again = await file('retractions', { caseId: target2, reason: 'A duplicate after all' });
      await t
        .http()
        .post(`/api/v1/proposals/${again.id}/accept`)
        .set(bearer(roles.reviewer.key))
        .send({})
        .expect(200);
      expect(
        (await t.http().get(`/api/v1/cases/${target2}`).expect(200)).body.retractionReason,
      ).toBe('A duplicate after all');
    });

    it('does not let a reviewer review their own proposal', async () => {
      const own = await t
        .http()
        .post('/api/v1/proposals/retractions')
        .set(bearer(roles.reviewer.key))
        .send({ caseId, reason: 'My own idea', ...evidence })
        .expect(201);
      const res = await t
        .http()
        .post(`/api/v1/proposals/${own.body.id}/accept`)
        .set(bearer(roles.reviewer.key))
        .send({})
        .expect(403);
      expect(res.body.code).toBe('own_proposal');
      await t
        .http()
        .post(`/api/v1/proposals/${own.body.id}/reject`)
        .set(bearer(roles.reviewer.key))
        .send({ reason: 'mine' })
        .expect(403);
    });

    it('refuses a proposal that could never be accepted, naming the field, and writes nothing', async () => {
      const proposals = await count('proposals');
      const res = await t
        .http()
        .post('/api/v1/proposals/incidents')
        .set(bearer(roles.contributor.key))
        .send({
          incident: incident({
            dateStart: '2019-03-15',
            victims: [{ person: { fullName: 'X' }, outcome: 'killed', dateOfDeath: '2019-03-01' }],
          }),
          ...evidence,
        })
        .expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([
        'incident.victims[0].dateOfDeath',
      ]);
      const noEvidence = await t
        .http()
        .post('/api/v1/proposals/retractions')
        .set(bearer(roles.contributor.key))
        .send({ caseId, reason: 'Because', evidenceLinks: [] })
        .expect(400);
      expect(noEvidence.body.details[0].field).toBe('evidenceLinks');
      const unknown = await t
        .http()
        .post('/api/v1/proposals/retractions')
        .set(bearer(roles.contributor.key))
        .send({ caseId: '00000000-0000-4000-8000-000000000000', reason: 'Because', ...evidence })
        .expect(400);
      expect(unknown.body.details[0].field).toBe('caseId');
      expect(await count('proposals')).toBe(proposals);
      expect(await count('incidents')).toBeGreaterThan(0);
    });

    it('filters the queue by organisation, country, kind, status and age', async () => {
      const reviewer = bearer(roles.reviewer.key);
      const q = async (query: Record<string, unknown>) =>
        (await t.http().get('/api/v1/proposals').query(query).set(reviewer).expect(200)).body
          .data as { kind: string; countryCode: string; organisationId: string; status: string }[];
      expect((await q({ kind: 'retraction' })).every((p) => p.kind === 'retraction')).toBe(true);
      expect((await q({ country: 'MT' })).every((p) => p.countryCode === 'MT')).toBe(true);
      expect((await q({ country: 'MT' })).length).toBeGreaterThan(0);
      const home = await q({ organisationId: roles.contributor.organisationId });
      expect(home.length).toBeGreaterThan(0);
      expect(home.every((p) => p.organisationId === roles.contributor.organisationId)).toBe(true);
      expect((await q({ status: 'pending' })).every((p) => p.status === 'pending')).toBe(true);
      expect(await q({ minAgeDays: 1 })).toEqual([]);
      expect((await q({ submittedAfter: '2000-01-01' })).length).toBeGreaterThan(0);
      // A contributor sees only its own organisation's, whatever it asks for.
      const mine = await t
        .http()
        .get('/api/v1/proposals')
        .set(bearer(roles.outsider.key))
        .expect(200);
      expect(mine.body.data).toEqual([]);
      const gql = await t.graphql(
        '{ proposals(filter: { kind: retraction }) { data { kind } } }',
        {},
        roles.reviewer.key,
      );
      expect(gql.body.data.proposals.data.length).toBeGreaterThan(0);
    });
  });

  describe('confidential fields', () => {
    it('shows source contacts, witness details and internal notes to reviewers and administrators only', async () => {
      const path = `/api/v1/cases/${caseId}`;
      const version = (await t.http().get(path).expect(200)).body.version;
      await t
        .http()
        .patch(path)
        .set(admin)
        .set('if-match', `W/"${version}"`)
        .send({ confidentialDetails: { sourceContacts: SECRET, witnessDetails: SECRET } })
        .expect(200);
      const incidentId = (await t.http().get(path).expect(200)).body.incidentId;
      for (const [who, headers] of [
        ['public', {}],
        ['contributor', bearer(roles.contributor.key)],
      ] as const) {
        const seen = JSON.stringify([
          (await t.http().get(path).set(headers).expect(200)).body,
          (await t.http().get(`/api/v1/incidents/${incidentId}`).set(headers).expect(200)).body,
          (await t.http().get('/api/v1/cases').set(headers).expect(200)).body,
          (await t.http().get(`${path}/history`).set(headers).expect(200)).body,
          (await t.http().get(`/api/v1/incidents/${incidentId}/history`).set(headers).expect(200))
            .body,
          (
            await t.graphql(
              `{ case(id: "${caseId}") { confidentialDetails { sourceContacts } incident { confidentialDetails { internalNote } } } cases { data { confidentialDetails { witnessDetails } } } }`,
              {},
              'key' in headers ? roles.contributor.key : undefined,
            )
          ).body,
          (await t.graphql(`{ caseHistory(id: "${caseId}") { after } }`)).body,
          (await t.http().get('/api/v1/exports/cases.ndjson').set(headers).expect(200)).text,
          (await t.http().get('/api/v1/exports/incidents.csv').set(headers).expect(200)).text,
        ]);
        expect([who, seen.includes('Witness W-17')]).toEqual([who, false]);
      }
      for (const key of [roles.reviewer.key, roles.admin.key]) {
        const body = (await t.http().get(path).set(bearer(key)).expect(200)).body;
        expect(body.confidentialDetails).toEqual({
          sourceContacts: SECRET,
          witnessDetails: SECRET,
          internalNote: null,
        });
        const incidentBody = (
          await t.http().get(`/api/v1/incidents/${incidentId}`).set(bearer(key)).expect(200)
        ).body;
        expect(incidentBody.confidentialDetails.internalNote).toBe(SECRET);
        const gql = await t.graphql(
          `{ case(id: "${caseId}") { confidentialDetails { sourceContacts } } }`,
          {},
          key,
        );
        expect(gql.body.data.case.confidentialDetails.sourceContacts).toBe(SECRET);
        const history = (await t.http().get(`${path}/history`).set(bearer(key)).expect(200)).body;
        expect(JSON.stringify(history)).toContain('Witness W-17');
      }
    });

    it('never shows proposals to the public', async () => {
      await t.http().get('/api/v1/proposals').expect(401);
      const res = await t.graphql('{ proposals { data { id } } }');
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('the audit trail', () => {
    it('names member, organisation and key prefix, for reviewers and administrators only', async () => {
      await t.http().get('/api/v1/audit').expect(401);
      await t.http().get('/api/v1/audit').set(bearer(roles.contributor.key)).expect(403);
      const page = await t
        .http()
        .get('/api/v1/audit')
        .query({ entityType: 'proposal', action: 'create', limit: 2 })
        .set(bearer(roles.admin.key))
        .expect(200);
      expect(page.body.data).toHaveLength(2);
      expect(page.body.data[0]).toMatchObject({
        entityType: 'proposal',
        action: 'create',
      });
      expect(['contributor', 'reviewer']).toContain(page.body.data[0].role);
      expect(page.body.data[0].keyPrefix).toMatch(/^itk_/);
      expect(page.body.data[0].organisationName).toBeTruthy();
      expect(Number(page.body.data[0].id)).toBeGreaterThan(Number(page.body.data[1].id));
      const next = await t
        .http()
        .get('/api/v1/audit')
        .query({
          entityType: 'proposal',
          action: 'create',
          limit: 2,
          cursor: page.body.pageInfo.nextCursor,
        })
        .set(bearer(roles.admin.key))
        .expect(200);
      expect(Number(next.body.data[0].id)).toBeLessThan(Number(page.body.data[1].id));
      const org = await t
        .http()
        .get('/api/v1/audit')
        .query({ organisationId: roles.outsider.organisationId })
        .set(bearer(roles.reviewer.key))
        .expect(200);
      expect(
        org.body.data.every(
          (e: { organisationId: string }) => e.organisationId === roles.outsider.organisationId,
        ),
      ).toBe(true);
      const gql = await t.graphql(
        '{ auditLog(first: 1) { data { actor keyPrefix } } }',
        {},
        roles.reviewer.key,
      );
      expect(gql.body.data.auditLog.data).toHaveLength(1);
    });

    it('shows the public who changed a record only by organisation', async () => {
      const history = (await t.http().get(`/api/v1/cases/${caseId}/history`).expect(200)).body;
      expect(history.length).toBeGreaterThan(0);
      for (const entry of history)
        expect([entry.memberName, entry.keyPrefix, entry.requestId]).toEqual([null, null, null]);
    });

    it('refuses UPDATE, DELETE and TRUNCATE on audit rows in the database', async () => {
      await expect(
        t.dataSource.query(`UPDATE audit_log SET actor = 'someone else'`),
      ).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    });
  });
});
