import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { detachedFromHeldConnection } from '../database/connection-guard.js';
import type { Principal } from '../common/auth/principal.js';
import { AppConfig, WebhookSettings } from '../config/app-config.js';
import { eventPayload } from '../events/event-payload.js';
import { OutboxSignal } from '../events/outbox-signal.js';
import {
  ClaimedDelivery,
  DeliveryQueueRepository,
  Outcome,
  Settled,
} from './delivery-queue.repository.js';
import { retryDelayMs } from './retry-schedule.js';
import { UrlPolicy } from './url-policy.js';
import { WebhookSender } from './webhook-sender.js';
import { leastRole } from './webhooks.service.js';

/** How long in-flight deliveries may finish when the service stops, before they are cut off. */
const SHUTDOWN_GRACE_MS = 2000;

/**
 * Batches a process sends at once: while one waits for its slowest receiver, the next is sent, so
 * one slow subscriber does not hold up the others.
 */
const BATCHES_IN_FLIGHT = 2;

/**
 * Delivers the outbox's events to webhook subscriptions: at least once, in order per subject,
 * retried with exponential backoff and jitter until the retry window (24 h by default) has passed,
 * then given up and the subscription disabled. Work goes in batches: one statement claims up to
 * WEBHOOK_BATCH_SIZE due deliveries (each the oldest waiting one of its subject, so a batch holds
 * at most one per subject), they are posted concurrently (WEBHOOK_CONCURRENCY at a time), and one
 * statement records how they all ended. Every process may run one: they share the work through the
 * database (SKIP LOCKED and leases), and a delivery cut off by a crash is sent again when its lease
 * ends. It polls (WEBHOOK_POLL_INTERVAL_MS) and is woken at once by commits of its own process; with
 * no enabled subscription, a poll is one small query.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly settings: WebhookSettings;
  private readonly sender: WebhookSender;
  private readonly inFlight = new Map<string, AbortController>();
  private readonly batches = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private unlisten: (() => void) | null = null;

  constructor(
    config: AppConfig,
    private readonly queue: DeliveryQueueRepository,
    private readonly signal: OutboxSignal,
  ) {
    this.settings = config.webhooks;
    this.sender = new WebhookSender(
      this.settings,
      new UrlPolicy(this.settings.allowPrivateUrls),
      this.settings.concurrency * BATCHES_IN_FLIGHT,
    );
  }

  onApplicationBootstrap(): void {
    if (!this.settings.dispatcher) return;
    this.stopped = false;
    this.unlisten = this.signal.listen(() => this.kick());
    this.kick();
  }

  /** How long a claimed delivery is reserved: enough for one attempt, then another may take it. */
  private get leaseMs(): number {
    return this.settings.timeoutMs + 5000;
  }

  /** Runs a pass now, or once more after the running one. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    // A pass is background work even when a commit inside a transaction woke it.
    this.running = detachedFromHeldConnection(() => this.pass())
      .catch((error: unknown) => this.logger.warn(`webhook dispatch: ${String(error)}`))
      .finally(() => {
        this.running = null;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else {
          this.timer = setTimeout(() => this.kick(), this.settings.pollIntervalMs);
          this.timer.unref();
        }
      });
  }

  /** Waits until no pass runs and no batch is in flight (tests and benchmarks use it). */
  async idle(): Promise<void> {
    while (this.running || this.batches.size > 0) await sleep(5);
  }

  private async pass(): Promise<void> {
    if (!(await this.queue.anyEnabled())) return;
    // Fan out a bounded amount per pass; a full batch asks for another pass at once.
    if ((await this.queue.fanOut()) > 0) this.again = true;
    while (!this.stopped && this.batches.size < BATCHES_IN_FLIGHT) {
      const claimed = await this.queue.claim(this.settings.batchSize, this.leaseMs);
      if (claimed.length === 0) return;
      const batch = this.send(claimed).finally(() => {
        this.batches.delete(batch);
        this.kick();
      });
      this.batches.add(batch);
      if (claimed.length < this.settings.batchSize) return;
    }
  }

  /**
   * Posts a batch, at most `concurrency` at a time (its deliveries are of distinct subjects, so
   * their order does not matter), then records every outcome in one statement.
   */
  private async send(batch: ClaimedDelivery[]): Promise<void> {
    const results: Settled[] = [];
    let next = 0;
    const worker = async () => {
      while (next < batch.length) {
        const delivery = batch[next++];
        const controller = new AbortController();
        this.inFlight.set(delivery.deliveryId, controller);
        const attemptedAt = new Date();
        try {
          results.push({
            delivery,
            outcome: await this.attempt(delivery, attemptedAt, controller.signal),
            attemptedAt,
          });
        } catch (error) {
          // Left out of the record: its lease ends by itself and a later pass sends it again.
          this.logger.warn(`webhook delivery ${delivery.deliveryId}: ${String(error)}`);
        } finally {
          this.inFlight.delete(delivery.deliveryId);
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.settings.concurrency, batch.length) }, worker),
    );
    try {
      await this.queue.settle(results);
    } catch (error) {
      // The leases end by themselves and the deliveries are sent again: at least once.
      this.logger.warn(`recording ${results.length} webhook deliveries: ${String(error)}`);
    }
  }

  /** One attempt and what follows from it; null when cut off by shutdown. */
  private async attempt(
    delivery: ClaimedDelivery,
    attemptedAt: Date,
    signal: AbortSignal,
  ): Promise<Outcome | null> {
    if (delivery.memberRemoved)
      return {
        kind: 'skip',
        reason: 'maker removed',
        disable:
          'the member who made this subscription was removed; an administrator may enable it again',
      };
    const viewer: Principal = {
      kind: leastRole(delivery.role, delivery.memberRole),
      label: 'webhook',
      organisationId: delivery.organisationId,
    };
    const payload = eventPayload(delivery.event, viewer);
    if (!payload) return { kind: 'skip', reason: 'the subscription’s role may not see this event' };
    const result = await this.sender.send(
      delivery.url,
      delivery.secrets,
      `msg_${delivery.event.id}`,
      JSON.stringify(payload),
      signal,
    );
    if (signal.aborted) return null;
    if (result.ok)
      return { kind: 'delivered', status: result.status!, latencyMs: result.latencyMs };
    const error = result.error ?? `HTTP ${result.status}`;
    const failingSince = delivery.firstFailedAt ?? attemptedAt;
    const failingMs = Date.now() - new Date(failingSince).getTime();
    if (result.status === 410)
      return {
        ...result,
        kind: 'give_up',
        error,
        reason: 'the receiver answered 410 Gone: it wants no more deliveries',
      };
    if (failingMs >= this.settings.retryWindowMs)
      return {
        ...result,
        kind: 'give_up',
        error,
        reason: `deliveries failed for ${formatDuration(failingMs)} (${delivery.attempts} attempts; last: ${error}); fix the receiver, then enable the subscription and redeliver what failed`,
      };
    return {
      kind: 'retry',
      status: result.status,
      error,
      latencyMs: result.latencyMs,
      delayMs: retryDelayMs(delivery.attempts, this.settings.retryBaseMs, this.settings.retryMaxMs),
    };
  }

  /**
   * Stops taking work, lets deliveries in flight finish for a moment, then cuts off the rest; each
   * batch then records what it did and gives back the leases of what was cut off, so that another
   * process (or this one restarted) sends them at once.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unlisten?.();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    const deadline = Date.now() + Math.min(SHUTDOWN_GRACE_MS, this.settings.timeoutMs);
    while (this.inFlight.size > 0 && Date.now() < deadline) await sleep(10);
    for (const controller of this.inFlight.values()) controller.abort();
    await Promise.all([...this.batches]);
    this.sender.close();
  }
}

function formatDuration(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 1 ? `${hours.toFixed(1)} h` : `${Math.round(ms / 1000)} s`;
}
