import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { AppConfig, WebhookSettings } from '../config/app-config.js';
import { DeliveryQueueRepository } from './delivery-queue.repository.js';

/**
 * Keeps the outbox from growing without end: every EVENT_PRUNE_INTERVAL_SECONDS a dispatching
 * process deletes the deliveries done with (delivered or skipped) and the events no subscription
 * still needs, once older than EVENT_RETENTION_DAYS (30 by default), a bounded batch per statement
 * so that no statement holds many locks or runs long. What is pending or failed stays, with its
 * event, whatever its age.
 */
@Injectable()
export class EventRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventRetention.name);
  private readonly settings: WebhookSettings;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    config: AppConfig,
    private readonly queue: DeliveryQueueRepository,
  ) {
    this.settings = config.webhooks;
  }

  onApplicationBootstrap(): void {
    if (!this.settings.dispatcher) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.prune()
        .catch((error: unknown) => this.logger.warn(`pruning events: ${String(error)}`))
        .finally(() => (this.running = null));
    }, this.settings.pruneIntervalMs);
    this.timer.unref();
  }

  /** Deletes what the retention lets go, batch after batch; returns how many rows of each went. */
  async prune(now = new Date()): Promise<{ deliveries: number; events: number }> {
    const before = new Date(now.getTime() - this.settings.retentionMs);
    const limit = this.settings.pruneBatchSize;
    let deliveries = 0;
    let events = 0;
    for (let n = limit; n === limit; deliveries += n)
      n = await this.queue.pruneDeliveries(before, limit);
    for (let n = limit; n === limit; events += n) n = await this.queue.pruneEvents(before, limit);
    if (deliveries || events)
      this.logger.log(
        `pruned ${deliveries} deliveries and ${events} events older than ${before.toISOString()}`,
      );
    return { deliveries, events };
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
