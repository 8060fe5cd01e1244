import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { OUTBOX_MARK } from './outbox.service.js';

/**
 * Tells this process's listeners (the webhook dispatcher) that a transaction which recorded
 * events has committed, so that they need not wait for their next poll. Events committed by other
 * processes are found by polling.
 */
@Injectable()
export class OutboxSignal implements OnModuleInit, EntitySubscriberInterface {
  private readonly listeners = new Set<() => void>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (!(event.queryRunner.data as Record<string, unknown> | undefined)?.[OUTBOX_MARK]) return;
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after each such commit; returns the way to stop. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
