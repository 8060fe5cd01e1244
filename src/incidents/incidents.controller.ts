import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
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
import { IncidentDto, IncidentPageDto } from './dto/incident.dto.js';
import { CreateIncidentDto, UpdateIncidentBody } from './dto/incident.input.js';
import { ListIncidentsQuery } from './dto/list-incidents.query.js';
import { IncidentsService } from './incidents.service.js';

@ApiTags('incidents')
@ApiBadRequestResponse({
  type: ErrorResponseDto,
  description: 'Invalid input; details name each bad field',
})
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @PublicAccess()
  @ApiOperation({ summary: 'List incidents by date' })
  @ApiOkResponse({ type: IncidentPageDto })
  list(@Query() query: ListIncidentsQuery): Promise<IncidentPageDto> {
    return this.incidents.list(query);
  }

  @Get(':id')
  @PublicAccess()
  @ApiOperation({ summary: 'One incident with its victims' })
  @ApiOkResponse({ type: IncidentDto, description: 'The incident; its ETag is its version' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @VersionedResponse()
  get(@Param() { id }: IdParam, @CurrentPrincipal() viewer: Principal): Promise<IncidentDto> {
    return this.incidents.get(id, viewer);
  }

  @Get(':id/history')
  @PublicAccess()
  @ApiOperation({ summary: 'Every recorded change to this incident' })
  @ApiOkResponse({ type: [AuditEntryDto] })
  history(
    @Param() { id }: IdParam,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<AuditEntryDto[]> {
    return this.audit.historyOf('incident', id, viewer);
  }

  @Post()
  @AdminAccess()
  @ApiOperation({
    summary:
      'Record an incident, optionally with its victims (people and cases) in the same transaction',
  })
  @ApiCreatedResponse({ type: IncidentDto })
  create(
    @Body() body: CreateIncidentDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<IncidentDto> {
    return this.incidents.create(body, actor);
  }

  @Patch(':id')
  @AdminAccess()
  @ApiOperation({
    summary:
      'Change some of an incident’s fields (attack and perpetrator types are replaced when given)',
  })
  @ApiOkResponse({ type: IncidentDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @RequiresIfMatch()
  @VersionedResponse()
  update(
    @Param() { id }: IdParam,
    @Body() body: UpdateIncidentBody,
    @IfMatch() expectedVersion: ExpectedVersion,
    @CurrentPrincipal() actor: Principal,
  ): Promise<IncidentDto> {
    return this.incidents.update(id, body, actor, expectedVersion);
  }

  @Delete(':id')
  @AdminAccess()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an incident that has no case (otherwise 409: retract the cases)',
  })
  @ApiNoContentResponse({
    description: 'The incident is deleted; the deletion is in the audit trail',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  @RequiresIfMatch()
  delete(
    @Param() { id }: IdParam,
    @IfMatch() expectedVersion: ExpectedVersion,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    return this.incidents.delete(id, actor, expectedVersion);
  }
}
