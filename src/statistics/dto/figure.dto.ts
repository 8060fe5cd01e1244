import { DateScalar } from '../../common/time/instants.js';
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty, OmitType } from '@nestjs/swagger';
import { GraphQLJSON } from 'graphql-type-json';

@ObjectType('FigureDefinition')
export class DefinitionDto {
  @Field()
  @ApiProperty({ example: 'unresolved_ratio' })
  name: string;

  @Field()
  @ApiProperty({ example: '1.0' })
  version: string;

  @Field()
  @ApiProperty()
  description: string;
}

@ObjectType('PublishedFigure', {
  description: 'A figure as published by UNESCO, CPJ or another body, kept as a dated fact',
})
export class PublishedFigureDto {
  @Field()
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field()
  @ApiProperty({ example: 'unresolved_ratio' })
  figure: string;

  @Field()
  @ApiProperty()
  source: string;

  @Field(() => Float)
  @ApiProperty({ example: 0.85 })
  value: number;

  @Field({ description: 'ratio, count or per_million' })
  @ApiProperty({ enum: ['ratio', 'count', 'per_million'] })
  unit: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, example: 'killings 2006–2023' })
  period: string | null;

  @Field(() => String, { nullable: true, description: 'Country it covers (null: not one country)' })
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Country it covers' })
  country: string | null;

  @Field(() => String, { nullable: true, description: 'UNESCO region it covers' })
  @ApiProperty({ type: String, nullable: true, example: null, description: 'UNESCO region' })
  region: string | null;

  @Field(() => Int, { nullable: true, description: 'First year of its period' })
  @ApiProperty({ type: Number, nullable: true, example: 2006 })
  yearFrom: number | null;

  @Field(() => Int, { nullable: true, description: 'Last year of its period' })
  @ApiProperty({ type: Number, nullable: true, example: 2023 })
  yearTo: number | null;

  @Field(() => String, { nullable: true, description: 'Status scheme it counts by: unesco or cpj' })
  @ApiProperty({ type: String, nullable: true, enum: ['unesco', 'cpj'] })
  scheme: string | null;

  @Field(() => DateScalar)
  @ApiProperty({ format: 'date' })
  publishedOn: string;

  @Field({ description: 'How precisely publishedOn is known: day, month or year' })
  @ApiProperty({ enum: ['day', 'month', 'year'] })
  datePrecision: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  definition: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  url: string | null;
}

@ObjectType('FigureGroup', {
  description: 'The figure for one group (one combination of the groupBy dimensions)',
})
export class FigureGroupDto {
  @Field(() => GraphQLJSON, { description: 'Values of the groupBy dimensions; null means unknown' })
  @ApiProperty({ type: Object, example: { year: 2009, country: 'PH' } })
  key: Record<string, string | number | null>;

  @Field(() => Float, { nullable: true })
  @ApiProperty({ type: Number, nullable: true })
  value: number | null;

  @Field(() => Float, { nullable: true })
  @ApiProperty({ type: Number, nullable: true })
  numerator: number | null;

  @Field(() => Float, { nullable: true })
  @ApiProperty({ type: Number, nullable: true })
  denominator: number | null;

  @Field(() => Int, { description: 'Cases with unknown or missing data in this group' })
  @ApiProperty()
  unknown: number;

  @Field(() => Int, {
    description:
      'Imported records held for a reviewer that fall in this group as far as they can be placed (their candidate countries all in this group, their date known): not counted in the value',
  })
  @ApiProperty({
    description:
      'Imported records held for a reviewer that fall in this group as far as they can be placed (their candidate countries all in this group, their date known): not counted in the value',
  })
  held: number;

  @Field(() => String, { nullable: true, description: 'Why the value is missing, when it is' })
  @ApiProperty({ type: String, nullable: true })
  note: string | null;
}

