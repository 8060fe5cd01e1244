import {
  Args,
  Field,
  Int,
  Mutation,
  ObjectType,
  Query,
  Parent,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { CaseFilterDto } from '../cases/dto/list-cases.query.js';
import { AdminAccess, PublicAccess } from '../common/auth/access.decorator.js';
import { CurrentPrincipal } from '../common/auth/current-principal.decorator.js';
import { ANONYMOUS, type Principal } from '../common/auth/principal.js';
import { ResponseRatesDto } from '../dg-requests/dto/dg.dto.js';
import { FigureDto, FigureTableDto, PublishedFigureDto } from './dto/figure.dto.js';
import { figureDimensions, figureTable } from './figure-table.js';
import { PublishedFigureInput } from './dto/published-figure.input.js';
import { FigureOptions, IndexOptions } from './dto/statistics.query.js';
import { PublishedFiguresService } from './published-figures.service.js';
import { StatisticsService } from './statistics.service.js';

/** The case-list filters every figure takes. */
const FilterArg = () => Args('filter', { type: () => CaseFilterDto, nullable: true });
/** A figure's own parameters. */
const OptionsArg = (type: typeof FigureOptions | typeof IndexOptions) =>
  Args('options', { type: () => type, nullable: true });

@ObjectType('Statistics', {
  description: 'Every figure the API serves, each with its definition, scope and revision',
})
export class StatisticsDto {
  @Field({ description: 'Always true; the figures are fields' })
  available: boolean;
}

@Resolver(() => StatisticsDto)
export class StatisticsResolver {
  constructor(
    private readonly figures: StatisticsService,
    private readonly published: PublishedFiguresService,
  ) {}

  @PublicAccess()
  @Query(() => StatisticsDto, {
    description: 'Figures: killings, unresolved ratio, impunity share and index, response rates',
  })
  statistics(): StatisticsDto {
    return { available: true };
  }

  @ResolveField('killings', () => FigureDto)
  killings(
    @FilterArg() filter: CaseFilterDto | undefined,
    @OptionsArg(FigureOptions) options: FigureOptions | undefined,
    @CurrentPrincipal() viewer?: Principal,
  ): Promise<FigureDto> {
    return this.figures.figure(
      'killings',
      { ...filter, groupBy: options?.groupBy },
      viewer ?? ANONYMOUS,
    );
  }

  @ResolveField('unresolvedRatio', () => FigureDto)
  unresolvedRatio(
    @FilterArg() filter: CaseFilterDto | undefined,
    @OptionsArg(FigureOptions) options: FigureOptions | undefined,
    @CurrentPrincipal() viewer?: Principal,
  ): Promise<FigureDto> {
    return this.figures.figure(
      'unresolved_ratio',
      { ...filter, groupBy: options?.groupBy, scope: options?.scope },
      viewer ?? ANONYMOUS,
    );
  }

  @ResolveField('impunityShare', () => FigureDto)
  impunityShare(
    @FilterArg() filter: CaseFilterDto | undefined,
    @OptionsArg(FigureOptions) options: FigureOptions | undefined,
    @CurrentPrincipal() viewer?: Principal,
  ): Promise<FigureDto> {
    return this.figures.figure(
      'impunity_share',
      { ...filter, groupBy: options?.groupBy },
      viewer ?? ANONYMOUS,
    );
  }

  @ResolveField('monitorDisagreements', () => FigureDto, {
    description:
      'Cases on which monitors disagree, by country and year unless groupBy says otherwise',
  })
  monitorDisagreements(
    @FilterArg() filter: CaseFilterDto | undefined,
    @OptionsArg(FigureOptions) options: FigureOptions | undefined,
    @CurrentPrincipal() viewer?: Principal,
  ): Promise<FigureDto> {
    return this.figures.figure(
      'monitor_disagreements',
      { ...filter, groupBy: options?.groupBy },
      viewer ?? ANONYMOUS,
    );
  }

  @ResolveField('impunityIndex', () => FigureDto)
  impunityIndex(
    @FilterArg() filter: CaseFilterDto | undefined,
    @OptionsArg(IndexOptions) options: IndexOptions | undefined,
    @CurrentPrincipal() viewer?: Principal,
  ): Promise<FigureDto> {
    return this.figures.figure('impunity_index', { ...filter, ...options }, viewer ?? ANONYMOUS);
  }

  @ResolveField('responseRates', () => [ResponseRatesDto])
  responseRates(
    @Args('year', { type: () => Int, nullable: true }) year?: number,
  ): Promise<ResponseRatesDto[]> {
    return this.figures.responseRates(year);
  }

  @ResolveField('publishedFigures', () => [PublishedFigureDto])
  publishedFigures(
    @Args('figure', { type: () => String, nullable: true }) figure?: string,
  ): Promise<PublishedFigureDto[]> {
    return this.published.list(figure);
  }
}

/** Published reference figures recorded through GraphQL, as POST /statistics/published-figures. */
@Resolver()
export class PublishedFiguresResolver {
  constructor(private readonly published: PublishedFiguresService) {}

  @AdminAccess()
  @Mutation(() => PublishedFigureDto, {
    description:
      'Record a published figure with its scope (country or region, years, scheme); it is shown beside live figures of the same scope',
  })
  recordPublishedFigure(
    @Args('input', { type: () => PublishedFigureInput }) input: PublishedFigureInput,
  ): Promise<PublishedFigureDto> {
    return this.published.add(input);
  }
}

/** The compact shape of a figure's groups, for clients that select it instead of `groups`. */
@Resolver(() => FigureDto)
export class FigureTableResolver {
  @ResolveField('table', () => FigureTableDto, {
    description:
      'The groups as one table: a row of values per group, with what every group shares said once',
  })
  table(@Parent() figure: FigureDto): FigureTableDto {
    return figureTable(figure.groups, figureDimensions(figure));
  }
}
