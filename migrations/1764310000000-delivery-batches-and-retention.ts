import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the batched webhook dispatcher and for pruning old events: waiting deliveries in
 * event order (a batch is read from the front of the queue and the scan stops with it), settled
 * deliveries by the time they were settled, and events by commit time.
 */
export class DeliveryBatchesAndRetention1764310000000 implements MigrationInterface {
  name = 'DeliveryBatchesAndRetention1764310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (event_position)
        WHERE state = 'pending'`);
    await q.query(`
      CREATE INDEX webhook_deliveries_settled_idx ON webhook_deliveries ((coalesce(delivered_at, created_at)))
        WHERE state IN ('delivered', 'skipped')`);
    await q.query(`CREATE INDEX events_committed_idx ON events (committed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX events_committed_idx`);
    await q.query(`DROP INDEX webhook_deliveries_settled_idx`);
    await q.query(`DROP INDEX webhook_deliveries_due_idx`);
  }
}
