import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StoredEvent } from '../events/event.types.js';

/** A delivery leased by this process, with what it needs to send it. */
export interface ClaimedDelivery {
  deliveryId: string;
  subscriptionId: string;
  /** Attempts so far, this one included. */
  attempts: number;
  firstFailedAt: Date | null;
  url: string;
  secrets: string[];
  organisationId: string;
  /** The role the subscription was made with. */
  role: string;
  /** The current role of the member who made it (null for the bootstrap key). */
  memberRole: string | null;
  memberRemoved: boolean;
  event: StoredEvent;
}

/** How an attempt ended, and what follows. */
export type Outcome =
  | { kind: 'delivered'; status: number; latencyMs: number }
  | {
      kind: 'retry';
      status: number | null;
      error: string;
      latencyMs: number;
      delayMs: number;
    }
  | {
      kind: 'give_up';
      status: number | null;
      error: string;
      latencyMs: number;
      /** Why the subscription is disabled. */
      reason: string;
    }
  | { kind: 'skip'; reason: string; disable?: string };

/** How many events one subscription's fan-out reads per transaction. */
const FAN_OUT_BATCH = 2000;

/**
 * The dispatcher's SQL. Subscriptions and deliveries are taken with FOR UPDATE SKIP LOCKED, so
 * any number of processes share the work without waiting on each other; a delivery is leased
 * (locked_until) while it is sent, so one left by a process that died is sent again when its
 * lease ends.
 */