@ObjectType('FigureTable', {
  description:
    'A figure’s groups as one table, with what every group shares said once (the compact shape)',
})
export class FigureTableDto {
  @Field(() => [String], {
    description:
      'Names of the cells of each row: the groupBy dimensions, then the measures that vary between groups (value, numerator, denominator, unknown, held, note)',
  })
  @ApiProperty({
    type: [String],
    example: ['year', 'country', 'value', 'unknown'],
    description:
      'Names of the cells of each row: the groupBy dimensions, then the measures that vary between groups (value, numerator, denominator, unknown, held, note)',
  })
  columns: string[];

  @Field(() => GraphQLJSON, { description: 'One row of cells per group, in the groups’ order' })
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: {} },
    example: [
      [2009, 'PH', 33, 0],
      [2010, 'PH', 4, 1],
    ],
    description: 'One row of cells per group, in the groups’ order',
  })
  rows: (string | number | null)[][];

  @Field(() => GraphQLJSON, { description: 'Measures with the same value in every group' })
  @ApiProperty({
    type: Object,
    example: { numerator: null, denominator: null, held: 0, note: null },
    description: 'Measures with the same value in every group',
  })
  constant: Record<string, unknown>;

  @Field(() => GraphQLJSON, {
    description:
      'Measures equal in every group to the column named (a count’s numerator is its value)',
  })
  @ApiProperty({
    type: Object,
    example: { numerator: 'value' },
    description:
      'Measures equal in every group to the column named (a count’s numerator is its value)',
  })
  sameAs: Record<string, string>;
}

@ObjectType('Figure', { description: 'A figure with everything needed to reproduce and cite it' })
export class FigureDto {
  @Field()
  @ApiProperty({ example: 'unresolved_ratio' })
  figure: string;

  @Field(() => DefinitionDto)
  @ApiProperty({ type: DefinitionDto })
  definition: DefinitionDto;

  @Field(() => Float, {
    nullable: true,
    description: 'The figure over the whole scope (ratio, count or index)',
  })
  @ApiProperty({ type: Number, nullable: true, example: 0.86 })
  value: number | null;

  @Field(() => Float, { nullable: true })
  @ApiProperty({ type: Number, nullable: true })
  numerator: number | null;

  @Field(() => Float, { nullable: true })
  @ApiProperty({ type: Number, nullable: true })
  denominator: number | null;

  @Field(() => Int, { description: 'Cases in scope with unknown or missing data' })
  @ApiProperty()
  unknown: number;

  @Field(() => Int, {
    description:
      'Imported records held for a reviewer (e.g. their country is undecided) that may fall in this scope: not counted in the value',
  })
  @ApiProperty({
    description:
      'Imported records held for a reviewer (e.g. their country is undecided) that may fall in this scope: not counted in the value',
  })
  held: number;

  @Field(() => Int, {
    description:
      'Of the held records, those no group can take (candidate countries in different groups, unknown date): in no group’s held',
  })
  @ApiProperty({
    description:
      'Of the held records, those no group can take (candidate countries in different groups, unknown date): in no group’s held',
  })
  heldUnplaced: number;

  @Field(() => String, { nullable: true, description: 'What the held records mean for the value' })
  @ApiProperty({ type: String, nullable: true })
  heldNote: string | null;

  @Field(() => GraphQLJSON, { description: 'Filters and parameters the figure was computed with' })
  @ApiProperty({ type: Object })
  scope: Record<string, unknown>;

  @Field(() => DateScalar)
  @ApiProperty({ format: 'date' })
  asOf: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  knownAsOf: string | null;

  @Field({ description: 'Dataset revision the figure was computed on' })
  @ApiProperty({ example: '1842' })
  revision: string;

  @Field(() => [FigureGroupDto])
  @ApiProperty({ type: [FigureGroupDto] })
  groups: FigureGroupDto[];

  @Field(() => [PublishedFigureDto], {
    description: 'Published reference figures of the same name, to read beside the live one',
  })
  @ApiProperty({ type: [PublishedFigureDto] })
  published: PublishedFigureDto[];
}

/** A figure in the compact shape: its groups as one table. */
export class CompactFigureDto extends OmitType(FigureDto, ['groups'] as const) {
  @ApiProperty({ type: FigureTableDto, description: 'The groups, as one table' })
  table: FigureTableDto;
}
