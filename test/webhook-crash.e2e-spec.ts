import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { freePort } from '../src/database/embedded-postgres.js';
import { OutboxService } from '../src/events/outbox.service.js';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { Received, Receiver, waitFor } from './events/receiver.js';
import { bearer, createOrganisation } from './members.js';

/**
 * The service killed with SIGKILL while it delivers webhooks: the built service runs as a child
 * process on this file's database, the receiver runs here, and events are committed here before,
 * during and after the crash. Once the service is started again, every event has arrived at least
 * once, in order per subject.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SUBJECTS = Array.from({ length: 4 }, (_, i) => `00000000-0000-4000-8000-00000000000${i + 1}`);

describe('a service killed in the middle of webhook deliveries', () => {
  let t: TestApp;
  const receiver = new Receiver();
  const children: ChildProcess[] = [];
  let secret: string;
  let committed = 0;

  /** The built service on this file's database, delivering webhooks; resolves once it answers. */
  async function startService(): Promise<ChildProcess> {
    const port = await freePort();
    let log = '';
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'main.js')], {
      env: {
        ...process.env,
        DATABASE_URL: t.db.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        WEBHOOK_DISPATCHER: 'true',
        WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
        WEBHOOK_POLL_INTERVAL_MS: '50',
        WEBHOOK_BATCH_SIZE: '3',
        WEBHOOK_CONCURRENCY: '2',
        // A lease of 1 s + 5 s: what a killed process held is sent again 6 s later.
        WEBHOOK_TIMEOUT_MS: '1000',
        WEBHOOK_RETRY_BASE_MS: '50',
        WEBHOOK_RETRY_MAX_MS: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    await waitFor(
      'the service to answer',
      async () => {
        if (child.exitCode !== null) throw new Error(`service exited ${child.exitCode}: ${log}`);
        return fetch(`http://127.0.0.1:${port}/health`).then(
          (res) => res.ok,
          () => false,
        );
      },
      (ok) => ok,
      // Booting the built service takes a while on a busy machine (as in the faults suite).
      120_000,
    );
    return child;
  }

  /** Commits `count` events, one transaction each, round-robin over the subjects. */
  async function commitEvents(count: number): Promise<void> {
    const outbox = t.app.get(OutboxService);
    for (let i = 0; i < count; i++, committed++) {
      const subject = SUBJECTS[committed % SUBJECTS.length];
      await t.dataSource.transaction((manager) =>
        outbox.record(manager, { kind: 'admin', label: 'crash test' }, [
          {
            type: 'case.updated',
            subject: { type: 'case', id: subject },
            countryCode: 'PH',
            attackTypes: ['murder'],
            visibility: 'public',
            changesData: false,
            data: { caseId: subject, changes: { after: { n: committed } } },
          },
        ]),
      );
    }
  }

  const firstArrivals = () => {
    const seen = new Map<string, Received>();
    for (const r of receiver.received)
      if (!seen.has(r.json.data.eventId)) seen.set(r.json.data.eventId, r);
    return [...seen.values()];
  };

  beforeAll(async () => {
    await receiver.start();
    // This process only writes; the child delivers.
    t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
    const organisationId = await createOrganisation(t, 'Crash Watch');
    const created = await t
      .http()
      .post('/api/v1/webhooks')
      .set(bearer(ADMIN_KEY))
      .send({ organisationId, url: receiver.url('/crash') })
      .expect(201);
    secret = created.body.secret;
  });
  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
    await t?.close();
    await receiver.stop();
  });

  it('delivers every event at least once, in order per subject, after a kill -9 and a restart', async () => {
    const first = await startService();
    await commitEvents(12);
    await waitFor(
      'some deliveries',
      () => firstArrivals().length,
      (n) => n >= 4,
    );
    // The receiver stops answering: the next posts stay in flight, and the service dies then.
    receiver.mode = 'hold';
    await commitEvents(8);
    await waitFor(
      'a delivery in flight',
      () => receiver.heldCount,
      (n) => n >= 1,
    );
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    expect(first.signalCode).toBe('SIGKILL');
    receiver.dropHeld();
    receiver.mode = 'ok';
    const beforeRestart = firstArrivals().length;
    expect(beforeRestart).toBeLessThan(20);
    // Changes go on while no dispatcher runs.
    await commitEvents(8);

    await startService();
    const events: { id: string; subject: string }[] = await t.dataSource.query(
      `SELECT id::text, subject_id AS subject FROM events ORDER BY position`,
    );
    expect(events).toHaveLength(28);
    await waitFor(
      'every event delivered',
      () => firstArrivals().length,
      (n) => n >= events.length,
      60_000,
    );
    const arrivals = firstArrivals();
    expect(arrivals.map((r) => r.json.data.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    // In commit order per subject (event ids grow with commits here: one writer).
    for (const subject of SUBJECTS) {
      const order = arrivals
        .filter((r) => (r.json.data.subject as { id: string }).id === subject)
        .map((r) => Number(r.json.data.eventId));
      expect(order).toEqual(events.filter((e) => e.subject === subject).map((e) => Number(e.id)));
    }
    const wh = new Webhook(secret);
    for (const r of receiver.received) wh.verify(r.body, r.headers as Record<string, string>);
    // The restarted service records every acknowledgement.
    await waitFor(
      'every delivery recorded as delivered',
      async () =>
        (await t.dataSource.query(
          `SELECT state, count(*)::int AS n FROM webhook_deliveries GROUP BY state ORDER BY state`,
        )) as { state: string; n: number }[],
      (rows) => rows.length === 1 && rows[0].state === 'delivered' && rows[0].n === 28,
      30_000,
    );
  }, 300_000);
});
