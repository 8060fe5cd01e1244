import { DateScalar } from '../../common/time/instants.js';
import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { GraphQLJSON } from 'graphql-type-json';
import { DefinitionDto, FigureDto } from '../../statistics/dto/figure.dto.js';

@ObjectType('FrozenFigure', { description: 'The numbers as they were when the citation was made' })
export class FrozenFigureDto {
  @Field(() => Float, { nullable: true })
  @ApiProperty({ type: Number, nullable: true })
  value: number | null;

  @Field(() => Float, { nullable: true })
  @ApiProperty({ type: Number, nullable: true })
  numerator: number | null;

  @Field(() => Float, { nullable: true })
  @ApiProperty({ type: Number, nullable: true })
  denominator: number | null;

  @Field(() => Int)
  @ApiProperty()
  unknown: number;

  @Field(() => DateScalar)
  @ApiProperty({ format: 'date' })
  asOf: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  knownAsOf: string | null;

  @Field(() => GraphQLJSON)
  @ApiProperty({ type: Object })
  scope: Record<string, unknown>;

  @Field(() => Int, {
    nullable: true,
    description: 'Imported records held for a reviewer that may fall in the scope (absent: none)',
  })
  @ApiProperty({ type: Number, nullable: true })
  held?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Of the held records, those no group could take (absent: none)',
  })
  @ApiProperty({ type: Number, nullable: true })
  heldUnplaced?: number | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  heldNote?: string | null;

  @Field(() => GraphQLJSON, {
    description:
      'The groups, as frozen (each with held when records held for a reviewer fall in it)',
  })
  @ApiProperty({ type: [Object] })
  groups: unknown[];
}

@ObjectType('FigureChange', { description: 'Live minus frozen' })
export class ChangeDto {
  @Field(() => Float, { nullable: true })
  @ApiProperty({ type: Number, nullable: true })
  value: number | null;

  @Field(() => Float, { nullable: true })
  @ApiProperty({ type: Number, nullable: true })
  numerator: number | null;

  @Field(() => Float, { nullable: true })
  @ApiProperty({ type: Number, nullable: true })
  denominator: number | null;

  @Field({ description: 'Revisions of the dataset since the citation' })
  @ApiProperty()
  revisionsSince: string;
}

@ObjectType('CitedRelease', {
  description: 'The release whose data the figure was computed on (the same dataset revision)',
})
export class CitedReleaseDto {
  @Field()
  @ApiProperty({ example: '2026.12.06' })
  version: string;

  @Field({ description: 'The release’s Data Package descriptor' })
  @ApiProperty()
  url: string;
}

@ObjectType('Citation', {
  description: 'A frozen figure with a permanent id derived from its content',
})
export class CitationDto {
  @Field({
    description:
      'SHA-256 (hex) of the RFC 8785 canonical JSON of the frozen content (figure, query, definition, revision, result); older citations keep their 24-digit ids',
  })
  @ApiProperty({ example: '5d0c6f1e2b3a4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c' })
  id: string;

  @Field({ description: 'Permanent URL' })
  @ApiProperty()
  url: string;

  @Field()
  @ApiProperty({ example: 'unresolved_ratio' })
  figure: string;

  @Field(() => GraphQLJSON)
  @ApiProperty({ type: Object })
  query: Record<string, unknown>;

  @Field(() => DefinitionDto)
  @ApiProperty({ type: DefinitionDto })
  definition: DefinitionDto;

  @Field()
  @ApiProperty()
  revision: string;

  @Field()
  @ApiProperty()
  createdAt: Date;

  @Field(() => CitedReleaseDto, {
    nullable: true,
    description: 'The release made at the citation’s revision: its files hold the same data',
  })
  @ApiProperty({ type: CitedReleaseDto, nullable: true })
  release: CitedReleaseDto | null;

  @Field(() => FrozenFigureDto)
  @ApiProperty({ type: FrozenFigureDto })
  frozen: FrozenFigureDto;

  @Field(() => FigureDto, { nullable: true, description: 'The same query computed now' })
  @ApiProperty({ type: FigureDto, nullable: true })
  live: FigureDto | null;

  @Field(() => ChangeDto, { nullable: true })
  @ApiProperty({ type: ChangeDto, nullable: true })
  change: ChangeDto | null;
}
