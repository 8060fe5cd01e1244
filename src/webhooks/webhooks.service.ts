import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ROLES, type Principal, type Role } from '../common/auth/principal.js';
import { Forbidden, InvalidInput } from '../common/errors/domain-error.js';
import { Problems } from '../common/errors/problems.js';
import { decodeCursor, page, pageLimit } from '../common/pagination/cursor.js';
import { AppConfig } from '../config/app-config.js';
import { WebhookDeliveryPageDto, WebhookDto, WebhookWithSecretDto } from './dto/webhook.dto.js';
import {
  CreateWebhookDto,
  ListDeliveriesQuery,
  RotateSecretDto,
  UpdateWebhookDto,
  WebhookFilters,
} from './dto/webhook.input.js';
import { UrlPolicy } from './url-policy.js';
import {
  DeliveryInFlight,
  DeliveryNotFound,
  TooManyWebhooks,
  WebhookNotFound,
} from './webhooks.errors.js';
import { SubscriptionFields, SubscriptionRow, WebhooksRepository } from './webhooks.repository.js';

/** Subscriptions one organisation may hold. */
export const MAX_WEBHOOKS_PER_ORGANISATION = 50;

/** Roles from least to most: a payload never shows more than the lesser of two roles allows. */
export const leastRole = (a: string, b: string | null): Role =>
  ROLES[Math.max(ROLES.indexOf(a as Role), b === null ? 0 : ROLES.indexOf(b as Role))];

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * Webhook subscriptions of organisations: administrators manage any, members their own
 * organisation's. Payloads take the view of the role the subscription was made with (never more
 * than its maker's), so a contributor's endpoint never receives a confidential field.
 */
