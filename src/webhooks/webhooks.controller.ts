import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { MemberAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { IdParam } from '../common/validation/id.param.js';
import { WebhookDeliveryPageDto, WebhookDto, WebhookWithSecretDto } from './dto/webhook.dto.js';
import {
  CreateWebhookDto,
  DeliveryParam,
  ListDeliveriesQuery,
  ListWebhooksQuery,
  RotateSecretDto,
  UpdateWebhookDto,
} from './dto/webhook.input.js';
import { WebhooksService } from './webhooks.service.js';

@ApiTags('webhooks')
@ApiBadRequestResponse({
  type: ErrorResponseDto,
  description: 'Invalid input; details name each bad field',
})
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @MemberAccess()
  @ApiOperation({
    summary:
      'Webhook subscriptions (administrators: all or one organisation’s; members: their own)',
  })
  @ApiOkResponse({ type: [WebhookDto] })
  list(
    @Query() { organisationId }: ListWebhooksQuery,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<WebhookDto[]> {
    return this.webhooks.list(organisationId, viewer);
  }

  @Post()
  @MemberAccess()
  @ApiOperation({
    summary:
      'Subscribe a URL to events (Standard Webhooks, signed with the secret in this answer only)',
  })
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The organisation has too many' })
  create(
    @Body() body: CreateWebhookDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<WebhookWithSecretDto> {
    return this.webhooks.create(body, actor);
  }

  @Get(':id')
  @MemberAccess()
  @ApiOperation({ summary: 'One subscription' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param() { id }: IdParam, @CurrentPrincipal() viewer: Principal): Promise<WebhookDto> {
    return this.webhooks.get(id, viewer);
  }

  @Patch(':id')
  @MemberAccess()
  @ApiOperation({
    summary: 'Change a subscription’s URL or filters; pause it or enable it again',
  })
  @ApiOkResponse({ type: WebhookDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(
    @Param() { id }: IdParam,
    @Body() body: UpdateWebhookDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<WebhookDto> {
    return this.webhooks.update(id, body, actor);
  }

  @Delete(':id')
  @MemberAccess()
  @ApiOperation({ summary: 'Delete a subscription and its delivery log' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  delete(@Param() { id }: IdParam, @CurrentPrincipal() actor: Principal): Promise<WebhookDto> {
    return this.webhooks.delete(id, actor);
  }

  @Post(':id/secret')
  @MemberAccess()
  @ApiOperation({
    summary:
      'Rotate the signing secret: the new one is in this answer only; the old one still signs for a while',
  })
  @ApiCreatedResponse({ type: WebhookWithSecretDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  rotateSecret(
    @Param() { id }: IdParam,
    @Body() body: RotateSecretDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<WebhookWithSecretDto> {
    return this.webhooks.rotateSecret(id, body, actor);
  }

  @Get(':id/deliveries')
  @MemberAccess()
  @ApiOperation({
    summary: 'The delivery log: each event sent, its state, attempts, statuses and latency',
  })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  deliveries(
    @Param() { id }: IdParam,
    @Query() query: ListDeliveriesQuery,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<WebhookDeliveryPageDto> {
    return this.webhooks.deliveries(id, query, viewer);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @MemberAccess()
  @ApiOperation({ summary: 'Send a delivery again, in its place in its subject’s order' })
  @ApiCreatedResponse({ type: WebhookDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'It is being sent right now' })
  redeliver(
    @Param() { id, deliveryId }: DeliveryParam,
    @CurrentPrincipal() actor: Principal,
  ): Promise<WebhookDto> {
    return this.webhooks.redeliver(id, deliveryId, actor);
  }
}
