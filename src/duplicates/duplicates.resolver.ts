import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { DuplicatePairDto, DuplicatePairPageDto } from './dto/duplicate.dto.js';
import { DuplicatePairInput, ListDuplicatesQuery } from './dto/duplicate.input.js';
import { DuplicatesService } from './duplicates.service.js';

@Resolver(() => DuplicatePairDto)
export class DuplicatesResolver {
  constructor(private readonly service: DuplicatesService) {}

  @ReviewerAccess()
  @Query(() => DuplicatePairPageDto, {
    description: 'Pairs of cases that may be one killing, highest score first',
  })
  duplicates(@Args() query: ListDuplicatesQuery): Promise<DuplicatePairPageDto> {
    return this.service.list(query);
  }

  @ReviewerAccess()
  @Mutation(() => DuplicatePairDto, {
    description: 'Keep two cases apart: the pair is never proposed again',
  })
  markNotTheSame(
    @Args('input') input: DuplicatePairInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<DuplicatePairDto> {
    return this.service.markNotTheSame(input, actor);
  }
}
