import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { EventsModule } from '../events/events.module.js';
import { DeliveryQueueRepository } from './delivery-queue.repository.js';
import { EventRetention } from './event-retention.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksResolver } from './webhooks.resolver.js';
import { WebhooksService } from './webhooks.service.js';

/** Webhook subscriptions of organisations and the dispatcher that delivers the outbox to them. */
@Module({
  imports: [AuditModule, EventsModule],
  controllers: [WebhooksController],
  providers: [
    WebhooksRepository,
    DeliveryQueueRepository,
    WebhooksService,
    WebhooksResolver,
    WebhookDispatcher,
    EventRetention,
  ],
  exports: [WebhookDispatcher, EventRetention],
})
export class WebhooksModule {}
