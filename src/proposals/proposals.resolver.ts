import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { MemberAccess, ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { IdParam, UuidArg } from '../common/validation/id.param.js';
import { ProposalDto, ProposalPageDto } from './dto/proposal.dto.js';
import {
  AcceptProposalDto,
  ProposalFilterDto,
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

@Resolver(() => ProposalDto)
export class ProposalsResolver {
  constructor(private readonly service: ProposalsService) {}

  @MemberAccess()
  @Query(() => ProposalPageDto, {
    description: 'The review queue, oldest first (contributors: their organisation’s)',
  })
  proposals(
    @CurrentPrincipal() viewer: Principal,
    @Args('filter', { type: () => ProposalFilterDto, nullable: true }) filter?: ProposalFilterDto,
    @Args('first', {
      type: () => Int,
      nullable: true,
      description: 'Page size (default 50, at most 200)',
    })
    first?: number,
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('withTotal', {
      type: () => Boolean,
      nullable: true,
      description: 'Also count every matching row (pageInfo.total)',
    })
    withTotal?: boolean,
  ): Promise<ProposalPageDto> {
    return this.service.list({ ...filter, limit: first, cursor: after, withTotal }, viewer);
  }

  @MemberAccess()
  @Query(() => ProposalDto, { description: 'One proposal' })
  proposal(@Args() { id }: IdParam, @CurrentPrincipal() viewer: Principal): Promise<ProposalDto> {
    return this.service.get(id, viewer);
  }

  @MemberAccess()
  @Mutation(() => ProposalDto, { description: 'Propose a new incident, with its victims' })
  proposeIncident(
    @Args('input') input: ProposeIncidentDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProposalDto> {
    return this.service.proposeIncident(input, actor);
  }

  @MemberAccess()
  @Mutation(() => ProposalDto, { description: 'Propose a new case in an existing incident' })
  proposeCase(
    @Args('input') input: ProposeCaseDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProposalDto> {
    return this.service.proposeCase(input, actor);
  }

  @MemberAccess()
  @Mutation(() => ProposalDto, { description: 'Propose a status entry for a case' })
  proposeStatusEntry(
    @Args('input') input: ProposeStatusEntryDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProposalDto> {
    return this.service.proposeStatusEntry(input, actor);
  }

  @MemberAccess()
  @Mutation(() => ProposalDto, { description: 'Propose a judicial or investigative step' })
  proposeProceeding(
    @Args('input') input: ProposeProceedingDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProposalDto> {
    return this.service.proposeProceeding(input, actor);
  }

  @MemberAccess()
  @Mutation(() => ProposalDto, {
    description: 'Propose a correction to a case, incident or person',
  })
  proposeCorrection(
    @Args('input') input: ProposeCorrectionDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProposalDto> {
    return this.service.proposeCorrection(input, actor);
  }

  @MemberAccess()
  @Mutation(() => ProposalDto, { description: 'Propose retracting a case' })
  proposeRetraction(
    @Args('input') input: ProposeRetractionDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProposalDto> {
    return this.service.proposeRetraction(input, actor);
  }

  @MemberAccess()
  @Mutation(() => ProposalDto, {
    description:
      'Propose a translation of an incident’s description, shown beside the original once accepted',
  })
  proposeTranslation(
    @Args('input') input: ProposeTranslationDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProposalDto> {
    return this.service.proposeTranslation(input, actor);
  }

  @ReviewerAccess()
  @Mutation(() => ProposalDto, {
    description: 'Accept a proposal: it is applied and counts from now on',
  })
  acceptProposal(
    @UuidArg('id') id: string,
    @Args('input', { type: () => AcceptProposalDto, nullable: true })
    input: AcceptProposalDto | null,
    @CurrentPrincipal() reviewer: Principal,
  ): Promise<ProposalDto> {
    return this.service.accept(id, input?.note ?? null, reviewer);
  }

  @ReviewerAccess()
  @Mutation(() => ProposalDto, { description: 'Reject a proposal, with a reason' })
  rejectProposal(
    @UuidArg('id') id: string,
    @Args('input') input: RejectProposalDto,
    @CurrentPrincipal() reviewer: Principal,
  ): Promise<ProposalDto> {
    return this.service.reject(id, input.reason, reviewer);
  }
}
