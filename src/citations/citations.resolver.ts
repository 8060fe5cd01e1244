import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PublicAccess } from '../common/auth/access.decorator.js';
import { CitationsService } from './citations.service.js';
import { CitationDto } from './dto/citation.dto.js';
import { CreateCitationInput } from './dto/citation.input.js';

@Resolver(() => CitationDto)
export class CitationsResolver {
  constructor(private readonly citations: CitationsService) {}

  @PublicAccess()
  @Query(() => CitationDto, { description: 'A frozen figure, with the live value beside it' })
  citation(@Args('id') id: string): Promise<CitationDto> {
    return this.citations.get(id);
  }

  @PublicAccess()
  @Mutation(() => CitationDto, { description: 'Freeze a public figure for citation' })
  createCitation(@Args('input') input: CreateCitationInput): Promise<CitationDto> {
    return this.citations.create(input);
  }
}
