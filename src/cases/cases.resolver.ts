import { Args, Info, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { AuditService } from '../audit/audit.service.js';
import { AuditEntryDto } from '../audit/dto/audit-entry.dto.js';
import { AdminAccess, PublicAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import { ANONYMOUS, type Principal } from '../common/auth/principal.js';
import { PageSizePipe } from '../common/pagination/cursor.js';
import { IdParam, UuidArg } from '../common/validation/id.param.js';
import { ConfidentialDetailsDto } from '../common/confidentiality/confidential.js';
import { ExpectedVersionArg } from '../common/versioning/expected-version.arg.js';
import { casePageSelection } from '../graphql/case-selection.js';
import { splicedPage, type SplicedPage } from '../graphql/spliced-pages.js';
import type { GraphqlContext } from '../graphql/graphql-context.js';
import { IncidentDto } from '../incidents/dto/incident.dto.js';
import type { IncidentNode } from '../incidents/incidents.repository.js';
import { PersonDto } from '../people/dto/person.dto.js';
import { MonitorEnum } from './case.enums.js';
import type { Monitor } from './case.enums.js';
import { CaseGraphService } from './case-graph.service.js';
import type { CaseNode } from './cases.repository.js';
import { CasesService } from './cases.service.js';
import { CaseDto, ClassificationDto } from './dto/case.dto.js';
import { RetractCaseArgs } from './dto/case-action.input.js';
import { CreateCaseDto, UpdateCaseDto } from './dto/case.input.js';
import { CasePageDto } from './dto/case-page.dto.js';
import { ClassificationInput } from './dto/classification.input.js';
import { CaseFilterDto } from './dto/list-cases.query.js';

/*
 * Field resolvers that read only their parent and the request's loaders take graphql-js's own
 * (parent, args, context) arguments, without parameter decorators: Nest then calls them directly
 * instead of through its per-call parameter and pipe machinery. No guard runs on field resolvers
 * (fieldResolverEnhancers is empty): what a caller may see is decided by the loaders, from the
 * caller the root field's guard identified. A page of cases reads most related objects in its own
 * statement (CaseGraphService); the fields that answer them then return what it read before these
 * resolvers are called (graphql/prefetched-fields.ts).
 */
@Resolver(() => CaseDto)
export class CasesResolver {
  constructor(
    private readonly service: CasesService,
    private readonly graph: CaseGraphService,
    private readonly audit: AuditService,
  ) {}

  @PublicAccess()
  @Query(() => CaseDto, {
    description: 'One case (a case merged into another answers with the one it was merged into)',
  })
  case(@Args() { id }: IdParam, @CurrentPrincipal() viewer: Principal): Promise<CaseDto> {
    return this.service.resolve(id, viewer);
  }

  @PublicAccess()
  @Query(() => CasePageDto, {
    description: 'Cases matching every filter given, by incident date then id, a page at a time',
  })
  cases(
    @Args('filter', { type: () => CaseFilterDto, nullable: true }) filter?: CaseFilterDto,
    @Args(
      'first',
      {
        type: () => Int,
        nullable: true,
        description: 'Page size (default 50, at most 200)',
      },
      PageSizePipe,
    )
    first?: number,
    @Args('after', {
      type: () => String,
      nullable: true,
      description: 'pageInfo.nextCursor of the previous page',
    })
    after?: string,
    @Args('withTotal', {
      type: () => Boolean,
      nullable: true,
      description: 'Also count every matching case',
    })
    withTotal?: boolean,
    @Args('descending', { type: () => Boolean, nullable: true, description: 'Most recent first' })
    descending?: boolean,
    @CurrentPrincipal() viewer?: Principal,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<{ data: CaseNode[]; pageInfo: CasePageDto['pageInfo'] } & SplicedPage> {
    const query = {
      ...filter,
      limit: first,
      cursor: after,
      withTotal,
      sort: descending ? ('-date' as const) : ('date' as const),
    };
    // Cases PostgreSQL writes as the answer holds them, or objects for GraphQL to write.
    const spliced = splicedPage(info!);
    if (spliced) return this.graph.answers(query, viewer ?? ANONYMOUS, spliced);
    return this.graph.list(query, viewer ?? ANONYMOUS, casePageSelection(info!));
  }

  @PublicAccess()
  @Query(() => [AuditEntryDto], {
    description: 'Every recorded change to a case, retraction included',
  })
  caseHistory(
    @Args() { id }: IdParam,
    @CurrentPrincipal() viewer: Principal,
  ): Promise<AuditEntryDto[]> {
    return this.audit.historyOf('case', id, viewer);
  }

  @ResolveField('confidentialDetails', () => ConfidentialDetailsDto, {
    nullable: true,
    description: 'Null unless the caller is a reviewer or administrator',
  })
  confidentialDetails(
    parent: CaseDto,
    _args: object,
    { loaders }: GraphqlContext,
  ): Promise<ConfidentialDetailsDto | null> {
    return loaders.caseConfidential.load(parent.id);
  }

  @ResolveField('person', () => PersonDto)
  async person(parent: CaseDto, _args: object, { loaders }: GraphqlContext): Promise<PersonDto> {
    return (await loaders.person.load(parent.personId))!;
  }

  @ResolveField('incident', () => IncidentDto)
  async incident(
    parent: CaseDto,
    _args: object,
    { loaders }: GraphqlContext,
  ): Promise<IncidentNode> {
    return (await loaders.incident.load(parent.incidentId))!;
  }

  @ResolveField('classifications', () => [ClassificationDto], {
    description: 'What each monitor says, side by side',
  })
  classifications(
    parent: CaseDto,
    _args: object,
    { loaders }: GraphqlContext,
  ): ClassificationDto[] | Promise<ClassificationDto[]> {
    return parent.classifications ?? loaders.classificationsByCase.load(parent.id);
  }

  @AdminAccess()
  @Mutation(() => CaseDto, { description: 'Add a case to an existing incident' })
  createCase(
    @Args('input') input: CreateCaseDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CaseDto> {
    return this.service.create(input, actor);
  }

  @AdminAccess()
  @Mutation(() => CaseDto, {
    description: 'Change a case’s outcome, local/foreign or date of death',
  })
  updateCase(
    @UuidArg('id') id: string,
    @ExpectedVersionArg() expectedVersion: number,
    @Args('input') input: UpdateCaseDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CaseDto> {
    return this.service.update(id, input, actor, expectedVersion);
  }

  @AdminAccess()
  @Mutation(() => CaseDto, {
    description: 'Retract a case with a reason (it stays readable and counts no more)',
  })
  retractCase(
    @Args() { id, reason, expectedVersion }: RetractCaseArgs,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CaseDto> {
    return this.service.retract(id, reason, actor, expectedVersion);
  }

  @AdminAccess()
  @Mutation(() => CaseDto, { description: 'Set what one monitor says about a case' })
  setCaseClassification(
    @UuidArg('caseId') caseId: string,
    @ExpectedVersionArg() expectedVersion: number,
    @Args('input') input: ClassificationInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CaseDto> {
    return this.service.setClassification(caseId, input, actor, expectedVersion);
  }

  @AdminAccess()
  @Mutation(() => CaseDto, { description: 'Remove one monitor’s classification of a case' })
  removeCaseClassification(
    @UuidArg('caseId') caseId: string,
    @Args('monitor', { type: () => MonitorEnum }) monitor: Monitor,
    @ExpectedVersionArg() expectedVersion: number,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CaseDto> {
    return this.service.removeClassification(caseId, monitor, actor, expectedVersion);
  }
}
