import { Args, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CaseDto } from '../cases/dto/case.dto.js';
import type { GraphqlContext } from '../graphql/graphql-context.js';
import { AdminAccess, PublicAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { PageSizePipe } from '../common/pagination/cursor.js';
import { IdParam, UuidArg } from '../common/validation/id.param.js';
import { ExpectedVersionArg, VersionedIdArgs } from '../common/versioning/expected-version.arg.js';
import { ListPeopleQuery } from './dto/list-people.query.js';
import { PersonDto } from './dto/person.dto.js';
import { CreatePersonDto, UpdatePersonDto } from './dto/person.input.js';
import { PersonPageDto } from './dto/person-page.dto.js';
import { PeopleService } from './people.service.js';

/** Its field resolver takes graphql-js's arguments as they are (see CasesResolver). */
@Resolver(() => PersonDto)
export class PeopleResolver {
  constructor(private readonly service: PeopleService) {}

  @PublicAccess()
  @Query(() => PersonDto, { description: 'One person' })
  person(@Args() { id }: IdParam): Promise<PersonDto> {
    return this.service.get(id);
  }

  @PublicAccess()
  @Query(() => PersonPageDto, { description: 'People, by name, a page at a time' })
  people(
    @Args('filter', { type: () => ListPeopleQuery, nullable: true }) filter?: ListPeopleQuery,
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
      description: 'Also count every matching row (pageInfo.total)',
    })
    withTotal?: boolean,
  ): Promise<PersonPageDto> {
    return this.service.list({ ...filter, limit: first, cursor: after, withTotal });
  }

  @ResolveField('cases', () => [CaseDto], { description: 'Cases about this person' })
  cases(parent: PersonDto, _args: object, { loaders }: GraphqlContext): Promise<CaseDto[]> {
    return loaders.casesByPerson.load(parent.id);
  }

  @AdminAccess()
  @Mutation(() => PersonDto, { description: 'Record a person' })
  createPerson(
    @Args('input') input: CreatePersonDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<PersonDto> {
    return this.service.create(input, actor);
  }

  @AdminAccess()
  @Mutation(() => PersonDto, { description: 'Change some of a person’s fields' })
  updatePerson(
    @UuidArg('id') id: string,
    @ExpectedVersionArg() expectedVersion: number,
    @Args('input') input: UpdatePersonDto,
    @CurrentPrincipal() actor: Principal,
  ): Promise<PersonDto> {
    return this.service.update(id, input, actor, expectedVersion);
  }

  @AdminAccess()
  @Mutation(() => Boolean, { description: 'Delete a person who is the subject of no case' })
  async deletePerson(
    @Args() { id, expectedVersion }: VersionedIdArgs,
    @CurrentPrincipal() actor: Principal,
  ): Promise<boolean> {
    await this.service.delete(id, actor, expectedVersion);
    return true;
  }
}
