import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IdParam } from '../common/validation/id.param.js';
import {
  CreatedReviewFeedKeyDto,
  CreateReviewFeedKeyDto,
  ReviewFeedKeyDto,
} from './dto/review-feed-key.dto.js';
import { ReviewFeedKeysService } from './review-feed-keys.service.js';

@Resolver()
export class ReviewFeedKeysResolver {
  constructor(private readonly keys: ReviewFeedKeysService) {}

  @ReviewerAccess()
  @Query(() => [ReviewFeedKeyDto], { description: 'Your review feed keys, without secrets' })
  reviewFeedKeys(@CurrentPrincipal() viewer: Principal): Promise<ReviewFeedKeyDto[]> {
    return this.keys.list(viewer);
  }

  @ReviewerAccess()
  @Mutation(() => CreatedReviewFeedKeyDto, {
    description: 'Make a key for the review queue’s private feed; shown this once',
  })
  createReviewFeedKey(
    @Args('input', { type: () => CreateReviewFeedKeyDto, nullable: true })
    input: CreateReviewFeedKeyDto | null,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CreatedReviewFeedKeyDto> {
    return this.keys.create(input?.label, actor);
  }

  @ReviewerAccess()
  @Mutation(() => ReviewFeedKeyDto, { description: 'Revoke a review feed key' })
  revokeReviewFeedKey(
    @Args() { id }: IdParam,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ReviewFeedKeyDto> {
    return this.keys.revoke(id, actor);
  }
}
