import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { AdminAccess, PublicAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { IdParam } from '../common/validation/id.param.js';
import { CaseStatusDto, ProceedingDto, ProceedingsDto, StatusEntryDto } from './dto/status.dto.js';
import { ProceedingInput, StatusEntryInput, StatusQuery } from './dto/status.input.js';
import type { Scheme } from './status.enums.js';
import { StatusesService } from './statuses.service.js';

class SchemeQuery {
  @ApiPropertyOptional({ enum: ['unesco', 'cpj'], description: 'Only this scheme' })
  @IsOptional()
  @Matches(/^(unesco|cpj)$/, { message: 'scheme must be one of: unesco, cpj' })
  scheme?: Scheme;
}

class AsOfQuery {
  @ApiPropertyOptional({
    format: 'date',
    description: 'Proceedings up to this date (default today)',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date written YYYY-MM-DD' })
  asOf?: string;
}

@ApiTags('judicial status')
@ApiBadRequestResponse({
  type: ErrorResponseDto,
  description: 'Invalid input; details name each bad field',
})
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such case' })
@Controller('cases/:id')
export class StatusesController {
  constructor(private readonly statuses: StatusesService) {}

  @Get('status-history')
  @PublicAccess()
  @ApiOperation({
    summary: 'The append-only status history of a case, corrections beside what they correct',
  })
  @ApiOkResponse({ type: [StatusEntryDto] })
  history(
    @Param() { id }: IdParam,
    @Query() { scheme }: SchemeQuery,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<StatusEntryDto[]> {
    return this.statuses.history(id, scheme, viewer);
  }

  @Post('status-history')
  @AdminAccess()
  @ApiOperation({ summary: 'Append a status entry (a correction names the entry it supersedes)' })
  @ApiCreatedResponse({ type: StatusEntryDto })
  append(
    @Param() { id }: IdParam,
    @Body() body: StatusEntryInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<StatusEntryDto> {
    return this.statuses.append(id, body, actor);
  }

  @Get('status')
  @PublicAccess()
  @ApiOperation({
    summary: 'The status on a date (asOf), as it was known at a date or instant (knownAsOf)',
  })
  @ApiOkResponse({ type: CaseStatusDto })
  status(
    @Param() { id }: IdParam,
    @Query() query: StatusQuery,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<CaseStatusDto> {
    return this.statuses.statusOf(id, query, viewer);
  }

  @Get('proceedings')
  @PublicAccess()
  @ApiOperation({
    summary:
      'Judicial steps of a case, and the CPJ class they support beside the class last reported',
  })
  @ApiOkResponse({ type: ProceedingsDto })
  proceedings(@Param() { id }: IdParam, @Query() { asOf }: AsOfQuery): Promise<ProceedingsDto> {
    return this.statuses.proceedings(id, asOf);
  }

  @Post('proceedings')
  @AdminAccess()
  @ApiOperation({ summary: 'Record a judicial or investigative step' })
  @ApiCreatedResponse({ type: ProceedingDto })
  addProceeding(
    @Param() { id }: IdParam,
    @Body() body: ProceedingInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProceedingDto> {
    return this.statuses.addProceeding(id, body, actor);
  }
}
