import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

/** No lost updates (If-Match, expectedVersion) and safe retries (Idempotency-Key). */

const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const victim = (fullName: string) => ({
  person: { fullName, nationalities: ['MX'] },
  outcome: 'killed',
});

describe('versions and retries', () => {
  let t: TestApp;
  let caseId: string;
  let incidentId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const created = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send({
        dateStart: '2022-01-10',
        datePrecision: 'day',
        countryCode: 'MX',
        attackTypes: ['murder'],
        victims: [victim('Versioned Victim')],
      })
      .expect(201);
    incidentId = created.body.id;
    caseId = created.body.victims[0].caseId;
  });
  afterAll(() => t.close());

  describe('If-Match', () => {
    it('answers GET of a case, incident and person with its version as ETag', async () => {
      const res = await t.http().get(`/api/v1/cases/${caseId}`).expect(200);
      expect(res.headers.etag).toBe(`W/"${res.body.version}"`);
      const incident = await t.http().get(`/api/v1/incidents/${incidentId}`).expect(200);
      expect(incident.headers.etag).toBe(`W/"${incident.body.version}"`);
      const person = await t.http().get(`/api/v1/people/${res.body.personId}`).expect(200);
      expect(person.headers.etag).toBe(`W/"${person.body.version}"`);
    });

    it('answers 428 without If-Match and 412 with a stale one, changing nothing', async () => {
      const path = `/api/v1/cases/${caseId}`;
      const { version } = (await t.http().get(path)).body;
      const missing = await t
        .http()
        .patch(path)
        .set(admin)
        .send({ localForeign: 'local' })
        .expect(428);
      expect(missing.body).toMatchObject({ statusCode: 428, code: 'version_required' });
      const stale = await t
        .http()
        .patch(path)
        .set(admin)
        .set('if-match', `W/"${version + 5}"`)
        .send({ localForeign: 'local' })
        .expect(412);
      expect(stale.body).toMatchObject({ statusCode: 412, code: 'stale_version' });
      await t.http().delete(path).query({ reason: 'Stale retraction' }).set(admin).expect(428);
      await t.http().delete(`/api/v1/incidents/${incidentId}`).set(admin).expect(409);
      expect((await t.http().get(path)).body.version).toBe(version);
      const ok = await t
        .http()
        .patch(path)
        .set(admin)
        .set('if-match', `W/"${version}"`)
        .send({ localForeign: 'local' })
        .expect(200);
      expect(ok.headers.etag).toBe(`W/"${version + 1}"`);
    });

    it('applies exactly one of 50 concurrent updates made on the same version', async () => {
      const path = `/api/v1/cases/${caseId}`;
      const { version } = (await t.http().get(path)).body;
      const auditBefore = (
        await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1`, [
          caseId,
        ])
      )[0].n;
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t
            .http()
            .patch(path)
            .set(admin)
            .set('if-match', `W/"${version}"`)
            .send({ localForeign: i % 2 ? 'foreign' : 'unknown' }),
        ),
      );
      const statuses = answers.map((a) => a.status);
      console.warn(
        `[concurrency] 50 PATCH on version ${version}: ${statuses.filter((s) => s === 200).length} applied, ${statuses.filter((s) => s === 412).length} refused with 412, in ${Date.now() - started} ms`,
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 412)).toHaveLength(49);
      expect((await t.http().get(path)).body.version).toBe(version + 1);
      const auditAfter = (
        await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1`, [
          caseId,
        ])
      )[0].n;
      expect(auditAfter).toBe(auditBefore + 1);
    });

    it('takes expectedVersion in GraphQL mutations, refusing a stale one', async () => {
      const { version } = (await t.http().get(`/api/v1/cases/${caseId}`)).body;
      const mutation = `mutation ($id: ID!, $v: Int!) { updateCase(id: $id, expectedVersion: $v, input: { localForeign: local }) { version } }`;
      const stale = await t.graphql(mutation, { id: caseId, v: version - 1 }, ADMIN_KEY);
      expect(stale.body.errors[0].extensions).toMatchObject({
        code: 'PRECONDITION_FAILED',
        statusCode: 412,
      });
      const ok = await t.graphql(mutation, { id: caseId, v: version }, ADMIN_KEY);
      expect(ok.body.data.updateCase.version).toBe(version + 1);
      const missing = await t.graphql(
        `mutation ($id: ID!) { updateCase(id: $id, input: { localForeign: local }) { version } }`,
        { id: caseId },
        ADMIN_KEY,
      );
      expect(missing.body.errors[0].extensions.details[0].field).toBe('expectedVersion');
    });
  });

  describe('Idempotency-Key', () => {
    const people = async () =>
      (await t.dataSource.query(`SELECT count(*)::int AS n FROM people`))[0].n as number;

    it('creates one record for 100 concurrent retries and answers each with it', async () => {
      const before = await people();
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 100 }, () =>
          t
            .http()
            .post('/api/v1/people')
            .set(admin)
            .set('idempotency-key', 'retry-me-0001')
            .send({ fullName: 'Retried Person', nationalities: ['MX'] }),
        ),
      );
      console.warn(
        `[idempotency] 100 concurrent POST with one key: ${new Set(answers.map((a) => a.body.id)).size} distinct record(s), statuses ${[...new Set(answers.map((a) => a.status))].join(',')}, in ${Date.now() - started} ms`,
      );
      expect(await people()).toBe(before + 1);
      expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(99);
    });

    it('answers a later retry with the first answer, and the same key for another body with 422', async () => {
      const body = { fullName: 'Once Only', nationalities: ['MX'] };
      const first = await t
        .http()
        .post('/api/v1/people')
        .set(admin)
        .set('idempotency-key', 'k2')
        .send(body)
        .expect(201);
      const before = await people();
      const again = await t
        .http()
        .post('/api/v1/people')
        .set(admin)
        .set('idempotency-key', 'k2')
        .send({ nationalities: ['MX'], fullName: 'Once Only' })
        .expect(201);
      expect(again.body).toEqual(first.body);
      const other = await t
        .http()
        .post('/api/v1/people')
        .set(admin)
        .set('idempotency-key', 'k2')
        .send({ ...body, fullName: 'Someone Else' })
        .expect(422);
      expect(other.body).toMatchObject({
        code: 'idempotency_key_reused',
        details: [{ field: 'Idempotency-Key' }],
      });
      expect(await people()).toBe(before);
    });

    it('lets a request that failed be retried with its key', async () => {
      await t
        .http()
        .post('/api/v1/people')
        .set(admin)
        .set('idempotency-key', 'k3')
        .send({ fullName: '' })
        .expect(400);
      await t
        .http()
        .post('/api/v1/people')
        .set(admin)
        .set('idempotency-key', 'k3')
        .send({ fullName: '' })
        .expect(400);
      await t
        .http()
        .post('/api/v1/people')
        .set(admin)
        .set('idempotency-key', 'bad key with spaces')
        .send({ fullName: 'x' })
        .expect(400);
    });
  });
});
