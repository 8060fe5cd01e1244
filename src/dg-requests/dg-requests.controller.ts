import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsUUID, Matches } from 'class-validator';
import { AdminAccess, PublicAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { IdParam } from '../common/validation/id.param.js';
import { DgRequestsService } from './dg-requests.service.js';
import {
  CaseCycleDto,
  DgCycleDto,
  DgRequestDto,
  ResponseRatesDto,
  StateHistoryDto,
} from './dto/dg.dto.js';
import {
  CreateDgCycleInput,
  CycleYearParam,
  DgResponseInput,
  RequestCasesInput,
  SendRequestInput,
} from './dto/dg.input.js';

class RequestCaseParams extends IdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId: string;
}

class StateParam {
  @ApiProperty({ example: 'MX' })
  @Matches(/^[A-Za-z]{2}$/, { message: 'code must be a two-letter ISO 3166-1 alpha-2 code' })
  code: string;
}

@ApiTags('UNESCO DG requests')
@ApiBadRequestResponse({
  type: ErrorResponseDto,
  description: 'Invalid input; details name each bad field',
})
@ApiNotFoundResponse({ type: ErrorResponseDto })
@Controller()
export class DgRequestsController {
  constructor(private readonly dg: DgRequestsService) {}

  @Get('dg-cycles')
  @PublicAccess()
  @ApiOperation({ summary: 'Yearly request cycles, with counts of requests sent and answered' })
  @ApiOkResponse({ type: [DgCycleDto] })
  cycles(): Promise<DgCycleDto[]> {
    return this.dg.cycles();
  }

  @Post('dg-cycles')
  @AdminAccess()
  @ApiOperation({ summary: 'Open the cycle of a new year' })
  @ApiCreatedResponse({ type: DgCycleDto })
  createCycle(@Body() body: CreateDgCycleInput): Promise<DgCycleDto> {
    return this.dg.createCycle(body);
  }

  @Get('dg-cycles/:year')
  @PublicAccess()
  @ApiOperation({ summary: 'One cycle' })
  @ApiOkResponse({ type: DgCycleDto })
  cycle(@Param() { year }: CycleYearParam): Promise<DgCycleDto> {
    return this.dg.cycle(year);
  }

  @Get('dg-cycles/:year/requests')
  @PublicAccess()
  @ApiOperation({
    summary:
      'The requests of a cycle, one per state, with answers (content withheld unless publication was requested)',
  })
  @ApiOkResponse({ type: [DgRequestDto] })
  requests(
    @Param() { year }: CycleYearParam,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<DgRequestDto[]> {
    return this.dg.requests(year, viewer);
  }

  @Post('dg-cycles/:year/requests')
  @AdminAccess()
  @ApiOperation({
    summary:
      'Propose draft requests: per state, the killings in UNESCO’s scope not resolved on the date sent',
  })
  @ApiCreatedResponse({ type: [DgRequestDto] })
  generate(
    @Param() { year }: CycleYearParam,
    @CurrentPrincipal() actor: Principal,
  ): Promise<DgRequestDto[]> {
    return this.dg.generate(year, actor);
  }

  @Get('dg-cycles/:year/response-rates')
  @PublicAccess()
  @ApiOperation({ summary: 'States that answered over states asked, overall and by UNESCO region' })
  @ApiOkResponse({ type: ResponseRatesDto })
  responseRates(@Param() { year }: CycleYearParam): Promise<ResponseRatesDto> {
    return this.dg.responseRates(year);
  }

  @Get('dg-requests/:id')
  @PublicAccess()
  @ApiOperation({
    summary: 'One request, with its answer (content withheld unless publication was requested)',
  })
  @ApiOkResponse({ type: DgRequestDto })
  request(@Param() { id }: IdParam, @CurrentPrincipal() viewer: Principal): Promise<DgRequestDto> {
    return this.dg.request(id, viewer);
  }

  @Post('dg-requests/:id/cases')
  @AdminAccess()
  @ApiOperation({ summary: 'Add cases to a draft request (they must have happened in that state)' })
  @ApiCreatedResponse({ type: DgRequestDto })
  addCases(
    @Param() { id }: IdParam,
    @Body() body: RequestCasesInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<DgRequestDto> {
    return this.dg.addCases(id, body, actor);
  }

  @Delete('dg-requests/:id/cases/:caseId')
  @AdminAccess()
  @ApiOperation({ summary: 'Remove a case from a draft request' })
  @ApiOkResponse({ type: DgRequestDto })
  removeCase(
    @Param() { id, caseId }: RequestCaseParams,
    @CurrentPrincipal() actor: Principal,
  ): Promise<DgRequestDto> {
    return this.dg.removeCase(id, caseId, actor);
  }

  @Post('dg-requests/:id/send')
  @AdminAccess()
  @ApiOperation({ summary: 'Mark a request as sent; its cases are then fixed' })
  @ApiCreatedResponse({ type: DgRequestDto })
  send(
    @Param() { id }: IdParam,
    @Body() body: SendRequestInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<DgRequestDto> {
    return this.dg.send(id, body, actor);
  }

  @Post('dg-requests/:id/response')
  @AdminAccess()
  @ApiOperation({
    summary:
      'Record the state’s answer; each reported status enters the case’s history in the same transaction',
  })
  @ApiCreatedResponse({ type: DgRequestDto })
  respond(
    @Param() { id }: IdParam,
    @Body() body: DgResponseInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<DgRequestDto> {
    return this.dg.respond(id, body, actor);
  }

  @Get('states/:code/dg-history')
  @PublicAccess()
  @ApiOperation({
    summary: 'A state’s request ledger across cycles: asked, answered, on time, cases reported on',
  })
  @ApiOkResponse({ type: StateHistoryDto })
  stateHistory(
    @Param() { code }: StateParam,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<StateHistoryDto> {
    return this.dg.stateHistory(code, viewer);
  }

  @Get('cases/:id/dg-history')
  @PublicAccess()
  @ApiOperation({ summary: 'The cycles in which UNESCO asked about a case, and what was answered' })
  @ApiOkResponse({ type: [CaseCycleDto] })
  caseHistory(
    @Param() { id }: IdParam,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<CaseCycleDto[]> {
    return this.dg.caseHistory(id, viewer);
  }
}
