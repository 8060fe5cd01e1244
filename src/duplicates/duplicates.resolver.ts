import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ReviewerAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import type { Principal } from '../common/auth/principal.js';
import { DuplicatePairDto, DuplicatePairPageDto } from './dto/duplicate.dto.js';
import { DuplicatePairInput, ListDuplicatesQuery } from './dto/duplicate.input.js';
import { DuplicatesService } from './duplicates.service.js';
import { CaseMergeDto, MergeCasesInput, UndoCaseMergeInput } from './dto/case-merge.dto.js';
import { MergesService } from './merges.service.js';

@Resolver(() => DuplicatePairDto)
export class DuplicatesResolver {
  constructor(
    private readonly service: DuplicatesService,
    private readonly merges: MergesService,
  ) {}

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

  @ReviewerAccess()
  @Mutation(() => CaseMergeDto, {
    description:
      'Make a candidate pair one case: the survivor takes what the other holds and answers for its id',
  })
  mergeCases(
    @Args('input') input: MergeCasesInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CaseMergeDto> {
    return this.merges.merge(input, actor);
  }

  @ReviewerAccess()
  @Mutation(() => CaseMergeDto, { description: 'Undo a merge named by its audit entry' })
  undoCaseMerge(
    @Args('input') input: UndoCaseMergeInput,
    @CurrentPrincipal() actor: Principal,
  ): Promise<CaseMergeDto> {
    return this.merges.undo(input, actor);
  }
}
