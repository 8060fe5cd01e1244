import { Args, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CaseDto } from '../cases/dto/case.dto.js';
import { AdminAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { Loaders, type GraphqlContext } from '../graphql/graphql-context.js';
import type { RequestLoaders } from '../graphql/request-loaders.js';
import {
  CaseStatusDto,
  CpjComparisonDto,
  ProceedingDto,
  StatusEntryDto,
} from './dto/status.dto.js';
import { ProceedingInput, StatusEntryInput, StatusQuery } from './dto/status.input.js';
import { SchemeEnum } from './status.enums.js';
import type { Scheme } from './status.enums.js';
import { StatusesService } from './statuses.service.js';

/** Judicial status fields of Case, and the mutations that append to a case's history. */
@Resolver(() => CaseDto)
export class StatusesResolver {
  constructor(private readonly statuses: StatusesService) {}

  @ResolveField('status', () => CaseStatusDto, {
    description: 'Status in a scheme on a date (asOf), as known at a date or instant (knownAsOf)',
  })
  status(
    @Parent() parent: CaseDto,
    @Args() query: StatusQuery,
    @Loaders() loaders: RequestLoaders,
  ): Promise<CaseStatusDto> {
    this.statuses.checkQuery(query);
    return loaders.statusOf(parent.id, {
      scheme: query.scheme,
      asOf: query.asOf,
      knownAsOf: query.knownAsOf,
    });
  }

  @ResolveField('statusHistory', () => [StatusEntryDto], {
    description: 'The append-only history, corrections beside what they correct',
  })
  statusHistory(
    @Parent() parent: CaseDto,
    @Args('scheme', { type: () => SchemeEnum, nullable: true }) scheme: Scheme | undefined,
    @Loaders() loaders: RequestLoaders,
  ): Promise<StatusEntryDto[]> {
    return loaders.statusHistory.load({ caseId: parent.id, query: { scheme } });
  }

  @ResolveField('proceedings', () => [ProceedingDto])
  proceedings(
    @Parent() parent: CaseDto,
    @Loaders() loaders: RequestLoaders,
  ): Promise<ProceedingDto[]> {
    return loaders.proceedings.load(parent.id);
  }

  @ResolveField('cpj', () => CpjComparisonDto, {
    description: 'CPJ class derived from proceedings beside the class last reported',
  })
  cpj(
    @Parent() parent: CaseDto,
    @Args('asOf', { type: () => String, nullable: true }) asOf: string | undefined,
    @Loaders() loaders: RequestLoaders,
  ): Promise<CpjComparisonDto> {
    if (asOf) this.statuses.checkQuery({ asOf });
    return loaders.cpj.load({ caseId: parent.id, query: { asOf } });
  }

  @AdminAccess()
  @Mutation(() => StatusEntryDto, { description: 'Append a status entry to a case’s history' })
  addStatusEntry(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('input') input: StatusEntryInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<StatusEntryDto> {
    return this.statuses.append(caseId, input, actor);
  }

  @AdminAccess()
  @Mutation(() => ProceedingDto, { description: 'Record a judicial or investigative step' })
  addProceeding(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('input') input: ProceedingInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<ProceedingDto> {
    return this.statuses.addProceeding(caseId, input, actor);
  }
}

/**
 * The entry that sets a status, read only when asked for (and then in one batch per page); the
 * resolver takes graphql-js's arguments as they are (see CasesResolver).
 */
@Resolver(() => CaseStatusDto)
export class CaseStatusResolver {
  @ResolveField('entry', () => StatusEntryDto, {
    nullable: true,
    description: 'The history entry that sets it',
  })
  entry(
    parent: CaseStatusDto,
    _args: object,
    { loaders }: GraphqlContext,
  ): StatusEntryDto | null | Promise<StatusEntryDto | null> {
    if (parent.entry !== undefined) return parent.entry;
    return parent.entryRef ? loaders.statusEntry.load(parent.entryRef) : null;
  }
}
