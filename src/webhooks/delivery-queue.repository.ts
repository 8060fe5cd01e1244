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

/** One delivery of a batch and how its attempt ended; a null outcome: cut off by shutdown. */
export interface Settled {
  delivery: ClaimedDelivery;
  outcome: Outcome | null;
  attemptedAt: Date;
}

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
   * Leases up to `limit` deliveries that may go now, in one statement: for each subscription and
   * subject only the oldest waiting one (so a subject's events arrive in order), when its retry
   * time has come and no live lease holds it. Deliveries are read in event order and the scan stops
   * at `limit`, so the cost follows the batch, not the backlog.
   */
  claim(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.dataSource.query(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.enabled
         WHERE d.state = 'pending' AND d.next_attempt_at <= now()
           AND (d.locked_until IS NULL OR d.locked_until < now())
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                            WHERE p.subscription_id = d.subscription_id AND p.subject_key = d.subject_key
                              AND p.state = 'pending' AND p.event_position < d.event_position)
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

  /**
   * Records how each delivery of a batch ended, in one statement: the attempts logged, each
   * delivery moved on (delivered, retried later, given up, skipped, or its lease given back when
   * the attempt was cut off), and the subscriptions an outcome disables disabled, with the reason.
   * A delivery deleted meanwhile (its subscription was) is passed over.
   */
  async settle(results: Settled[]): Promise<void> {
    if (results.length === 0) return;
    const column = <T>(pick: (r: Settled) => T) => results.map(pick);
    const kind = (r: Settled) =>
      r.outcome === null
        ? 'release'
        : r.outcome.kind === 'skip' && r.outcome.disable
          ? 'skip_disable'
          : r.outcome.kind;
    await this.dataSource.query(
      `WITH r AS (
         SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::int[],
                              $7::float8[], $8::timestamptz[], $9::text[])
           AS r(id, subscription_id, kind, status, error, latency_ms, delay_ms, attempted_at, reason)
       ), logged AS (
         INSERT INTO webhook_attempts (delivery_id, attempted_at, status, error, latency_ms)
         SELECT r.id, r.attempted_at, r.status, r.error, r.latency_ms
         FROM r JOIN webhook_deliveries d ON d.id = r.id
         WHERE r.kind IN ('delivered', 'retry', 'give_up')
       ), moved AS (
         UPDATE webhook_deliveries d SET
           state = CASE r.kind WHEN 'delivered' THEN 'delivered' WHEN 'give_up' THEN 'failed'
                               WHEN 'skip' THEN 'skipped' ELSE d.state END,
           delivered_at = CASE WHEN r.kind = 'delivered' THEN now() ELSE d.delivered_at END,
           locked_until = NULL,
           attempts = CASE WHEN r.kind IN ('release', 'skip_disable') THEN greatest(d.attempts - 1, 0) ELSE d.attempts END,
           first_failed_at = CASE WHEN r.kind = 'delivered' THEN NULL
                                  WHEN r.kind IN ('retry', 'give_up') THEN coalesce(d.first_failed_at, r.attempted_at)
                                  ELSE d.first_failed_at END,
           next_attempt_at = CASE WHEN r.kind = 'retry' THEN now() + make_interval(secs => r.delay_ms / 1000)
                                  ELSE d.next_attempt_at END,
           last_status = CASE WHEN r.kind IN ('delivered', 'retry', 'give_up') THEN r.status ELSE d.last_status END,
           last_error = CASE WHEN r.kind = 'delivered' THEN NULL
                             WHEN r.kind IN ('retry', 'give_up') THEN r.error
                             WHEN r.kind = 'skip' THEN r.reason ELSE d.last_error END
         FROM r WHERE d.id = r.id AND (r.kind <> 'release' OR d.state = 'pending')
       )
       UPDATE webhook_subscriptions s SET enabled = false, disabled_at = now(), disabled_reason = x.reason,
         updated_at = now()
       FROM (SELECT DISTINCT ON (subscription_id) subscription_id, reason FROM r
              WHERE kind IN ('give_up', 'skip_disable') ORDER BY subscription_id, id) x
       WHERE s.id = x.subscription_id AND s.enabled`,
      [
        column((r) => r.delivery.deliveryId),
        column((r) => r.delivery.subscriptionId),
        column(kind),
        column((r) => (r.outcome && 'status' in r.outcome ? r.outcome.status : null)),
        column((r) =>
          r.outcome && r.outcome.kind !== 'delivered' && 'error' in r.outcome
            ? r.outcome.error
            : null,
        ),
        column((r) => (r.outcome && 'latencyMs' in r.outcome ? r.outcome.latencyMs : null)),
        column((r) => (r.outcome?.kind === 'retry' ? r.outcome.delayMs : null)),
        column((r) => r.attemptedAt),
        column((r) =>
          r.outcome?.kind === 'give_up'
            ? r.outcome.reason
            : r.outcome?.kind === 'skip'
              ? (r.outcome.disable ?? r.outcome.reason)
              : null,
        ),
      ],
    );
  }

  /**
   * Deletes up to `limit` deliveries that are done with (delivered, or skipped as not for the
   * subscriber) since before `before`, with their attempts; pending and failed ones are never
   * deleted. Rows another process is pruning are passed over. Returns how many went.
   */
  async pruneDeliveries(before: Date, limit: number): Promise<number> {
    const [row] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM webhook_deliveries WHERE id IN (
           SELECT id FROM webhook_deliveries
            WHERE state IN ('delivered', 'skipped') AND coalesce(delivered_at, created_at) < $1
            ORDER BY coalesce(delivered_at, created_at) LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [before, limit],
    );
    return row.n as number;
  }

  /**
   * Deletes up to `limit` events committed before `before` that no subscription still needs: every
   * subscription's fan-out has passed them (disabled ones too, which catch up when enabled again)
   * and no delivery of them is left (a pending or failed one keeps its event). Returns how many.
   */
  async pruneEvents(before: Date, limit: number): Promise<number> {
    const [row] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM events WHERE id IN (
           SELECT e.id FROM events e
            WHERE e.committed_at < $1
              AND e.position <= (SELECT coalesce(min(cursor), 9223372036854775807) FROM webhook_subscriptions)
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)
            ORDER BY e.committed_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [before, limit],
    );
    return row.n as number;
  }
}
