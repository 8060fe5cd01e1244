import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service.js';
import { AuditEntryDto } from '../audit/dto/audit-entry.dto.js';
import { AdminAccess, PublicAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { IdParam } from '../common/validation/id.param.js';
import { VersionedResponse } from '../common/versioning/etag.interceptor.js';
import { IfMatch, RequiresIfMatch } from '../common/versioning/if-match.decorator.js';
import type { ExpectedVersion } from '../common/versioning/versions.js';
import { CaseDetailService } from './case-detail.service.js';
import { CasesService } from './cases.service.js';
import { CaseDetailDto } from './dto/case-detail.dto.js';
import {
  CaseMonitorParams,
  ClassificationBody,
  RetractCaseQuery,
} from './dto/case-action.input.js';
import { CaseDto } from './dto/case.dto.js';
import { CreateCaseDto, UpdateCaseBody } from './dto/case.input.js';
import { CasePageDto, CasePageJson } from './dto/case-page.dto.js';
import { ListCasesQuery } from './dto/list-cases.query.js';

@ApiTags('cases')
@ApiBadRequestResponse({
  type: ErrorResponseDto,
  description: 'Invalid input; details name each bad field',
})
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly details: CaseDetailService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @PublicAccess()
  @ApiOperation({
    summary: 'List cases: every filter combines; cursor pagination by incident date, then id',
  })
  @ApiOkResponse({ type: CasePageDto })
  async list(
    @Query() query: ListCasesQuery,
    @CurrentPrincipal() viewer: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CasePageJson> {
    const page = await this.cases.listJson(query, viewer);
    // Its items are sent as PostgreSQL wrote them, not parsed and written again.
    reply
      .type('application/json; charset=utf-8')
      .serializer((body: CasePageJson) => body.toString());
    return page;
  }

  @Get(':id')
  @PublicAccess()
  @ApiOperation({
    summary:
      'One case with what its page shows: person, incident (description, sources), classifications, current statuses, proceedings',
  })
  @ApiOkResponse({ type: CaseDetailDto, description: 'The case; its ETag is its version' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @VersionedResponse()
  get(@Param() { id }: IdParam, @CurrentPrincipal() viewer: Principal): Promise<CaseDetailDto> {
    return this.details.get(id, viewer);
  }

  @Get(':id/history')
  @PublicAccess()
  @ApiOperation({ summary: 'Every recorded change to this case, retraction included' })
  @ApiOkResponse({ type: [AuditEntryDto] })
  history(
    @Param() { id }: IdParam,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<AuditEntryDto[]> {
    return this.audit.historyOf('case', id, viewer);
  }

  @Post()
  @AdminAccess()
  @ApiOperation({ summary: 'Add a case to an existing incident, for an existing or a new person' })
  @ApiCreatedResponse({ type: CaseDto })
  create(@Body() body: CreateCaseDto, @CurrentPrincipal() actor: Principal): Promise<CaseDto> {
    return this.cases.create(body, actor);
  }

  @Patch(':id')
  @AdminAccess()
  @ApiOperation({ summary: 'Change a case’s outcome, local/foreign or date of death' })
  @ApiOkResponse({ type: CaseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The case has been retracted' })
  @RequiresIfMatch()
  @VersionedResponse()
  update(
    @Param() { id }: IdParam,
    @Body() body: UpdateCaseBody,
    @IfMatch() expectedVersion: ExpectedVersion,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CaseDto> {
    return this.cases.update(id, body, actor, expectedVersion);
  }

  @Delete(':id')
  @AdminAccess()
  @ApiOperation({
    summary:
      'Retract a case (soft delete with a reason; it stays readable and visible in its history)',
  })
  @ApiOkResponse({ type: CaseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Already retracted' })
  @RequiresIfMatch()
  @VersionedResponse()
  retract(
    @Param() { id }: IdParam,
    @Query() { reason }: RetractCaseQuery,
    @IfMatch() expectedVersion: ExpectedVersion,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CaseDto> {
    return this.cases.retract(id, reason, actor, expectedVersion);
  }

  @Put(':id/classifications/:monitor')
  @AdminAccess()
  @ApiOperation({
    summary: 'Set what one monitor says about the case (creates or replaces that monitor’s entry)',
  })
  @ApiOkResponse({ type: CaseDto })
  @RequiresIfMatch()
  @VersionedResponse()
  setClassification(
    @Param() { id, monitor }: CaseMonitorParams,
    @Body() body: ClassificationBody,
    @IfMatch() expectedVersion: ExpectedVersion,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CaseDto> {
    return this.cases.setClassification(id, { ...body, monitor }, actor, expectedVersion);
  }

  @Delete(':id/classifications/:monitor')
  @AdminAccess()
  @ApiOperation({ summary: 'Remove one monitor’s classification of the case' })
  @ApiOkResponse({ type: CaseDto })
  @RequiresIfMatch()
  @VersionedResponse()
  removeClassification(
    @Param() { id, monitor }: CaseMonitorParams,
    @IfMatch() expectedVersion: ExpectedVersion,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CaseDto> {
    return this.cases.removeClassification(id, monitor, actor, expectedVersion);
  }
}
