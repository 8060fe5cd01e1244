import { Field, InputType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches } from 'class-validator';
import { GraphQLJSON } from 'graphql-type-json';

export const CITABLE_FIGURES = [
  'killings',
  'unresolved_ratio',
  'impunity_share',
  'impunity_index',
] as const;

@InputType('CitationInput')
export class CreateCitationInput {
  @Field(() => String, { description: `One of: ${CITABLE_FIGURES.join(', ')}` })
  @ApiProperty({ enum: CITABLE_FIGURES })
  @IsIn(CITABLE_FIGURES, { message: `figure must be one of: ${CITABLE_FIGURES.join(', ')}` })
  figure: (typeof CITABLE_FIGURES)[number];

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'The figure’s query parameters, as for its statistics endpoint',
  })
  @ApiProperty({
    type: Object,
    required: false,
    example: { asOf: '2024-11-02', region: 'latin_america_caribbean' },
  })
  @IsOptional()
  @IsObject()
  query?: Record<string, unknown>;

  @Field(() => String, {
    nullable: true,
    description:
      'A release version: the figure must then come from that release’s data (refused once the data has changed since)',
  })
  @ApiProperty({ required: false, example: '2026.12.06' })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9][0-9A-Za-z.-]{0,39}$/, { message: 'release is not a release version' })
  release?: string;
}
