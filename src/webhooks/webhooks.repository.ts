import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { WebhookDeliveryDto, WebhookDto } from './dto/webhook.dto.js';

/** The stored filters and settings of a subscription (all lists; empty means any). */
export interface SubscriptionFields {
  url: string;
  description: string | null;
  eventTypes: string[];
  countries: string[];
  regionScheme: string;
  regions: string[];
  attackTypes: string[];
  monitors: string[];
  organisations: string[];
}

export type SubscriptionRow = WebhookDto & { memberId: string | null };

const SUBSCRIPTION_COLUMNS = `
  s.id, s.organisation_id AS "organisationId", s.member_id AS "memberId", s.url, s.description,
  s.event_types AS "eventTypes", s.countries, s.region_scheme AS "regionScheme", s.regions,
  s.attack_types AS "attackTypes", s.monitors, s.organisations::text[] AS organisations, s.role, s.enabled,
  s.disabled_at AS "disabledAt", s.disabled_reason AS "disabledReason",
  CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret_expires_at END AS "previousSecretExpiresAt",
  (SELECT count(*)::int FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.state = 'pending') AS "pendingDeliveries",
  (SELECT max(d.delivered_at) FROM webhook_deliveries d WHERE d.subscription_id = s.id) AS "lastDeliveredAt",
  s.created_by AS "createdBy", s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

/** Subscriptions and their delivery log. */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new subscription receives the events committed after it. */
  async insert(
    manager: EntityManager,
    row: SubscriptionFields & {
      organisationId: string;
      memberId: string | null;
      createdBy: string;
      role: string;
      secret: string;
    },
  ): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO webhook_subscriptions (organisation_id, member_id, created_by, role, url, description,
         event_types, countries, region_scheme, regions, attack_types, monitors, organisations, secret, cursor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::uuid[], $14,
         (SELECT coalesce(max(position), 0) FROM events))
       RETURNING id`,
      [
        row.organisationId,
        row.memberId,
        row.createdBy,
        row.role,
        row.url,
        row.description,
        row.eventTypes,
        row.countries,
        row.regionScheme,
        row.regions,
        row.attackTypes,
        row.monitors,
        row.organisations,
        row.secret,
      ],
    );
    return id as string;
  }

  async find(
    id: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<SubscriptionRow | undefined> {
    const [row] = await manager.query(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions s WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`,
      [id],
    );
    return row;
  }

  list(organisationId: string | null): Promise<SubscriptionRow[]> {
    return this.dataSource.query(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions s
        WHERE $1::uuid IS NULL OR s.organisation_id = $1 ORDER BY s.created_at, s.id LIMIT 500`,
      [organisationId],
    );
  }

  async countOf(organisationId: string, manager: EntityManager): Promise<number> {
    const [{ n }] = await manager.query(
      `SELECT count(*)::int AS n FROM webhook_subscriptions WHERE organisation_id = $1`,
      [organisationId],
    );
    return n as number;
  }

  async update(
    manager: EntityManager,
    id: string,
    fields: SubscriptionFields & { enabled: boolean; disabledReason: string | null },
  ): Promise<void> {
    await manager.query(
      `UPDATE webhook_subscriptions SET url = $2, description = $3, event_types = $4, countries = $5,
         region_scheme = $6, regions = $7, attack_types = $8, monitors = $9, organisations = $10::uuid[],
         disabled_at = CASE WHEN $11 THEN NULL WHEN enabled THEN now() ELSE disabled_at END,
         disabled_reason = CASE WHEN $11 THEN NULL ELSE coalesce($12, disabled_reason) END,
         enabled = $11, version = version + 1, updated_at = now()
       WHERE id = $1`,
      [
        id,
        fields.url,
        fields.description,
        fields.eventTypes,
        fields.countries,
        fields.regionScheme,
        fields.regions,
        fields.attackTypes,
        fields.monitors,
        fields.organisations,
        fields.enabled,
        fields.disabledReason,
      ],
    );
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`DELETE FROM webhook_subscriptions WHERE id = $1`, [id]);
  }

  async rotateSecret(
    manager: EntityManager,
    id: string,
    secret: string,
    keepPreviousHours: number,
  ): Promise<void> {
    await manager.query(
      `UPDATE webhook_subscriptions SET previous_secret = secret, secret = $2,
         previous_secret_expires_at = now() + make_interval(hours => $3), version = version + 1, updated_at = now()
       WHERE id = $1`,
      [id, secret, keepPreviousHours],
    );
  }

  /** One page of a subscription's deliveries, newest first, each with its latest attempts. */
  deliveries(
    subscriptionId: string,
    state: string | undefined,
    limit: number,
    before: string | undefined,
  ): Promise<WebhookDeliveryDto[]> {
    return this.dataSource.query(
      `SELECT d.id::text AS id, d.event_id::text AS "eventId", e.type AS "eventType",
         e.subject_type || ':' || e.subject_id AS subject, d.state, d.attempts AS "attemptCount",
         CASE WHEN d.state = 'pending' THEN d.next_attempt_at END AS "nextAttemptAt", d.delivered_at AS "deliveredAt",
         d.last_status AS "lastStatus", d.last_error AS "lastError", e.committed_at AS "committedAt", d.created_at AS "createdAt",
         coalesce((SELECT json_agg(a ORDER BY a."attemptedAt" DESC) FROM (
           SELECT wa.attempted_at AS "attemptedAt", wa.status, wa.error, wa.latency_ms AS "latencyMs"
           FROM webhook_attempts wa WHERE wa.delivery_id = d.id ORDER BY wa.id DESC LIMIT 20) a), '[]') AS attempts
       FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
       WHERE d.subscription_id = $1 AND ($2::text IS NULL OR d.state = $2) AND ($3::bigint IS NULL OR d.id < $3)
       ORDER BY d.id DESC LIMIT $4`,
      [subscriptionId, state ?? null, before ?? null, limit + 1],
    );
  }

  /** Queues a delivery again from now, with a fresh retry window; false if there is none. */
  async redeliver(
    manager: EntityManager,
    subscriptionId: string,
    deliveryId: string,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = now(), first_failed_at = NULL,
         delivered_at = NULL
       WHERE id = $1 AND subscription_id = $2 AND (state <> 'pending' OR locked_until IS NULL OR locked_until < now())
       RETURNING id`,
      [deliveryId, subscriptionId],
    );
    return rows.length > 0;
  }

  async deliveryExists(subscriptionId: string, deliveryId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM webhook_deliveries WHERE id = $1 AND subscription_id = $2`,
      [deliveryId, subscriptionId],
    );
    return rows.length > 0;
  }

  /** Codes in filters that do not exist, by list, so that a typo is a 400. */
  async unknownCodes(fields: SubscriptionFields): Promise<{
    countries: string[];
    regions: string[];
    attackTypes: string[];
    organisations: string[];
    unknownScheme: boolean;
  }> {
    const [row] = await this.dataSource.query(
      `SELECT
         ARRAY(SELECT c FROM unnest($1::text[]) c WHERE NOT EXISTS (SELECT 1 FROM countries WHERE code = c)) AS countries,
         ARRAY(SELECT r FROM unnest($2::text[]) r WHERE NOT EXISTS (SELECT 1 FROM regions WHERE scheme = $3 AND code = r)) AS regions,
         ARRAY(SELECT a FROM unnest($4::text[]) a WHERE NOT EXISTS (SELECT 1 FROM attack_types WHERE code = a)) AS "attackTypes",
         ARRAY(SELECT o::text FROM unnest($5::uuid[]) o WHERE NOT EXISTS (SELECT 1 FROM organisations WHERE id = o)) AS organisations,
         NOT EXISTS (SELECT 1 FROM regions WHERE scheme = $3) AS "unknownScheme"`,
      [
        fields.countries,
        fields.regions,
        fields.regionScheme,
        fields.attackTypes,
        fields.organisations,
      ],
    );
    return row;
  }

  async organisationExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM organisations WHERE id = $1`,
      [id],
    );
    return rows.length > 0;
  }
}
