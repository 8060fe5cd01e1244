import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional } from 'class-validator';
import { CaseFilterDto } from '../../cases/dto/list-cases.query.js';
import { DateField, IntField } from '../../common/validation/fields.js';

export const DIMENSIONS = [
  'year',
  'country',
  'region',
  'gender',
  'role',
  'media_type',
  'employment',
  'local_foreign',
  'context',
  'attack_type',
  'perpetrator_type',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const DimensionEnum = Object.fromEntries(DIMENSIONS.map((d) => [d, d])) as Record<
  Dimension,
  Dimension
>;
registerEnumType(DimensionEnum, {
  name: 'StatisticsDimension',
  description: 'A dimension figures can be grouped by',
});

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value;

export const FIGURE_SHAPES = ['full', 'compact'] as const;
export type FigureShape = (typeof FIGURE_SHAPES)[number];

/** How a figure's groups are written in a REST body. */
export class ShapeOption {
  @ApiPropertyOptional({
    enum: FIGURE_SHAPES,
    default: 'full',
    description:
      'full: `groups`, one object per group; compact: `table` instead, one row of values per group with what every group shares said once (the body of a large grouping is a fraction of the full one)',
  })
  @IsOptional()
  @IsIn(FIGURE_SHAPES, { message: `shape must be one of: ${FIGURE_SHAPES.join(', ')}` })
  shape?: FigureShape;
}

/** Filters of the case list, plus how to group. */
export class FigureQuery extends CaseFilterDto {
  @ApiPropertyOptional({
    description: `Comma-separated dimensions to group by: ${DIMENSIONS.join(', ')}`,
    example: 'year,country',
  })
  @IsOptional()
  @Transform(splitList)
  @IsArray()
  @ArrayMaxSize(3, { message: 'groupBy takes at most 3 dimensions' })
  @ArrayUnique()
  @IsIn(DIMENSIONS, {
    each: true,
    message: `groupBy must list dimensions among: ${DIMENSIONS.join(', ')}`,
  })
  groupBy?: Dimension[];
}

export class RatioQuery extends FigureQuery {
  @ApiPropertyOptional({
    enum: ['unesco', 'all'],
    default: 'unesco',
    description:
      'unesco: killings condemned by the Director-General since 2006; all: every killing since 2006',
  })
  @IsOptional()
  @IsIn(['unesco', 'all'], { message: 'scope must be unesco or all' })
  scope?: 'unesco' | 'all';
}

@InputType('ImpunityIndexOptions')
export class IndexOptions {
  @DateField({
    description: 'Last day of the window (default the last 31 August, CPJ’s window)',
    optional: true,
  })
  windowEnd?: string;

  @IntField({ description: 'Window length in years (default 10)', optional: true, min: 1, max: 50 })
  windowYears?: number;

  @IntField({
    description: 'Fewest unsolved murders for a country to be ranked (default 5)',
    optional: true,
    min: 1,
    max: 1000,
  })
  minimum?: number;

  @IntField({
    description:
      'World Bank population year (default the latest year with data, not after the window)',
    optional: true,
    min: 1960,
    max: 2100,
  })
  populationYear?: number;
}

/** Filters of the case list plus the impunity index's window and thresholds. */
export class IndexQuery extends IntersectionType(CaseFilterDto, IndexOptions) {}

export class ResponseRateQuery {
  @IntField({
    description: 'Cycle year (default every cycle)',
    optional: true,
    min: 2006,
    max: 2100,
  })
  year?: number;
}

/** GraphQL arguments shared by the grouped figures. */
@InputType('FigureOptions')
export class FigureOptions {
  @Field(() => [DimensionEnum], {
    nullable: true,
    description: 'Dimensions to group by (at most 3)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @ArrayUnique()
  @IsIn(DIMENSIONS, { each: true })
  groupBy?: Dimension[];

  @Field(() => String, {
    nullable: true,
    description: 'Unresolved ratio only: unesco (default) or all',
  })
  @IsOptional()
  @IsIn(['unesco', 'all'], { message: 'scope must be unesco or all' })
  scope?: 'unesco' | 'all';
}

/** The REST queries of the figures: their parameters and the body's shape. */
export class ShapedFigureQuery extends IntersectionType(FigureQuery, ShapeOption) {}
export class ShapedRatioQuery extends IntersectionType(RatioQuery, ShapeOption) {}
export class ShapedIndexQuery extends IntersectionType(IndexQuery, ShapeOption) {}
