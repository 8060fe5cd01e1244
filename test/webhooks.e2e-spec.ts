import { Webhook } from 'standardwebhooks';
import { createApp } from '../src/app.setup.js';
import { AppConfig } from '../src/config/app-config.js';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { Received, Receiver, waitFor } from './events/receiver.js';
import { bearer, createRoles, Roles } from './members.js';
import request from 'supertest';

/**
 * Webhooks as a member organisation meets them: a real HTTP receiver in this process, signed
 * deliveries checked with the Standard Webhooks library, filters, a receiver that is down for a
 * while, a service restart in the middle of a delivery, and what each role may see.
 */

const admin = bearer(ADMIN_KEY);
const SECRET_NOTE = 'Source S-9 reachable only through the Manila desk';
const SETTINGS = {
  WEBHOOK_DISPATCHER: 'true',
  WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
  WEBHOOK_POLL_INTERVAL_MS: '50',
  WEBHOOK_RETRY_BASE_MS: '40',
  WEBHOOK_RETRY_MAX_MS: '150',
  WEBHOOK_TIMEOUT_MS: '3000',
  WEBHOOK_RETRY_WINDOW_SECONDS: '6',
};

const incident = (countryCode: string, name: string, attackTypes = ['murder']) => ({
  dateStart: '2019-03-14',
  datePrecision: 'day',
  countryCode,
  place: 'Somewhere',
  attackTypes,
  victims: [
    {
      person: { fullName: name, gender: 'female', nationalities: [countryCode] },
      outcome: 'killed',
      localForeign: 'local',
      confidentialDetails: { sourceContacts: SECRET_NOTE },
    },
  ],
});

/** Every delivery verifies with the secret; returns them parsed. */
function verified(received: Received[], secret: string): Received['json'][] {
  const wh = new Webhook(secret);
  return received.map(
    (r) => wh.verify(r.body, r.headers as Record<string, string>) as Received['json'],
  );
}

/** Event ids per subject, in the order they arrived, first arrival of each only. */
function orderPerSubject(received: Received[]): Map<string, number[]> {
  const seen = new Set<string>();
  const bySubject = new Map<string, number[]>();
  for (const r of received) {
    const { eventId, subject } = r.json.data as { eventId: string; subject: { id: string } };
    if (seen.has(eventId)) continue;
    seen.add(eventId);
    bySubject.set(subject.id, [...(bySubject.get(subject.id) ?? []), Number(eventId)]);
  }
  return bySubject;
}

const ascending = (ids: number[]) => ids.every((id, i) => i === 0 || ids[i - 1] < id);

