import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import { ListPeopleParams } from './dto/list-people.query.js';
import { PersonDto } from './dto/person.dto.js';
import { CreatePersonDto, UpdatePersonBody } from './dto/person.input.js';
import { PersonPageDto } from './dto/person-page.dto.js';
import { PeopleService } from './people.service.js';

@ApiTags('people')
@ApiBadRequestResponse({
  type: ErrorResponseDto,
  description: 'Invalid input; details name each bad field',
})
@Controller('people')
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @PublicAccess()
  @ApiOperation({ summary: 'List people, by name' })
  @ApiOkResponse({ type: PersonPageDto })
  list(@Query() query: ListPeopleParams): Promise<PersonPageDto> {
    return this.people.list(query);
  }

  @Get(':id')
  @PublicAccess()
  @ApiOperation({ summary: 'One person' })
  @ApiOkResponse({ type: PersonDto, description: 'The person; the ETag is their version' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @VersionedResponse()
  get(@Param() { id }: IdParam): Promise<PersonDto> {
    return this.people.get(id);
  }

  @Get(':id/history')
  @PublicAccess()
  @ApiOperation({ summary: 'Every recorded change to this person' })
  @ApiOkResponse({ type: [AuditEntryDto] })
  history(
    @Param() { id }: IdParam,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<AuditEntryDto[]> {
    return this.audit.historyOf('person', id, viewer);
  }

  @Post()
  @AdminAccess()
  @ApiOperation({ summary: 'Record a person' })
  @ApiCreatedResponse({ type: PersonDto })
  create(@Body() body: CreatePersonDto, @CurrentPrincipal() actor: Principal): Promise<PersonDto> {
    return this.people.create(body, actor);
  }

  @Patch(':id')
  @AdminAccess()
  @ApiOperation({ summary: 'Change some of a person’s fields' })
  @ApiOkResponse({ type: PersonDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @RequiresIfMatch()
  @VersionedResponse()
  update(
    @Param() { id }: IdParam,
    @Body() body: UpdatePersonBody,
    @IfMatch() expectedVersion: ExpectedVersion,
    @CurrentPrincipal() actor: Principal,
  ): Promise<PersonDto> {
    return this.people.update(id, body, actor, expectedVersion);
  }

  @Delete(':id')
  @AdminAccess()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a person who is the subject of no case (otherwise 409: retract the cases)',
  })
  @ApiNoContentResponse({
    description: 'The person is deleted; the deletion is in the audit trail',
  })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @RequiresIfMatch()
  delete(
    @Param() { id }: IdParam,
    @IfMatch() expectedVersion: ExpectedVersion,
    @CurrentPrincipal() actor: Principal,
  ): Promise<void> {
    return this.people.delete(id, actor, expectedVersion);
  }
}
