import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.setup.js';
import { AppConfig } from '../src/config/app-config.js';
import { startEmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { ensureDatabase, prepareDatabase } from '../src/database/maintenance.js';
import { OutboxService } from '../src/events/outbox.service.js';
import { WebhooksService } from '../src/webhooks/webhooks.service.js';

/**
 * Events through the webhook dispatcher to a receiver on this machine: EVENTS events (default
 * 10,000), each committed in its own transaction by WRITERS concurrent writers over 1,000 subjects,
 * delivered signed to one subscription. Prints the delivery rate and the delay from each event's
 * commit to its arrival (median, p99); then the same delay for events committed at a steady pace
 * below capacity. Uses BENCH_DATABASE_URL (a database it may write to) or a throwaway embedded
 * cluster.
 */
const say = (line: string) => void process.stdout.write(`${line}\n`);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const WRITERS = 8;
const SUBJECTS = 1000;
const PACED_EVENTS = 1000;
const PACED_RATE = 200;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** Receives deliveries; records the delay from each event's commit (its payload's timestamp). */
async function startReceiver() {
  const delays = new Map<string, number>();
  let last = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const payload = JSON.parse(body) as { timestamp: string; data: { eventId: string } };
      last = Date.now();
      if (!delays.has(payload.data.eventId))
        delays.set(payload.data.eventId, last - Date.parse(payload.timestamp));
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    delays,
    lastArrival: () => last,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'tracker-bench-'));
  chmodSync(work, 0o755);
  let stop = async () => undefined as void;
  const receiver = await startReceiver();
  try {
    let url = process.env.BENCH_DATABASE_URL;
    if (!url) {
      const embedded = await startEmbeddedDatabase(path.join(work, 'pg'));
      stop = () => embedded.stop();
      await ensureDatabase(embedded.adminUrl, 'bench_webhooks');
      url = embedded.urlFor('bench_webhooks');
    }
    const config = AppConfig.fromEnv({
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
      PORT: '0',
      WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
      WEBHOOK_POLL_INTERVAL_MS: process.env.WEBHOOK_POLL_INTERVAL_MS ?? '1000',
      WEBHOOK_CONCURRENCY: process.env.WEBHOOK_CONCURRENCY ?? '16',
    });
    await prepareDatabase(config);
    const app = await createApp(config);
    await app.init();
    try {
      const dataSource = app.get(DataSource);
      const outbox = app.get(OutboxService);
      const actor = { kind: 'admin' as const, label: 'bench' };
      const [{ id: organisationId }] = await dataSource.query(
        `INSERT INTO organisations (name) VALUES ('Bench ' || gen_random_uuid()) RETURNING id`,
      );
      await app.get(WebhooksService).create({ url: receiver.url, organisationId }, actor);
      const subjects = Array.from({ length: SUBJECTS }, () => randomUUID());
      const commit = (n: number) =>
        dataSource.transaction((manager) =>
          outbox.record(manager, actor, [
            {
              type: 'case.updated',
              subject: { type: 'case', id: subjects[n % SUBJECTS] },
              countryCode: 'PH',
              attackTypes: ['murder'],
              visibility: 'public',
              changesData: false,
              data: {
                caseId: subjects[n % SUBJECTS],
                changes: { before: { n: n - 1 }, after: { n } },
              },
            },
          ]),
        );

      // As fast as the writers commit.
      const started = Date.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: WRITERS }, async () => {
          while (next < EVENTS) await commit(next++);
        }),
      );
      const committedIn = (Date.now() - started) / 1000;
      while (receiver.delays.size < EVENTS) await sleep(20);
      const seconds = (receiver.lastArrival() - started) / 1000;
      const burst = [...receiver.delays.values()];
      say(
        `burst   ${EVENTS} events committed by ${WRITERS} writers in ${committedIn.toFixed(1)} s (${Math.round(EVENTS / committedIn)}/s); all delivered after ${seconds.toFixed(1)} s: ${Math.round(EVENTS / seconds)} events/s; commit → delivery median ${percentile(burst, 50)} ms, p99 ${percentile(burst, 99)} ms`,
      );

      // Below capacity: the delay an event meets when the dispatcher is not behind.
      receiver.delays.clear();
      for (let n = 0; n < PACED_EVENTS; n++) {
        const due = Date.now() + 1000 / PACED_RATE;
        await commit(EVENTS + n);
        await sleep(Math.max(0, due - Date.now()));
      }
      while (receiver.delays.size < PACED_EVENTS) await sleep(20);
      const paced = [...receiver.delays.values()];
      say(
        `paced   ${PACED_EVENTS} events at ${PACED_RATE}/s: commit → delivery median ${percentile(paced, 50)} ms, p99 ${percentile(paced, 99)} ms (poll interval ${config.webhooks.pollIntervalMs} ms; commits of this process wake the dispatcher at once)`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await receiver.close();
    await stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
