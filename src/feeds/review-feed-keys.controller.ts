import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { IdParam } from '../common/validation/id.param.js';
import {
  CreatedReviewFeedKeyDto,
  CreateReviewFeedKeyDto,
  ReviewFeedKeyDto,
} from './dto/review-feed-key.dto.js';
import { ReviewFeedKeysService } from './review-feed-keys.service.js';

@ApiTags('feeds')
@ApiBadRequestResponse({
  type: ErrorResponseDto,
  description: 'Invalid input; details name each bad field',
})
@Controller('review-feed-keys')
export class ReviewFeedKeysController {
  constructor(private readonly keys: ReviewFeedKeysService) {}

  @Get()
  @ReviewerAccess()
  @ApiOperation({ summary: 'Your review feed keys (administrators: everyone’s), without secrets' })
  @ApiOkResponse({ type: [ReviewFeedKeyDto] })
  list(@CurrentPrincipal() viewer: Principal): Promise<ReviewFeedKeyDto[]> {
    return this.keys.list(viewer);
  }

  @Post()
  @ReviewerAccess()
  @ApiOperation({
    summary:
      'Make a key for the review queue’s private feed; the key and feed URL are in this answer only',
  })
  @ApiCreatedResponse({ type: CreatedReviewFeedKeyDto })
  create(
    @Body() body: CreateReviewFeedKeyDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CreatedReviewFeedKeyDto> {
    return this.keys.create(body.label, actor);
  }

  @Delete(':id')
  @ReviewerAccess()
  @ApiOperation({ summary: 'Revoke a review feed key' })
  @ApiOkResponse({ type: ReviewFeedKeyDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  revoke(
    @Param() { id }: IdParam,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ReviewFeedKeyDto> {
    return this.keys.revoke(id, actor);
  }
}