describe('webhooks', () => {
  let t: TestApp;
  let roles: Roles;
  const receiver = new Receiver();

  const subscribe = async (body: Record<string, unknown>, key = ADMIN_KEY) => {
    const res = await t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(key))
      .send({ organisationId: roles.contributor.organisationId, ...body });
    if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; secret: string };
  };
  const createIncident = async (countryCode: string, name: string, attackTypes?: string[]) => {
    const res = await t
      .http()
      .post('/api/v1/incidents')
      .set(admin)
      .send(incident(countryCode, name, attackTypes))
      .expect(201);
    return res.body.victims[0].caseId as string;
  };
  const updateCase = async (caseId: string, body: Record<string, unknown>) => {
    const current = await t.http().get(`/api/v1/cases/${caseId}`).set(admin).expect(200);
    await t
      .http()
      .patch(`/api/v1/cases/${caseId}`)
      .set(admin)
      .set('if-match', current.headers.etag)
      .send(body)
      .expect(200);
  };
  const addStatus = (caseId: string, status: string, effectiveDate: string) =>
    t
      .http()
      .post(`/api/v1/cases/${caseId}/status-history`)
      .set(admin)
      .send({ scheme: 'unesco', status, effectiveDate, reportedBy: 'staff' })
      .expect(201);
  const eventCount = async () =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM events`))[0].n as number;

  beforeAll(async () => {
    await receiver.start();
    t = await createTestApp(SETTINGS);
    roles = await createRoles(t);
  });
  afterAll(async () => {
    await t.close();
    await receiver.stop();
  });

  it('records an event with each committed change and none for a refused or rolled-back one', async () => {
    const before = await eventCount();
    const caseId = await createIncident('PH', 'Outbox Victim');
    expect(await eventCount()).toBe(before + 1);
    const [event] = await t.dataSource.query(
      `SELECT type, subject_id, country_code, attack_types, position, revision, committed_at FROM events ORDER BY id DESC LIMIT 1`,
    );
    const [{ revision }] = await t.dataSource.query(`SELECT revision::text FROM dataset_revision`);
    expect(event).toMatchObject({
      type: 'case.created',
      subject_id: caseId,
      country_code: 'PH',
      attack_types: ['killing', 'murder'],
      revision,
    });
    expect(event.position).not.toBeNull();
    // A refused write (a date of death before the incident) leaves nothing.
    const current = await t.http().get(`/api/v1/cases/${caseId}`).set(admin).expect(200);
    await t
      .http()
      .patch(`/api/v1/cases/${caseId}`)
      .set(admin)
      .set('if-match', current.headers.etag)
      .send({ dateOfDeath: '2001-01-01' })
      .expect(400);
    // A proposal is tried in a rolled-back transaction before it is filed: only the filing counts.
    await t
      .http()
      .post('/api/v1/proposals/status-entries')
      .set(bearer(roles.contributor.key))
      .send({
        caseId,
        entry: {
          scheme: 'unesco',
          status: 'ongoing',
          effectiveDate: '2020-01-01',
          reportedBy: 'organisation',
        },
        evidenceLinks: ['https://example.org/a'],
      })
      .expect(201);
    const types = (
      await t.dataSource.query(
        `SELECT type FROM events WHERE id > (SELECT max(id) - 10 FROM events) ORDER BY id`,
      )
    ).map((r: { type: string }) => r.type);
    expect(await eventCount()).toBe(before + 2);
    expect(types.at(-1)).toBe('proposal.submitted');
  });

  it('signs deliveries that verify with the library and sends only what the filters select', async () => {
    const ph = await subscribe({ url: receiver.url('/ph'), countries: ['PH'] });
    const killingsMx = await subscribe({
      url: receiver.url('/mx-killings'),
      countries: ['MX'],
      attackTypes: ['killing'],
      eventTypes: ['case.created'],
    });
    const phCase = await createIncident('PH', 'Filter Victim One');
    const mxCase = await createIncident('MX', 'Filter Victim Two');
    await createIncident('MX', 'Filter Victim Three', ['threat']);
    await addStatus(mxCase, 'ongoing', '2020-02-02');
    await addStatus(phCase, 'ongoing', '2020-02-02');

    const phGot = await waitFor(
      'two PH events',
      () => receiver.on('/ph'),
      (r) => r.length >= 2,
    );
    const mxGot = await waitFor(
      'one MX event',
      () => receiver.on('/mx-killings'),
      (r) => r.length >= 1,
    );
    await new Promise((r) => setTimeout(r, 300)); // nothing more is on its way
    expect(
      verified(receiver.on('/ph'), ph.secret).map((p) => [
        p.type,
        (p.data.subject as { id: string }).id,
      ]),
    ).toEqual([
      ['case.created', phCase],
      ['status.recorded', phCase],
    ]);
    expect(
      verified(receiver.on('/mx-killings'), killingsMx.secret).map((p) => [
        p.type,
        (p.data.subject as { id: string }).id,
      ]),
    ).toEqual([['case.created', mxCase]]);
    // The headers are those of the specification; a wrong secret does not verify.
    expect(phGot[0].headers).toMatchObject({
      'webhook-id': `msg_${phGot[0].json.data.eventId}`,
      'webhook-timestamp': expect.stringMatching(/^\d{10}$/),
      'webhook-signature': expect.stringMatching(/^v1,/),
    });
    expect(() => verified(mxGot, ph.secret)).toThrow();
    const payload = phGot[0].json;
    expect(payload.data).toMatchObject({
      subject: { type: 'case', id: phCase },
      countryCode: 'PH',
      attackTypes: ['killing', 'murder'],
      revision: expect.stringMatching(/^\d+$/),
    });
    for (const id of [ph.id, killingsMx.id])
      await t.http().delete(`/api/v1/webhooks/${id}`).set(admin).expect(200);
  });

  it('shows a contributor’s endpoint no confidential field and no other organisation’s proposal', async () => {
    const contributorHook = await subscribe(
      { url: receiver.url('/contributor'), countries: ['CO'] },
      roles.contributor.key,
    );
    const reviewerHook = await subscribe(
      { url: receiver.url('/reviewer'), countries: ['CO'] },
      roles.reviewer.key,
    );
    const caseId = await createIncident('CO', 'Confidential Victim');
    await updateCase(caseId, {
      confidentialDetails: { witnessDetails: `${SECRET_NOTE} (witness)` },
    });
    // A proposal of another organisation: the contributor's endpoint is not told of it.
    await t
      .http()
      .post('/api/v1/proposals/status-entries')
      .set(bearer(roles.outsider.key))
      .send({
        caseId,
        entry: {
          scheme: 'unesco',
          status: 'ongoing',
          effectiveDate: '2020-01-01',
          reportedBy: 'organisation',
        },
        evidenceLinks: ['https://example.org/b'],
      })
      .expect(201);
    const reviewerGot = await waitFor(
      'three events for the reviewer',
      () => receiver.on('/reviewer'),
      (r) => r.length >= 3,
    );
    const contributorGot = await waitFor(
      'two events for the contributor',
      () => receiver.on('/contributor'),
      (r) => r.length >= 2,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(
      verified(receiver.on('/contributor'), contributorHook.secret).map((p) => p.type),
    ).toEqual(['case.created', 'case.updated']);
    expect(JSON.stringify(receiver.on('/contributor').map((r) => r.json))).not.toContain(
      'Source S-9',
    );
    expect(contributorGot[0].json.data.case).toMatchObject({ confidentialDetails: null });
    expect(verified(reviewerGot, reviewerHook.secret).map((p) => p.type)).toEqual([
      'case.created',
      'case.updated',
      'proposal.submitted',
    ]);
    expect(JSON.stringify(reviewerGot[0].json)).toContain('Source S-9');
    expect(reviewerGot[1].json.data.changes).toMatchObject({
      after: { confidentialDetails: { witnessDetails: `${SECRET_NOTE} (witness)` } },
    });
    // A contributor can neither see nor touch another organisation's subscriptions.
    await t
      .http()
      .get(`/api/v1/webhooks/${reviewerHook.id}`)
      .set(bearer(roles.outsider.key))
      .expect(404);
    const mine = await t.http().get('/api/v1/webhooks').set(bearer(roles.outsider.key)).expect(200);
    expect(mine.body).toEqual([]);
    for (const id of [contributorHook.id, reviewerHook.id])
      await t.http().delete(`/api/v1/webhooks/${id}`).set(admin).expect(200);
  });

  it('gives a receiver that was down every event once it recovers, in order per case', async () => {
    const hook = await subscribe({ url: receiver.url('/flaky'), countries: ['NG'] });
    receiver.mode = 'fail';
    const cases = [
      await createIncident('NG', 'Order Victim One'),
      await createIncident('NG', 'Order Victim Two'),
    ];
    for (const caseId of cases) {
      await addStatus(caseId, 'ongoing', '2020-01-01');
      await updateCase(caseId, { localForeign: 'foreign' });
      await addStatus(caseId, 'resolved', '2021-01-01');
    }
    await waitFor(
      'failed attempts',
      async () =>
        (await t.http().get(`/api/v1/webhooks/${hook.id}/deliveries`).set(admin)).body.data,
      (d: { attemptCount: number }[]) => d.some((x) => x.attemptCount >= 3),
    );
    expect(receiver.on('/flaky')).toHaveLength(0);
    receiver.mode = 'ok';
    const got = await waitFor(
      'eight events',
      () => receiver.on('/flaky'),
      (r) => new Set(r.map((x) => x.json.data.eventId)).size >= 8,
    );
    verified(got, hook.secret);
    const order = orderPerSubject(got);
    expect([...order.keys()].sort()).toEqual([...cases].sort());
    for (const ids of order.values()) {
      expect(ids).toHaveLength(4);
      expect(ascending(ids)).toBe(true);
    }
    // The receiver has them; the dispatcher records each acknowledgement just after.
    const log = await waitFor(
      'every delivery recorded as delivered',
      () => t.http().get(`/api/v1/webhooks/${hook.id}/deliveries`).set(admin).expect(200),
      (res) => res.body.data.every((d: { state: string }) => d.state === 'delivered'),
    );
    expect(log.body.data).toHaveLength(8);
    const retried = log.body.data.find((d: { attemptCount: number }) => d.attemptCount > 1);
    expect(retried.attempts[0]).toMatchObject({ status: 204 });
    expect(retried.attempts.at(-1)).toMatchObject({
      status: 500,
      error: expect.stringContaining('down for maintenance'),
    });
    await t.http().delete(`/api/v1/webhooks/${hook.id}`).set(admin).expect(200);
  });

  it('loses nothing when the service stops in the middle of a delivery', async () => {
    const hook = await subscribe({ url: receiver.url('/restart'), countries: ['KE'] });
    receiver.mode = 'hold';
    const caseId = await createIncident('KE', 'Restart Victim');
    await addStatus(caseId, 'ongoing', '2020-01-01');
    await waitFor(
      'a held request',
      () => receiver.heldCount,
      (n) => n >= 1,
    );
    // The service stops while the receiver holds the request; then a new one starts.
    await t.app.close();
    receiver.mode = 'ok';
    receiver.releaseHeld();
    const config = AppConfig.fromEnv({
      LOG_LEVEL: 'warn',
      BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
      ...SETTINGS,
      DATABASE_URL: t.db.url,
    });
    const app = await createApp(config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const db = t.db;
    t = {
      ...t,
      app,
      http: () => request(app.getHttpServer()),
      graphql: (query, variables, key) => {
        const post = request(app.getHttpServer())
          .post('/graphql')
          .set('content-type', 'application/json');
        if (key) post.set('authorization', `Bearer ${key}`);
        return post.send({ query, variables });
      },
      close: async () => {
        await app.close();
        await db.drop();
      },
    };
    const got = await waitFor(
      'both events',
      () => receiver.on('/restart'),
      (r) => new Set(r.map((x) => x.json.data.eventId)).size >= 2,
    );
    const order = orderPerSubject(got);
    expect(order.get(caseId)).toHaveLength(2);
    expect(ascending(order.get(caseId)!)).toBe(true);
    verified(got, hook.secret);
    await t.http().delete(`/api/v1/webhooks/${hook.id}`).set(admin).expect(200);
  });

  it('gives up after the retry window, disables the subscription and says why; redelivers on request', async () => {
    // This app retries for six seconds only.
    const hook = await subscribe({ url: receiver.url('/gone-for-good'), countries: ['GT'] });
    receiver.mode = 'fail';
    await createIncident('GT', 'Disabled Victim');
    const disabled = await waitFor(
      'the subscription disabled',
      async () => (await t.http().get(`/api/v1/webhooks/${hook.id}`).set(admin)).body,
      (w: { enabled: boolean; disabledReason: string }) => !w.enabled,
    );
    expect(disabled.disabledReason).toMatch(
      /^deliveries failed for \d+ s \(\d+ attempts; last: HTTP 500/,
    );
    const log = await t
      .http()
      .get(`/api/v1/webhooks/${hook.id}/deliveries`)
      .query({ state: 'failed' })
      .set(admin)
      .expect(200);
    expect(log.body.data).toHaveLength(1);
    receiver.mode = 'ok';
    await t
      .http()
      .patch(`/api/v1/webhooks/${hook.id}`)
      .set(admin)
      .send({ enabled: true })
      .expect(200);
    await t
      .http()
      .post(`/api/v1/webhooks/${hook.id}/deliveries/${log.body.data[0].id}/redeliver`)
      .set(admin)
      .expect(201);
    await waitFor(
      'the redelivery',
      () => receiver.on('/gone-for-good'),
      (r) => r.length === 1,
    );
    await t.http().delete(`/api/v1/webhooks/${hook.id}`).set(admin).expect(200);
  });

  it('signs with the old and the new secret while a rotation is under way (GraphQL)', async () => {
    const created = await t.graphql(
      `mutation ($input: WebhookInput!) { createWebhook(input: $input) { id secret eventTypes } }`,
      {
        input: {
          url: receiver.url('/rotated'),
          countries: ['PE'],
          eventTypes: ['case_created'],
          organisationId: roles.contributor.organisationId,
        },
      },
      ADMIN_KEY,
    );
    expect(created.body.errors).toEqual(undefined);
    const { id, secret: oldSecret, eventTypes } = created.body.data.createWebhook;
    expect(eventTypes).toEqual(['case_created']);
    const rotated = await t.graphql(
      `mutation ($id: ID!) { rotateWebhookSecret(id: $id, input: { keepPreviousHours: 1 }) { secret previousSecretExpiresAt } }`,
      { id },
      ADMIN_KEY,
    );
    const { secret: newSecret, previousSecretExpiresAt } = rotated.body.data.rotateWebhookSecret;
    expect(previousSecretExpiresAt).not.toBeNull();
    await createIncident('PE', 'Rotation Victim');
    const [got] = await waitFor(
      'one event',
      () => receiver.on('/rotated'),
      (r) => r.length >= 1,
    );
    expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
    verified([got], oldSecret);
    verified([got], newSecret);
    const log = await waitFor(
      'the delivery recorded',
      () =>
        t.graphql(
          `query ($id: String!) { webhookDeliveries(webhookId: $id) { data { state eventType attempts { status latencyMs } } } }`,
          { id },
          ADMIN_KEY,
        ),
      (res) => res.body.data?.webhookDeliveries?.data?.[0]?.state !== 'pending',
    );
    expect(log.body.errors).toEqual(undefined);
    expect(log.body.data.webhookDeliveries.data).toEqual([
      {
        state: 'delivered',
        eventType: 'case_created',
        attempts: [{ status: 204, latencyMs: expect.any(Number) }],
      },
    ]);
  });

  it('refuses bad subscriptions with the fields named', async () => {
    const res = await t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(roles.contributor.key))
      .send({
        url: 'ftp://example.org/x',
        countries: ['ZZ'],
        attackTypes: ['nonsense'],
        role: 'admin',
      })
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
      ['attackTypes[0]', 'countries[0]', 'role', 'url'].sort(),
    );
    await t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(roles.contributor.key))
      .send({ url: receiver.url('/x'), organisationId: roles.outsider.organisationId })
      .expect(403);
  });
});
