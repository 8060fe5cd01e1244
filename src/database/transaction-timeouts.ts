import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntitySubscriberInterface,
  EntityManager,
  TransactionStartEvent,
} from 'typeorm';
import { AppConfig } from '../config/app-config.js';

/**
 * Connections open bounded by the read timeout (public reads are the tightest); a transaction is
 * a write and gets the write timeout, for itself only (SET LOCAL ends with it).
 */
@Injectable()
export class TransactionTimeouts implements EntitySubscriberInterface {
  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    dataSource.subscribers.push(this);
  }

  async afterTransactionStart(event: TransactionStartEvent): Promise<void> {
    // A savepoint inside the transaction keeps what the transaction set.
    if ((event.queryRunner as unknown as { transactionDepth: number }).transactionDepth !== 1)
      return;
    await event.queryRunner.query(
      `SET LOCAL statement_timeout = ${Math.trunc(this.config.timeouts.write)}`,
    );
  }
}

/**
 * Raises the bounds of the current transaction alone to the bulk timeout that every connection
 * carries (`tracker.bulk_timeout`, see poolOptions): for long work such as an import or an export's
 * stream. Runs as one statement, on the transaction's own connection.
 */
export const BULK_WORK_SQL = `SELECT set_config('statement_timeout', t, true),
       set_config('idle_in_transaction_session_timeout', t, true),
       set_config('lock_timeout', t, true)
  FROM coalesce(current_setting('tracker.bulk_timeout', true), '0') AS t`;

export async function allowBulkWork(manager: EntityManager): Promise<void> {
  await manager.query(BULK_WORK_SQL);
}
