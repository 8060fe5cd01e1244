import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { MemberAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IdParam, UuidArg } from '../common/validation/id.param.js';
import { WebhookDeliveryPageDto, WebhookDto, WebhookWithSecretDto } from './dto/webhook.dto.js';
import {
  CreateWebhookDto,
  ListWebhooksQuery,
  RotateSecretDto,
  UpdateWebhookDto,
  WebhookDeliveriesArgs,
} from './dto/webhook.input.js';
import { WebhooksService } from './webhooks.service.js';

@Resolver()
export class WebhooksResolver {
  constructor(private readonly service: WebhooksService) {}

  @MemberAccess()
  @Query(() => [WebhookDto], {
    description:
      'Webhook subscriptions (administrators: all or one organisation’s; members: their own)',
  })
  webhooks(
    @Args() { organisationId }: ListWebhooksQuery,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<WebhookDto[]> {
    return this.service.list(organisationId, viewer);
  }

  @MemberAccess()
  @Query(() => WebhookDto, { description: 'One subscription' })
  webhook(@Args() { id }: IdParam, @CurrentPrincipal() viewer: Principal): Promise<WebhookDto> {
    return this.service.get(id, viewer);
  }

  @MemberAccess()
  @Query(() => WebhookDeliveryPageDto, {
    description: 'A subscription’s delivery log, newest first',
  })
  webhookDeliveries(
    @Args() { webhookId, ...query }: WebhookDeliveriesArgs,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<WebhookDeliveryPageDto> {
    return this.service.deliveries(webhookId, query, viewer);
  }

  @MemberAccess()
  @Mutation(() => WebhookWithSecretDto, {
    description: 'Subscribe a URL to events; the signing secret is in this answer only',
  })
  createWebhook(
    @Args('input') input: CreateWebhookDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<WebhookWithSecretDto> {
    return this.service.create(input, actor);
  }

  @MemberAccess()
  @Mutation(() => WebhookDto, { description: 'Change, pause or enable a subscription' })
  updateWebhook(
    @UuidArg('id') id: string,
    @Args('input') input: UpdateWebhookDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<WebhookDto> {
    return this.service.update(id, input, actor);
  }

  @MemberAccess()
  @Mutation(() => WebhookDto, { description: 'Delete a subscription and its log' })
  deleteWebhook(
    @Args() { id }: IdParam,
    @CurrentPrincipal() actor: Principal,
  ): Promise<WebhookDto> {
    return this.service.delete(id, actor);
  }

  @MemberAccess()
  @Mutation(() => WebhookWithSecretDto, {
    description: 'Rotate the signing secret; the old one still signs for a while',
  })
  rotateWebhookSecret(
    @UuidArg('id') id: string,
    @Args('input', { type: () => RotateSecretDto, nullable: true }) input: RotateSecretDto | null,
    @CurrentPrincipal() actor: Principal,
  ): Promise<WebhookWithSecretDto> {
    return this.service.rotateSecret(id, input, actor);
  }

  @MemberAccess()
  @Mutation(() => WebhookDto, { description: 'Send a delivery again' })
  redeliverWebhook(
    @UuidArg('webhookId') webhookId: string,
    @Args('deliveryId', { type: () => ID }) deliveryId: string,
    @CurrentPrincipal() actor: Principal,
  ): Promise<WebhookDto> {
    return this.service.redeliver(webhookId, deliveryId, actor);
  }
}
