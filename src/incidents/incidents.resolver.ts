import { Args, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CaseDto } from '../cases/dto/case.dto.js';
import { AdminAccess, PublicAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { PageSizePipe } from '../common/pagination/cursor.js';
import { IdParam, UuidArg } from '../common/validation/id.param.js';
import { ConfidentialDetailsDto } from '../common/confidentiality/confidential.js';
import { ExpectedVersionArg, VersionedIdArgs } from '../common/versioning/expected-version.arg.js';
import { CountryDto } from '../countries/dto/country.dto.js';
import type { GraphqlContext } from '../graphql/graphql-context.js';
import { IncidentDto, IncidentPageDto } from './dto/incident.dto.js';
import { CreateIncidentDto, UpdateIncidentDto } from './dto/incident.input.js';
import { IncidentFilterDto } from './dto/list-incidents.query.js';
import { IncidentsService } from './incidents.service.js';

/** Its field resolvers take graphql-js's arguments as they are (see CasesResolver). */
@Resolver(() => IncidentDto)
export class IncidentsResolver {
  constructor(private readonly service: IncidentsService) {}

  @PublicAccess()
  @Query(() => IncidentDto, { description: 'One incident' })
  incident(@Args() { id }: IdParam, @CurrentPrincipal() viewer: Principal): Promise<IncidentDto> {
    return this.service.get(id, viewer);
  }

  @PublicAccess()
  @Query(() => IncidentPageDto, { description: 'Incidents by date, a page at a time' })
  incidents(
    @Args('filter', { type: () => IncidentFilterDto, nullable: true }) filter?: IncidentFilterDto,
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
    @Args('after', { type: () => String, nullable: true }) after?: string,
    @Args('withTotal', {
      type: () => Boolean,
      nullable: true,
      description: 'Also count every matching row (pageInfo.total)',
    })
    withTotal?: boolean,
  ): Promise<IncidentPageDto> {
    return this.service.list({ ...filter, limit: first, cursor: after, withTotal });
  }

  @ResolveField('country', () => CountryDto)
  async country(
    parent: IncidentDto,
    _args: object,
    { loaders }: GraphqlContext,
  ): Promise<CountryDto> {
    return (await loaders.country.load(parent.countryCode))!;
  }

  @ResolveField('cases', () => [CaseDto], {
    description: 'One case per victim, retracted ones included',
  })
  cases(parent: IncidentDto, _args: object, { loaders }: GraphqlContext): Promise<CaseDto[]> {
    return loaders.casesByIncident.load(parent.id);
  }

  @ResolveField('confidentialDetails', () => ConfidentialDetailsDto, {
    nullable: true,
    description: 'Null unless the caller is a reviewer or administrator',
  })
  confidentialDetails(
    parent: IncidentDto,
    _args: object,
    { loaders }: GraphqlContext,
  ): Promise<ConfidentialDetailsDto | null> {
    return loaders.incidentConfidential.load(parent.id);
  }

  @AdminAccess()
  @Mutation(() => IncidentDto, {
    description: 'Record an incident, optionally with its victims, in one transaction',
  })
  createIncident(
    @Args('input') input: CreateIncidentDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<IncidentDto> {
    return this.service.create(input, actor);
  }

  @AdminAccess()
  @Mutation(() => IncidentDto, { description: 'Change some of an incident’s fields' })
  updateIncident(
    @UuidArg('id') id: string,
    @ExpectedVersionArg() expectedVersion: number,
    @Args('input') input: UpdateIncidentDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<IncidentDto> {
    return this.service.update(id, input, actor, expectedVersion);
  }

  @AdminAccess()
  @Mutation(() => Boolean, { description: 'Delete an incident that has no case' })
  async deleteIncident(
    @Args() { id, expectedVersion }: VersionedIdArgs,
    @CurrentPrincipal() actor: Principal,
  ): Promise<boolean> {
    await this.service.delete(id, actor, expectedVersion);
    return true;
  }
}
