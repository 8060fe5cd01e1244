import { AppConfig } from '../src/config/app-config.js';
import { OutboxService } from '../src/events/outbox.service.js';
import { DeliveryQueueRepository } from '../src/webhooks/delivery-queue.repository.js';
import { EventRetention } from '../src/webhooks/event-retention.js';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { bearer, createOrganisation } from './members.js';

/**
 * Old events and deliveries are deleted once done with, in bounded batches: a delivered or skipped
 * delivery past the retention goes, with its attempts; an event goes once every subscription has
 * passed it and none of its deliveries is left. Nothing pending or failed is ever deleted.
 */
describe('event retention', () => {
  let t: TestApp;
  let subscriptionId: string;
  const DAY = 86_400_000;

  const commit = async (label: string) => {
    const outbox = t.app.get(OutboxService);
    await t.dataSource.transaction((manager) =>
      outbox.record(manager, { kind: 'admin', label: 'retention test' }, [
        {
          type: 'case.updated',
          subject: { type: 'case', id: label },
          countryCode: 'PH',
          attackTypes: [],
          visibility: 'public',
          changesData: false,
          data: { label },
        },
      ]),
    );
    const [{ id }] = await t.dataSource.query(`SELECT id::text FROM events WHERE subject_id = $1`, [
      label,
    ]);
    return id as string;
  };
  /** Ages an event (its commit) and its delivery, and puts the delivery in a state. */
  const age = async (
    eventId: string,
    eventDays: number,
    delivery?: { state: string; days: number },
  ) => {
    await t.dataSource.query(
      `UPDATE events SET committed_at = now() - make_interval(days => $2) WHERE id = $1`,
      [eventId, eventDays],
    );
    if (delivery)
      await t.dataSource.query(
        `UPDATE webhook_deliveries SET state = $2, created_at = now() - make_interval(days => $3),
           delivered_at = CASE WHEN $2 = 'delivered' THEN now() - make_interval(days => $3) END
         WHERE event_id = $1`,
        [eventId, delivery.state, delivery.days],
      );
  };
  const remaining = async (table: 'events' | 'webhook_deliveries', ids: Record<string, string>) => {
    const column = table === 'events' ? 'id' : 'event_id';
    const rows: { id: string }[] = await t.dataSource.query(
      `SELECT ${column}::text AS id FROM ${table} WHERE ${column} = ANY ($1::bigint[])`,
      [Object.values(ids)],
    );
    const left = new Set(rows.map((r) => r.id));
    return Object.keys(ids)
      .filter((name) => left.has(ids[name]))
      .sort();
  };

  beforeAll(async () => {
    t = await createTestApp({
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      EVENT_RETENTION_DAYS: '30',
      EVENT_PRUNE_BATCH_SIZE: '2',
    });
    const organisationId = await createOrganisation(t, 'Retention Watch');
    const created = await t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(ADMIN_KEY))
      .send({ organisationId, url: 'http://127.0.0.1:9/hook' })
      .expect(201);
    subscriptionId = created.body.id;
  });
  afterAll(() => t.close());

  it('keeps 30 days by default', () => {
    expect(AppConfig.fromEnv({}).webhooks.retentionMs).toBe(30 * DAY);
  });

  it('deletes delivered and skipped deliveries and the events done with once past the retention, never what is undelivered', async () => {
    const names = [
      'delivered-old',
      'delivered-old-2',
      'delivered-old-3',
      'skipped-old',
      'pending-old',
      'failed-old',
      'delivered-recently',
      'delivered-29-days',
      'old-delivery-recent-event',
    ];
    const ids: Record<string, string> = {};
    for (const name of names) ids[name] = await commit(name);
    const queue = t.app.get(DeliveryQueueRepository);
    while ((await queue.fanOut()) > 0);
    // A failed attempt logged for an old delivered one: it goes with its delivery.
    await t.dataSource.query(
      `INSERT INTO webhook_attempts (delivery_id, attempted_at, status, error, latency_ms)
       SELECT id, now() - interval '40 days', 500, 'HTTP 500', 3 FROM webhook_deliveries WHERE event_id = $1`,
      [ids['delivered-old']],
    );
    await age(ids['delivered-old'], 40, { state: 'delivered', days: 40 });
    await age(ids['delivered-old-2'], 35, { state: 'delivered', days: 34 });
    await age(ids['delivered-old-3'], 31, { state: 'delivered', days: 31 });
    await age(ids['skipped-old'], 50, { state: 'skipped', days: 50 });
    await age(ids['pending-old'], 60, { state: 'pending', days: 60 });
    await age(ids['failed-old'], 60, { state: 'failed', days: 60 });
    await age(ids['delivered-recently'], 45, { state: 'delivered', days: 1 });
    await age(ids['delivered-29-days'], 29, { state: 'delivered', days: 29 });
    await age(ids['old-delivery-recent-event'], 2, { state: 'delivered', days: 40 });
    // Committed after the subscription's fan-out last ran: it has not been considered yet.
    ids['not-fanned-out'] = await commit('not-fanned-out');
    await age(ids['not-fanned-out'], 90);

    const pruned = await t.app.get(EventRetention).prune();
    // Batches of two: five deliveries and four events, each in bounded statements.
    expect(pruned).toEqual({ deliveries: 5, events: 4 });
    expect(await remaining('webhook_deliveries', ids)).toEqual(
      ['delivered-29-days', 'delivered-recently', 'failed-old', 'pending-old'].sort(),
    );
    expect(await remaining('events', ids)).toEqual(
      [
        'delivered-29-days',
        'delivered-recently',
        'failed-old',
        'not-fanned-out',
        'old-delivery-recent-event',
        'pending-old',
      ].sort(),
    );
    const attempts = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM webhook_attempts a
        WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.id = a.delivery_id)`,
    );
    expect(attempts[0].n).toBe(0);
    // Nothing more to do at once; the subscription still has its undelivered work.
    expect(await t.app.get(EventRetention).prune()).toEqual({ deliveries: 0, events: 0 });
    const log = await t
      .http()
      .get(`/api/v1/webhooks/${subscriptionId}/deliveries`)
      .set(bearer(ADMIN_KEY))
      .expect(200);
    expect(log.body.data.map((d: { state: string }) => d.state).sort()).toEqual([
      'delivered',
      'delivered',
      'failed',
      'pending',
    ]);
  });
});
