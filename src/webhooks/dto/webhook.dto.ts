import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '../../common/auth/principal.js';
import { PageInfoDto } from '../../common/pagination/cursor.js';
import { RoleEnum } from '../../members/member.enums.js';
import { EVENT_TYPES, EventTypeEnum } from '../../events/event.types.js';
import { DELIVERY_STATES, DeliveryStateEnum } from '../webhook.enums.js';

@ObjectType('Webhook', { description: 'A webhook subscription of an organisation' })
export class WebhookDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  organisationId: string;

  @Field()
  @ApiProperty({ example: 'https://example.org/hooks/tracker' })
  url: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @Field(() => [EventTypeEnum], { description: 'Empty: every event' })
  @ApiProperty({ enum: EVENT_TYPES, isArray: true, description: 'Empty: every event' })
  eventTypes: string[];

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  countries: string[];

  @Field()
  @ApiProperty({ example: 'unesco' })
  regionScheme: string;

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  regions: string[];

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  attackTypes: string[];

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  monitors: string[];

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  organisations: string[];

  @Field(() => RoleEnum, { description: 'Whose view the payloads take' })
  @ApiProperty({ enum: ROLES, description: 'Whose view the payloads take' })
  role: string;

  @Field()
  @ApiProperty()
  enabled: boolean;

  @Field(() => Date, { nullable: true })
  @ApiProperty({ type: Date, nullable: true })
  disabledAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why deliveries stopped (paused, or given up after repeated failure)',
  })
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why deliveries stopped (paused, or given up after repeated failure)',
  })
  disabledReason: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Until when the previous secret also signs deliveries',
  })
  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'Until when the previous secret also signs deliveries',
  })
  previousSecretExpiresAt: Date | null;

  @Field(() => Int, { description: 'Deliveries waiting or being retried' })
  @ApiProperty({ description: 'Deliveries waiting or being retried' })
  pendingDeliveries: number;

  @Field(() => Date, { nullable: true })
  @ApiProperty({ type: Date, nullable: true })
  lastDeliveredAt: Date | null;

  @Field()
  @ApiProperty()
  createdBy: string;

  @Field()
  @ApiProperty()
  createdAt: Date;

  @Field()
  @ApiProperty()
  updatedAt: Date;
}

@ObjectType('WebhookWithSecret', {
  description: 'A subscription with its signing secret, shown only when made or rotated',
})
export class WebhookWithSecretDto extends WebhookDto {
  @Field({
    description: 'The signing secret (whsec_…), for the receiver’s Standard Webhooks library',
  })
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The signing secret, for the receiver’s Standard Webhooks library',
  })
  secret: string;
}

@ObjectType('WebhookAttempt', { description: 'One try at delivering' })
export class WebhookAttemptDto {
  @Field()
  @ApiProperty()
  attemptedAt: Date;

  @Field(() => Int, { nullable: true, description: 'The receiver’s HTTP status, if any came' })
  @ApiProperty({ type: Number, nullable: true })
  status: number | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @Field(() => Int)
  @ApiProperty({ description: 'Milliseconds until the answer (or the failure)' })
  latencyMs: number;
}

@ObjectType('WebhookDelivery', { description: 'One event for one subscription, and its attempts' })
export class WebhookDeliveryDto {
  @Field(() => ID)
  @ApiProperty({ example: '42' })
  id: string;

  @Field(() => ID, { description: 'Also the webhook-id header (msg_<eventId>)' })
  @ApiProperty({ example: '1207' })
  eventId: string;

  @Field(() => EventTypeEnum)
  @ApiProperty({ enum: EVENT_TYPES })
  eventType: string;

  @Field()
  @ApiProperty({ example: 'case:7d9f0c55-2a8e-4a57-9d8b-3f6b8f3b2c11' })
  subject: string;

  @Field(() => DeliveryStateEnum)
  @ApiProperty({ enum: DELIVERY_STATES })
  state: string;

  @Field(() => Int)
  @ApiProperty()
  attemptCount: number;

  @Field(() => Date, { nullable: true })
  @ApiProperty({ type: Date, nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  @ApiProperty({ type: Date, nullable: true })
  deliveredAt: Date | null;

  @Field(() => Int, { nullable: true })
  @ApiProperty({ type: Number, nullable: true })
  lastStatus: number | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;

  @Field()
  @ApiProperty({ description: 'When the event was committed' })
  committedAt: Date;

  @Field()
  @ApiProperty()
  createdAt: Date;

  @Field(() => [WebhookAttemptDto], { description: 'The latest attempts, newest first' })
  @ApiProperty({ type: [WebhookAttemptDto], description: 'The latest attempts, newest first' })
  attempts: WebhookAttemptDto[];
}

@ObjectType('WebhookDeliveryPage')
export class WebhookDeliveryPageDto {
  @Field(() => [WebhookDeliveryDto])
  @ApiProperty({ type: [WebhookDeliveryDto] })
  data: WebhookDeliveryDto[];

  @Field(() => PageInfoDto)
  @ApiProperty({ type: PageInfoDto })
  pageInfo: PageInfoDto;
}
