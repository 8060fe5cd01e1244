import { Module } from '@nestjs/common';
import { EventsRepository } from './events.repository.js';
import { OutboxSignal } from './outbox-signal.js';
import { OutboxService } from './outbox.service.js';

/** The outbox: services record events here in their own transactions. */
@Module({
  providers: [EventsRepository, OutboxService, OutboxSignal],
  exports: [OutboxService, OutboxSignal],
})
export class EventsModule {}
