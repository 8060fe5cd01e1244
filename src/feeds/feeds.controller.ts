import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PublicAccess } from '../common/auth/access.decorator.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { CaseFeedQuery, ReviewFeedQuery } from './dto/feed.query.js';
import { FeedDocument, FeedsService } from './feeds.service.js';

const ATOM = 'application/atom+xml; charset=utf-8';

/** Writes a feed with its validators, or a 304 when the reader's copy is current. */
function send(
  response: FastifyReply,
  feed: FeedDocument,
  cacheControl: string,
): string | undefined {
  response.header('ETag', feed.etag);
  response.header('Cache-Control', cacheControl);
  if (feed.xml === null) {
    response.status(304);
    return undefined;
  }
  response.header('Content-Type', ATOM);
  return feed.xml;
}

@ApiTags('feeds')
@ApiProduces('application/atom+xml')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'A bad filter, named' })
@Controller('feeds')
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Get('cases.atom')
  @PublicAccess()
  @ApiOperation({
    summary:
      'Atom feed of newly recorded cases, with the case list’s filters (e.g. ?country=PH&attackType=killing)',
  })
  @ApiResponse({ status: 200, description: 'An Atom feed; ETag by dataset revision' })
  @ApiResponse({ status: 304, description: 'Unchanged since the ETag sent in If-None-Match' })
  async cases(
    @Query() query: CaseFeedQuery,
    @Res({ passthrough: true }) response: FastifyReply,
    @Headers('if-none-match') tag?: string,
  ): Promise<string | undefined> {
    return send(response, await this.feeds.newCases(query, tag), 'public, max-age=300');
  }

  @Get('status-changes.atom')
  @PublicAccess()
  @ApiOperation({
    summary: 'Atom feed of judicial status changes of the cases matching the case list’s filters',
  })
  @ApiResponse({ status: 200, description: 'An Atom feed; ETag by dataset revision' })
  @ApiResponse({ status: 304, description: 'Unchanged since the ETag sent in If-None-Match' })
  async statusChanges(
    @Query() query: CaseFeedQuery,
    @Res({ passthrough: true }) response: FastifyReply,
    @Headers('if-none-match') tag?: string,
  ): Promise<string | undefined> {
    return send(response, await this.feeds.statusChanges(query, tag), 'public, max-age=300');
  }

  @Get('review-queue.atom')
  @PublicAccess()
  @ApiOperation({
    summary:
      'Private Atom feed of proposals waiting for review, by organisation and country; authorised by a review feed key',
  })
  @ApiResponse({ status: 200, description: 'An Atom feed' })
  @ApiResponse({ status: 304, description: 'Unchanged since the ETag sent in If-None-Match' })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'The key is unknown, revoked, or its member no longer a reviewer',
  })
  async reviewQueue(
    @Query() query: ReviewFeedQuery,
    @Res({ passthrough: true }) response: FastifyReply,
    @Headers('if-none-match') tag?: string,
  ): Promise<string | undefined> {
    return send(response, await this.feeds.reviewQueue(query, tag), 'private, no-cache');
  }
}
