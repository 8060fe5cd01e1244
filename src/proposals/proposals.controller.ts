import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { MemberAccess, ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { ErrorResponseDto } from '../common/errors/error-response.dto.js';
import { IdParam } from '../common/validation/id.param.js';
import { ProposalDto, ProposalPageDto } from './dto/proposal.dto.js';
import {
  AcceptProposalDto,
  ListProposalsQuery,
  ProposeCaseDto,
  ProposeCorrectionDto,
  ProposeIncidentDto,
  ProposeProceedingDto,
  ProposeRetractionDto,
  ProposeStatusEntryDto,
  ProposeTranslationDto,
  RejectProposalDto,
} from './dto/proposal.input.js';
import { ProposalsService } from './proposals.service.js';

@ApiTags('proposals')
@ApiBadRequestResponse({
  type: ErrorResponseDto,
  description: 'Invalid input; details name each bad field',
})
@Controller('proposals')
export class ProposalsController {
  constructor(private readonly proposals: ProposalsService) {}

  @Get()
  @MemberAccess()
  @ApiOperation({
    summary:
      'The review queue, oldest first: reviewers see every proposal, contributors their organisation’s',
  })
  @ApiOkResponse({ type: ProposalPageDto })
  list(
    @Query() query: ListProposalsQuery,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<ProposalPageDto> {
    return this.proposals.list(query, viewer);
  }

  @Get(':id')
  @MemberAccess()
  @ApiOperation({ summary: 'One proposal, with its review' })
  @ApiOkResponse({ type: ProposalDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Param() { id }: IdParam, @CurrentPrincipal() viewer: Principal): Promise<ProposalDto> {
    return this.proposals.get(id, viewer);
  }

  @Post('incidents')
  @MemberAccess()
  @ApiOperation({ summary: 'Propose a new incident, with its victims' })
  @ApiCreatedResponse({ type: ProposalDto })
  proposeIncident(
    @Body() body: ProposeIncidentDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProposalDto> {
    return this.proposals.proposeIncident(body, actor);
  }

  @Post('cases')
  @MemberAccess()
  @ApiOperation({ summary: 'Propose a new case in an existing incident' })
  @ApiCreatedResponse({ type: ProposalDto })
  proposeCase(
    @Body() body: ProposeCaseDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProposalDto> {
    return this.proposals.proposeCase(body, actor);
  }

  @Post('status-entries')
  @MemberAccess()
  @ApiOperation({ summary: 'Propose a status entry for a case (a status change, a court outcome)' })
  @ApiCreatedResponse({ type: ProposalDto })
  proposeStatusEntry(
    @Body() body: ProposeStatusEntryDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProposalDto> {
    return this.proposals.proposeStatusEntry(body, actor);
  }

  @Post('proceedings')
  @MemberAccess()
  @ApiOperation({ summary: 'Propose a judicial or investigative step of a case' })
  @ApiCreatedResponse({ type: ProposalDto })
  proposeProceeding(
    @Body() body: ProposeProceedingDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProposalDto> {
    return this.proposals.proposeProceeding(body, actor);
  }

  @Post('corrections')
  @MemberAccess()
  @ApiOperation({ summary: 'Propose a correction to fields of a case, incident or person' })
  @ApiCreatedResponse({ type: ProposalDto })
  proposeCorrection(
    @Body() body: ProposeCorrectionDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProposalDto> {
    return this.proposals.proposeCorrection(body, actor);
  }

  @Post('retractions')
  @MemberAccess()
  @ApiOperation({ summary: 'Propose retracting a case' })
  @ApiCreatedResponse({ type: ProposalDto })
  proposeRetraction(
    @Body() body: ProposeRetractionDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProposalDto> {
    return this.proposals.proposeRetraction(body, actor);
  }

  @Post('translations')
  @MemberAccess()
  @ApiOperation({
    summary:
      'Propose a translation of an incident’s description; once accepted it is shown to readers of that language beside the original',
  })
  @ApiCreatedResponse({ type: ProposalDto })
  proposeTranslation(
    @Body() body: ProposeTranslationDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProposalDto> {
    return this.proposals.proposeTranslation(body, actor);
  }

  @Post(':id/accept')
  @ReviewerAccess()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Accept: the proposal is applied in one transaction and counts from now on (not your own proposal)',
  })
  @ApiOkResponse({ type: ProposalDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Reviewed already' })
  accept(
    @Param() { id }: IdParam,
    @Body() body: AcceptProposalDto,
    @CurrentPrincipal() reviewer: Principal,
  ): Promise<ProposalDto> {
    return this.proposals.accept(id, body.note ?? null, reviewer);
  }

  @Post(':id/reject')
  @ReviewerAccess()
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject, with a reason the submitter sees (not your own proposal)' })
  @ApiOkResponse({ type: ProposalDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Reviewed already' })
  reject(
    @Param() { id }: IdParam,
    @Body() body: RejectProposalDto,
    @CurrentPrincipal() reviewer: Principal,
  ): Promise<ProposalDto> {
    return this.proposals.reject(id, body.reason, reviewer);
  }
}