@Injectable()
export class WebhooksService {
  private readonly policy: UrlPolicy;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly webhooks: WebhooksRepository,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.policy = new UrlPolicy(config.webhooks.allowPrivateUrls);
  }

  async list(organisationId: string | undefined, viewer: Principal): Promise<WebhookDto[]> {
    if (viewer.kind === 'admin')
      return (await this.webhooks.list(organisationId ?? null)).map(shown);
    if (!viewer.organisationId || (organisationId && organisationId !== viewer.organisationId))
      return [];
    return (await this.webhooks.list(viewer.organisationId)).map(shown);
  }

  async get(id: string, viewer: Principal): Promise<WebhookDto> {
    return shown(await this.visible(id, viewer));
  }

  async create(input: CreateWebhookDto, actor: Principal): Promise<WebhookWithSecretDto> {
    const problems = new Problems();
    const organisationId = input.organisationId ?? actor.organisationId;
    if (!organisationId)
      problems.add('organisationId', 'name the organisation the subscription belongs to');
    else if (actor.kind !== 'admin' && organisationId !== actor.organisationId)
      throw new Forbidden('Members manage only their own organisation’s webhooks');
    else if (!(await this.webhooks.organisationExists(organisationId)))
      problems.add('organisationId', `${organisationId} is not a known organisation`);
    const role = (input.role ?? actor.kind) as Role;
    if (ROLES.indexOf(role) < ROLES.indexOf(actor.kind as Role))
      problems.add('role', `must not exceed your own role (${actor.kind})`);
    this.checkUrl(input.url, problems);
    const fields = this.fields(input, undefined);
    await this.checkFilters(fields, problems);
    problems.throwIfAny();
    const secret = newSecret();
    const id = await this.dataSource.transaction(async (manager) => {
      // Serialises creations per organisation so that the limit holds.
      await manager.query(`SELECT 1 FROM organisations WHERE id = $1 FOR UPDATE`, [organisationId]);
      if ((await this.webhooks.countOf(organisationId!, manager)) >= MAX_WEBHOOKS_PER_ORGANISATION)
        throw new TooManyWebhooks(MAX_WEBHOOKS_PER_ORGANISATION);
      const id = await this.webhooks.insert(manager, {
        ...fields,
        organisationId: organisationId!,
        memberId: actor.memberId ?? null,
        createdBy: actor.label,
        role,
        secret,
      });
      const after = shown((await this.webhooks.find(id, manager))!);
      await this.audit.record(manager, actor, {
        entityType: 'webhook',
        entityId: id,
        action: 'create',
        after,
      });
      return id;
    });
    return { ...shown((await this.webhooks.find(id))!), secret };
  }

  async update(id: string, input: UpdateWebhookDto, actor: Principal): Promise<WebhookDto> {
    const current = await this.visible(id, actor);
    const problems = new Problems();
    new Problems().notNull(input, ['url']).throwIfAny();
    if (input.url !== undefined && input.url !== null) this.checkUrl(input.url, problems);
    const fields = this.fields(input, current);
    await this.checkFilters(fields, problems);
    problems.throwIfAny();
    return this.dataSource.transaction(async (manager) => {
      const before = await this.webhooks.find(id, manager, true);
      if (!before) throw new WebhookNotFound(id);
      const enabled = input.enabled ?? before.enabled;
      await this.webhooks.update(manager, id, {
        ...fields,
        enabled,
        disabledReason: enabled
          ? null
          : input.enabled === false
            ? `paused by ${actor.label}`
            : null,
      });
      const after = shown((await this.webhooks.find(id, manager))!);
      await this.audit.record(manager, actor, {
        entityType: 'webhook',
        entityId: id,
        action: 'update',
        before: shown(before),
        after,
      });
      return after;
    });
  }

  async delete(id: string, actor: Principal): Promise<WebhookDto> {
    const current = await this.visible(id, actor);
    await this.dataSource.transaction(async (manager) => {
      await this.webhooks.delete(manager, id);
      await this.audit.record(manager, actor, {
        entityType: 'webhook',
        entityId: id,
        action: 'delete',
        before: shown(current),
      });
    });
    return shown(current);
  }

  /**
   * A new secret, shown this once; the previous one keeps signing beside it (two signatures in
   * webhook-signature) for the hours asked, so that receivers can switch without losing events.
   */
  async rotateSecret(
    id: string,
    input: RotateSecretDto | null,
    actor: Principal,
  ): Promise<WebhookWithSecretDto> {
    await this.visible(id, actor);
    const secret = newSecret();
    const hours = input?.keepPreviousHours ?? 24;
    await this.dataSource.transaction(async (manager) => {
      await this.webhooks.rotateSecret(manager, id, secret, hours);
      await this.audit.record(manager, actor, {
        entityType: 'webhook',
        entityId: id,
        action: 'update',
        note: `signing secret rotated; the previous one is honoured for ${hours} h`,
      });
    });
    return { ...shown((await this.webhooks.find(id))!), secret };
  }

  async deliveries(
    id: string,
    query: ListDeliveriesQuery,
    viewer: Principal,
  ): Promise<WebhookDeliveryPageDto> {
    await this.visible(id, viewer);
    const limit = pageLimit(query.limit);
    const before = query.cursor ? String(decodeCursor(query.cursor, ['integer'])[0]) : undefined;
    const rows = await this.webhooks.deliveries(id, query.state, limit, before);
    const result = page(rows, limit, (r) => [r.id], null);
    return { data: result.data, pageInfo: result.pageInfo };
  }

  /** Sends a delivery again (delivered, failed or waiting), in its place in its subject's order. */
  async redeliver(id: string, deliveryId: string, actor: Principal): Promise<WebhookDto> {
    await this.visible(id, actor);
    if (!/^\d{1,18}$/.test(deliveryId))
      throw InvalidInput.field('deliveryId', 'must be a delivery id from the log');
    if (!(await this.webhooks.deliveryExists(id, deliveryId)))
      throw new DeliveryNotFound(deliveryId);
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.webhooks.redeliver(manager, id, deliveryId)))
        throw new DeliveryInFlight(deliveryId);
      await this.audit.record(manager, actor, {
        entityType: 'webhook',
        entityId: id,
        action: 'update',
        note: `delivery ${deliveryId} queued again`,
      });
    });
    return shown((await this.webhooks.find(id))!);
  }

  private async visible(id: string, viewer: Principal): Promise<SubscriptionRow> {
    const row = await this.webhooks.find(id);
    if (!row || (viewer.kind !== 'admin' && row.organisationId !== viewer.organisationId))
      throw new WebhookNotFound(id);
    return row;
  }

  private checkUrl(url: string, problems: Problems): void {
    const problem = this.policy.problem(url);
    if (problem) problems.add('url', problem);
  }

  /** The filters after an update (a field left out keeps its value; null clears it). */
  private fields(
    input: WebhookFilters & { url?: string | null; description?: string | null },
    current: SubscriptionRow | undefined,
  ): SubscriptionFields {
    const pick = <K extends keyof SubscriptionFields>(key: K, empty: SubscriptionFields[K]) =>
      (input as Partial<SubscriptionFields>)[key] === undefined
        ? (current?.[key] ?? empty)
        : ((input as Partial<SubscriptionFields>)[key] ?? empty);
    return {
      url: pick('url', ''),
      description: pick('description', null),
      eventTypes: pick('eventTypes', []),
      countries: pick('countries', []),
      regionScheme: pick('regionScheme', 'unesco'),
      regions: pick('regions', []),
      attackTypes: pick('attackTypes', []),
      monitors: pick('monitors', []),
      organisations: pick('organisations', []),
    };
  }

  private async checkFilters(fields: SubscriptionFields, problems: Problems): Promise<void> {
    const unknown = await this.webhooks.unknownCodes(fields);
    if (unknown.unknownScheme)
      problems.add('regionScheme', `${fields.regionScheme} is not a region scheme`);
    for (const code of unknown.countries)
      problems.add(
        `countries[${fields.countries.indexOf(code)}]`,
        `${code} is not a known country code`,
      );
    if (!unknown.unknownScheme)
      for (const code of unknown.regions)
        problems.add(
          `regions[${fields.regions.indexOf(code)}]`,
          `${code} is not a region (see /api/v1/regions)`,
        );
    for (const code of unknown.attackTypes)
      problems.add(
        `attackTypes[${fields.attackTypes.indexOf(code)}]`,
        `${code} is not an attack type (see /api/v1/attack-types)`,
      );
    for (const id of unknown.organisations)
      problems.add(
        `organisations[${fields.organisations.indexOf(id)}]`,
        `${id} is not a known organisation`,
      );
  }
}

/** A subscription as answered (the maker's member id stays inside). */
function shown(row: SubscriptionRow): WebhookDto {
  const { memberId: _memberId, ...dto } = row;
  return dto;
}
