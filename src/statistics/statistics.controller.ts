import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Headers,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNotModifiedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminAccess, PublicAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { ResponseRatesDto } from '../dg-requests/dto/dg.dto.js';
import { reply, wantsFresh } from './conditional-reply.js';
import { FigureResponseCache } from './figure-response-cache.js';
import { CompactFigureDto, FigureDto, PublishedFigureDto } from './dto/figure.dto.js';
import { PublishedFigureInput } from './dto/published-figure.input.js';
import {
  ResponseRateQuery,
  ShapedFigureQuery,
  ShapedIndexQuery,
  ShapedRatioQuery,
  ShapeOption,
} from './dto/statistics.query.js';
import { PublishedFiguresService } from './published-figures.service.js';
import { AnyFigureQuery, StatisticsService } from './statistics.service.js';
import type { FigureName } from './definitions.js';

class PublishedQuery {
  @ApiPropertyOptional({ example: 'unresolved_ratio' })
  @IsOptional()
  @Matches(/^[a-z_]{1,60}$/, { message: 'figure must be a figure name such as unresolved_ratio' })
  figure?: string;
}

/** Documents a figure endpoint's answer: the figure in either shape, and conditional GETs. */
const Conditional = () =>
  applyDecorators(
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'ETag of a copy you hold; 304 when it is current',
    }),
    ApiHeader({
      name: 'Cache-Control',
      required: false,
      description: 'no-cache computes the figure afresh',
    }),
    ApiNotModifiedResponse({ description: 'Your copy (If-None-Match) is current' }),
    ApiExtraModels(FigureDto, CompactFigureDto),
    ApiOkResponse({
      description: 'The figure: with `groups` (shape=full, the default) or `table` (shape=compact)',
      schema: {
        oneOf: [{ $ref: getSchemaPath(FigureDto) }, { $ref: getSchemaPath(CompactFigureDto) }],
      },
    }),
  );

@ApiTags('statistics')
@ApiBadRequestResponse({
  type: ErrorResponseDto,
  description: 'Invalid filter or parameter; details name it',
})
@Controller('statistics')
export class StatisticsController {
  constructor(
    private readonly statistics: StatisticsService,
    private readonly publishedFigures: PublishedFiguresService,
    private readonly responses: FigureResponseCache,
  ) {}

  private async serve(
    name: FigureName,
    query: AnyFigureQuery & ShapeOption,
    viewer: Principal,
    request: FastifyRequest,
    response: FastifyReply,
    ifNoneMatch?: string,
  ) {
    const result = await this.statistics.conditional(
      name,
      query,
      viewer,
      ifNoneMatch,
      wantsFresh(request),
    );
    const body = reply(response, result, viewer);
    if (!body) return undefined;
    // Serialised here once, for the response and for the response cache.
    const json = Buffer.from(JSON.stringify(body), 'utf8');
    if (viewer.kind === 'anonymous') {
      this.responses.remember(request, body.revision, result.etag, json);
    }
    response.type('application/json; charset=utf-8');
    return json;
  }

  @Get('killings')
  @PublicAccess()
  @Conditional()
  @ApiOperation({
    summary:
      'Killings counted per person, grouped by up to three dimensions; filters as on the case list',
  })
  killings(
    @Query() query: ShapedFigureQuery,
    @CurrentPrincipal() viewer: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
    @Headers('if-none-match') tag?: string,
  ) {
    return this.serve('killings', query, viewer, request, response, tag);
  }

  @Get('unresolved-ratio')
  @PublicAccess()
  @Conditional()
  @ApiOperation({
    summary:
      'Share of killings in UNESCO’s scope not resolved on asOf (no_information counts as unresolved), beside UNESCO’s published values',
  })
  unresolvedRatio(
    @Query() query: ShapedRatioQuery,
    @CurrentPrincipal() viewer: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
    @Headers('if-none-match') tag?: string,
  ) {
    return this.serve('unresolved_ratio', query, viewer, request, response, tag);
  }

  @Get('impunity-share')
  @PublicAccess()
  @Conditional()
  @ApiOperation({ summary: 'CPJ: murders with complete impunity over murders with a CPJ status' })
  impunityShare(
    @Query() query: ShapedFigureQuery,
    @CurrentPrincipal() viewer: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
    @Headers('if-none-match') tag?: string,
  ) {
    return this.serve('impunity_share', query, viewer, request, response, tag);
  }

  @Get('monitor-disagreements')
  @PublicAccess()
  @Conditional()
  @ApiOperation({
    summary:
      'Cases on which monitors disagree (inclusion, motive, type of death) over cases at least two monitors classify, by country and year unless groupBy says otherwise',
  })
  monitorDisagreements(
    @Query() query: ShapedFigureQuery,
    @CurrentPrincipal() viewer: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
    @Headers('if-none-match') tag?: string,
  ) {
    return this.serve('monitor_disagreements', query, viewer, request, response, tag);
  }

  @Get('impunity-index')
  @PublicAccess()
  @Conditional()
  @ApiOperation({
    summary:
      'CPJ impunity index: unsolved murders in the window per million inhabitants, countries with at least `minimum` ranked',
  })
  impunityIndex(
    @Query() query: ShapedIndexQuery,
    @CurrentPrincipal() viewer: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) response: FastifyReply,
    @Headers('if-none-match') tag?: string,
  ) {
    return this.serve('impunity_index', query, viewer, request, response, tag);
  }

  @Get('response-rates')
  @PublicAccess()
  @ApiOperation({
    summary: 'States that answered UNESCO’s request over states asked, per cycle and UNESCO region',
  })
  @ApiOkResponse({ type: [ResponseRatesDto] })
  responseRates(@Query() { year }: ResponseRateQuery): Promise<ResponseRatesDto[]> {
    return this.statistics.responseRates(year);
  }

  @Get('published-figures')
  @PublicAccess()
  @ApiOperation({ summary: 'Figures published by UNESCO, CPJ and others, as dated facts' })
  @ApiOkResponse({ type: [PublishedFigureDto] })
  published(@Query() { figure }: PublishedQuery): Promise<PublishedFigureDto[]> {
    return this.publishedFigures.list(figure);
  }

  @Post('published-figures')
  @AdminAccess()
  @ApiOperation({ summary: 'Record a published figure' })
  @ApiCreatedResponse({ type: PublishedFigureDto })
  addPublished(@Body() body: PublishedFigureInput): Promise<PublishedFigureDto> {
    return this.publishedFigures.add(body);
  }
}