@Injectable()
export class DeliveryQueueRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async anyEnabled(): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE enabled) AS any`,
    );
    return row.any as boolean;
  }

  /**
   * Turns new events into deliveries for the subscriptions whose filters they match, advancing
   * each subscription's cursor (the last event position it has considered). Events are read in
   * position order, which is commit order, so no event is passed over. Returns how many events
   * were read.
   */
  fanOut(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const subscriptions: { id: string; cursor: string }[] = await manager.query(
        `SELECT id, cursor::text FROM webhook_subscriptions
          WHERE enabled AND cursor < (SELECT coalesce(max(position), 0) FROM events)
          ORDER BY cursor LIMIT 20 FOR UPDATE SKIP LOCKED`,
      );
      let read = 0;
      for (const s of subscriptions) {
        const [row] = await manager.query(
          `WITH scanned AS (
             SELECT * FROM events WHERE position > $2 ORDER BY position LIMIT $3
           ), inserted AS (
             INSERT INTO webhook_deliveries (subscription_id, event_id, event_position, subject_key)
             SELECT s.id, e.id, e.position, e.subject_type || ':' || e.subject_id
             FROM scanned e JOIN webhook_subscriptions s ON s.id = $1
             WHERE (cardinality(s.event_types) = 0 OR e.type = ANY (s.event_types))
               AND (cardinality(s.countries) = 0 OR e.country_code = ANY (s.countries))
               AND (cardinality(s.regions) = 0 OR EXISTS (SELECT 1 FROM country_regions cr
                     WHERE cr.country_code = e.country_code AND cr.scheme = s.region_scheme AND cr.region_code = ANY (s.regions)))
               AND (cardinality(s.attack_types) = 0 OR e.attack_types && s.attack_types)
               AND (cardinality(s.monitors) = 0 OR e.monitors && s.monitors)
               AND (cardinality(s.organisations) = 0 OR e.organisation_id = ANY (s.organisations))
               AND (e.visibility = 'public' OR s.role IN ('admin', 'reviewer')
                    OR (e.visibility = 'organisation' AND e.organisation_id = s.organisation_id))
             ORDER BY e.position
             ON CONFLICT DO NOTHING
             RETURNING 1
           )
           SELECT (SELECT max(position) FROM scanned)::text AS last, (SELECT count(*) FROM scanned)::int AS n,
                  (SELECT count(*) FROM inserted)::int AS queued`,
          [s.id, s.cursor, FAN_OUT_BATCH],
        );
        if (row.last)
          await manager.query(`UPDATE webhook_subscriptions SET cursor = $2 WHERE id = $1`, [
            s.id,
            row.last,
          ]);
        read += row.n as number;
      }
      return read;
    });
  }

  /**
   * Leases up to `limit` deliveries that may go now: for each subscription and subject only the
   * oldest waiting one (so a subject's events arrive in order), when its retry time has come and
   * no live lease holds it.
   */
  claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.dataSource.query(
      `WITH heads AS (
         SELECT DISTINCT ON (d.subscription_id, d.subject_key) d.id
         FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.enabled
         WHERE d.state = 'pending'
         ORDER BY d.subscription_id, d.subject_key, d.event_position
       ), due AS (
         SELECT d.id FROM webhook_deliveries d JOIN heads h ON h.id = d.id
         WHERE d.state = 'pending' AND d.next_attempt_at <= now()
           AND (d.locked_until IS NULL OR d.locked_until < now())
         ORDER BY d.event_position LIMIT $1
         FOR UPDATE OF d SKIP LOCKED
       ), claimed AS (
         UPDATE webhook_deliveries d SET locked_until = now() + make_interval(secs => $2::float8 / 1000),
           attempts = d.attempts + 1
         FROM due WHERE d.id = due.id
         RETURNING d.id, d.subscription_id, d.event_id, d.attempts, d.first_failed_at
       )
       SELECT c.id::text AS "deliveryId", c.subscription_id AS "subscriptionId", c.attempts,
         c.first_failed_at AS "firstFailedAt", s.url,
         array_remove(ARRAY[s.secret, CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret END], NULL) AS secrets,
         s.organisation_id AS "organisationId", s.role, m.role AS "memberRole",
         coalesce(m.removed_at IS NOT NULL, false) AS "memberRemoved",
         json_build_object('id', e.id::text, 'position', e.position::text, 'revision', e.revision::text,
           'type', e.type, 'subjectType', e.subject_type, 'subjectId', e.subject_id,
           'countryCode', e.country_code, 'attackTypes', e.attack_types, 'monitors', e.monitors,
           'organisationId', e.organisation_id, 'visibility', e.visibility, 'data', e.data,
           'committedAt', e.committed_at) AS event
       FROM claimed c JOIN webhook_subscriptions s ON s.id = c.subscription_id
       JOIN events e ON e.id = c.event_id LEFT JOIN members m ON m.id = s.member_id
       ORDER BY e.position`,
      [limit, leaseMs],
    );
  }

  /** Logs an attempt and moves its delivery on; disables the subscription when told to. */
  async settle(delivery: ClaimedDelivery, outcome: Outcome, attemptedAt: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (outcome.kind !== 'skip')
        await manager.query(
          `INSERT INTO webhook_attempts (delivery_id, attempted_at, status, error, latency_ms)
           SELECT $1, $2, $3, $4, $5 WHERE EXISTS (SELECT 1 FROM webhook_deliveries WHERE id = $1)`,
          [
            delivery.deliveryId,
            attemptedAt,
            outcome.status,
            outcome.kind === 'delivered' ? null : outcome.error,
            outcome.latencyMs,
          ],
        );
      switch (outcome.kind) {
        case 'delivered':
          await manager.query(
            `UPDATE webhook_deliveries SET state = 'delivered', delivered_at = now(), locked_until = NULL,
               first_failed_at = NULL, last_status = $2, last_error = NULL WHERE id = $1`,
            [delivery.deliveryId, outcome.status],
          );
          break;
        case 'retry':
          await manager.query(
            `UPDATE webhook_deliveries SET locked_until = NULL, first_failed_at = coalesce(first_failed_at, $3),
               next_attempt_at = now() + make_interval(secs => $2::float8 / 1000), last_status = $4, last_error = $5
             WHERE id = $1`,
            [delivery.deliveryId, outcome.delayMs, attemptedAt, outcome.status, outcome.error],
          );
          break;
        case 'give_up':
          await manager.query(
            `UPDATE webhook_deliveries SET state = 'failed', locked_until = NULL,
               first_failed_at = coalesce(first_failed_at, $2), last_status = $3, last_error = $4
             WHERE id = $1`,
            [delivery.deliveryId, attemptedAt, outcome.status, outcome.error],
          );
          await this.disable(manager, delivery.subscriptionId, outcome.reason);
          break;
        case 'skip':
          if (outcome.disable) {
            await manager.query(
              `UPDATE webhook_deliveries SET locked_until = NULL, attempts = greatest(attempts - 1, 0) WHERE id = $1`,
              [delivery.deliveryId],
            );
            await this.disable(manager, delivery.subscriptionId, outcome.disable);
          } else
            await manager.query(
              `UPDATE webhook_deliveries SET state = 'skipped', locked_until = NULL, last_error = $2 WHERE id = $1`,
              [delivery.deliveryId, outcome.reason],
            );
      }
    });
  }

  /** Gives back leases this process holds without an attempt (it is stopping). */
  async release(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET locked_until = NULL, attempts = greatest(attempts - 1, 0)
        WHERE id = ANY ($1::bigint[]) AND state = 'pending'`,
      [deliveryIds],
    );
  }

  private async disable(
    manager: { query: DataSource['query'] },
    subscriptionId: string,
    reason: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE webhook_subscriptions SET enabled = false, disabled_at = now(), disabled_reason = $2,
         updated_at = now() WHERE id = $1 AND enabled`,
      [subscriptionId, reason],
    );
  }
}
