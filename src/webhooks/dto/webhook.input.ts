import { ArgsType, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsArray, IsUUID, Matches, ValidateIf } from 'class-validator';
import { Field } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../../common/auth/principal.js';
import type { Role } from '../../common/auth/principal.js';
import { PageCursorField, PageLimitField } from '../../common/pagination/page-fields.js';
import {
  BoolField,
  CodeListField,
  CountryCodeField,
  EnumField,
  IntField,
  TextField,
  UuidField,
} from '../../common/validation/fields.js';
import { MONITORS, MonitorEnum } from '../../cases/case.enums.js';
import { RoleEnum } from '../../members/member.enums.js';
import { EVENT_TYPES, EventTypeEnum } from '../../events/event.types.js';
import type { EventType } from '../../events/event.types.js';
import { DELIVERY_STATES, DeliveryStateEnum } from '../webhook.enums.js';
import type { DeliveryState } from '../webhook.enums.js';

/** Organisation ids a subscription is limited to (reviewers following some organisations). */
const OrganisationIdsField = () =>
  applyAll(
    Field(() => [String], {
      description: 'Only events about proposals of these organisations (empty: any)',
      nullable: 'itemsAndList',
    }),
    ApiProperty({
      description: 'Only events about proposals of these organisations (empty: any)',
      required: false,
      type: [String],
      maxItems: 50,
    }),
    ValidateIf((_, v) => v !== undefined && v !== null),
    IsArray(),
    ArrayMaxSize(50),
    ArrayUnique(),
    IsUUID('all', { each: true, message: 'organisations must hold organisation ids (UUIDs)' }),
  );

function applyAll(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

/** What a subscription receives: which events, and about what. Empty lists mean "any". */
@InputType('WebhookFiltersInput')
export class WebhookFilters {
  @EnumField(EVENT_TYPES, EventTypeEnum, {
    description: 'The events to receive (empty: all)',
    optional: true,
    each: true,
    example: ['case.created', 'status.recorded'],
  })
  eventTypes?: EventType[] | null;

  @CountryCodeField({
    description: 'Only events about these countries (ISO alpha-2)',
    optional: true,
    each: true,
    maxItems: 250,
  })
  countries?: string[] | null;

  @CodeListField({
    description: 'Only events about countries of these regions (see /api/v1/regions)',
    optional: true,
    maxItems: 20,
    example: ['asia_pacific'],
  })
  regions?: string[] | null;

  @TextField({
    description: 'The scheme of `regions` (default unesco)',
    optional: true,
    max: 40,
    example: 'unesco',
  })
  regionScheme?: string | null;

  @CodeListField({
    description: 'Only events about these attack types; a parent type matches its children',
    optional: true,
    maxItems: 40,
    example: ['killing'],
  })
  attackTypes?: string[] | null;

  @EnumField(MONITORS, MonitorEnum, {
    description: 'Only events about cases these monitors classify',
    optional: true,
    each: true,
  })
  monitors?: string[] | null;

  @OrganisationIdsField()
  organisations?: string[] | null;
}

@InputType('WebhookInput')
export class CreateWebhookDto extends WebhookFilters {
  @TextField({
    description:
      'Where deliveries are POSTed: an http(s) URL that is not loopback or private (unless the server allows it)',
    max: 2000,
    example: 'https://example.org/hooks/tracker',
  })
  url: string;

  @TextField({ description: 'What it is for', optional: true, max: 500 })
  description?: string | null;

  @UuidField({
    description:
      'The organisation it belongs to (default: the caller’s; administrators may name any)',
    optional: true,
  })
  organisationId?: string | null;

  @EnumField(ROLES, RoleEnum, {
    description:
      'Whose view the payloads take (default and at most: the caller’s role); contributors get no confidential field',
    optional: true,
  })
  role?: Role | null;
}

@InputType('WebhookUpdateInput')
export class UpdateWebhookDto extends WebhookFilters {
  @TextField({ description: 'Where deliveries are POSTed', optional: true, max: 2000 })
  url?: string | null;

  @TextField({ description: 'What it is for', optional: true, max: 500 })
  description?: string | null;

  @BoolField({
    description: 'false pauses deliveries; true resumes them (also after an automatic disable)',
    optional: true,
  })
  enabled?: boolean | null;
}

@InputType('WebhookSecretRotationInput')
export class RotateSecretDto {
  @IntField({
    description:
      'Hours the old secret still signs deliveries beside the new one (default 24, 0 ends it now)',
    optional: true,
    min: 0,
    max: 168,
  })
  keepPreviousHours?: number | null;
}

@ArgsType()
export class ListDeliveriesQuery {
  @EnumField(DELIVERY_STATES, DeliveryStateEnum, {
    description: 'Only deliveries in this state',
    optional: true,
  })
  state?: DeliveryState;

  @PageLimitField()
  limit?: number;

  @PageCursorField()
  cursor?: string;
}

@ArgsType()
export class ListWebhooksQuery {
  @UuidField({
    description: 'Only this organisation’s (administrators; others see their own organisation’s)',
    optional: true,
  })
  organisationId?: string;
}

/** A delivery in a subscription's log (REST path parameters). */
export class DeliveryParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id: string;

  @ApiProperty({ example: '42' })
  @Matches(/^\d{1,18}$/, { message: 'deliveryId must be a delivery id from the log' })
  deliveryId: string;
}

@ArgsType()
export class WebhookDeliveriesArgs extends ListDeliveriesQuery {
  @UuidField({ description: 'The subscription' })
  webhookId: string;
}
