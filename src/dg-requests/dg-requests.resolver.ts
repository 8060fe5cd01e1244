import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CaseDto } from '../cases/dto/case.dto.js';
import { AdminAccess, PublicAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { CountryCodeParam } from '../countries/dto/list-countries.query.js';
import { IdParam } from '../common/validation/id.param.js';
import { Loaders } from '../graphql/graphql-context.js';
import type { RequestLoaders } from '../graphql/request-loaders.js';
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

@Resolver(() => DgCycleDto)
export class DgRequestsResolver {
  constructor(private readonly dg: DgRequestsService) {}

  @PublicAccess()
  @Query(() => [DgCycleDto], { description: 'UNESCO DG request cycles' })
  dgCycles(): Promise<DgCycleDto[]> {
    return this.dg.cycles();
  }

  @PublicAccess()
  @Query(() => DgCycleDto, { description: 'One DG request cycle' })
  dgCycle(@Args() { year }: CycleYearParam): Promise<DgCycleDto> {
    return this.dg.cycle(year);
  }

  @ResolveField('requests', () => [DgRequestDto], { description: 'One request per state' })
  requests(
    @Parent() cycle: DgCycleDto,
    @Loaders() loaders: RequestLoaders,
  ): Promise<DgRequestDto[]> {
    return loaders.dgRequestsByCycle.load(cycle.year);
  }

  @ResolveField('responseRates', () => ResponseRatesDto)
  responseRates(
    @Parent() cycle: DgCycleDto,
    @Loaders() loaders: RequestLoaders,
  ): Promise<ResponseRatesDto> {
    return loaders.dgResponseRates.load(cycle.year);
  }

  @PublicAccess()
  @Query(() => DgRequestDto, { description: 'One DG request with its answer' })
  dgRequest(@Args() { id }: IdParam, @CurrentPrincipal() viewer: Principal): Promise<DgRequestDto> {
    return this.dg.request(id, viewer);
  }

  @PublicAccess()
  @Query(() => StateHistoryDto, { description: 'A state’s request ledger across cycles' })
  stateDgHistory(
    @Args() { code }: CountryCodeParam,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<StateHistoryDto> {
    return this.dg.stateHistory(code, viewer);
  }

  @PublicAccess()
  @Query(() => [CaseCycleDto], { description: 'The cycles in which UNESCO asked about a case' })
  caseDgHistory(
    @Args() { id }: IdParam,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<CaseCycleDto[]> {
    return this.dg.caseHistory(id, viewer);
  }

  @AdminAccess()
  @Mutation(() => DgCycleDto, { description: 'Open the cycle of a new year' })
  createDgCycle(@Args('input') input: CreateDgCycleInput): Promise<DgCycleDto> {
    return this.dg.createCycle(input);
  }

  @AdminAccess()
  @Mutation(() => [DgRequestDto], { description: 'Propose draft requests for a cycle' })
  generateDgRequests(
    @Args('year', { type: () => Int }) year: number,
    @CurrentPrincipal() actor: Principal,
  ): Promise<DgRequestDto[]> {
    return this.dg.generate(year, actor);
  }

  @AdminAccess()
  @Mutation(() => DgRequestDto, { description: 'Add cases to a draft request' })
  addDgRequestCases(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: RequestCasesInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<DgRequestDto> {
    return this.dg.addCases(id, input, actor);
  }

  @AdminAccess()
  @Mutation(() => DgRequestDto, { description: 'Remove a case from a draft request' })
  removeDgRequestCase(
    @Args('id', { type: () => ID }) id: string,
    @Args('caseId', { type: () => ID }) caseId: string,
    @CurrentPrincipal() actor: Principal,
  ): Promise<DgRequestDto> {
    return this.dg.removeCase(id, caseId, actor);
  }

  @AdminAccess()
  @Mutation(() => DgRequestDto, { description: 'Mark a request as sent' })
  sendDgRequest(
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { nullable: true }) input: SendRequestInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<DgRequestDto> {
    return this.dg.send(id, input ?? {}, actor);
  }

  @AdminAccess()
  @Mutation(() => DgRequestDto, { description: 'Record a state’s answer' })
  recordDgResponse(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: DgResponseInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<DgRequestDto> {
    return this.dg.respond(id, input, actor);
  }
}

/** Case.dgHistory: the cycles in which UNESCO asked about the case. */
@Resolver(() => CaseDto)
export class CaseDgHistoryResolver {
  @ResolveField('dgHistory', () => [CaseCycleDto])
  dgHistory(
    @Parent() parent: CaseDto,
    @Loaders() loaders: RequestLoaders,
  ): Promise<CaseCycleDto[]> {
    return loaders.dgHistory.load(parent.id);
  }
}
