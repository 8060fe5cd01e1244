import { DateScalar } from '../../common/time/instants.js';
import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { PageInfoDto } from '../../common/pagination/cursor.js';

@ObjectType('DuplicateCandidate', {
  description: 'A case that may record the same killing as another one, with why and how likely',
})
export class DuplicateCandidateDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid', description: 'The case the candidate is for' })
  caseId: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid', description: 'The other case, which may be the same killing' })
  candidateCaseId: string;

  @Field()
  @ApiProperty({ description: 'The other case’s person' })
  candidateName: string;

  @Field(() => DateScalar, { nullable: true })
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'The other case’s incident date (its start), when known',
  })
  candidateDate: string | null;

  @Field()
  @ApiProperty({ example: 'PH', description: 'The other case’s country (ISO alpha-2)' })
  candidateCountry: string;

  @Field(() => Float, { description: 'From 0 to 1' })
  @ApiProperty({ example: 0.93, description: 'How likely the two are one killing, from 0 to 1' })
  score: number;

  @Field(() => [String], {
    description:
      'same_person, same_name or similar_name:<similarity>, name_across_transliteration, same_country, same_date, dates_overlap, dates_within_window or date_unknown, unidentified_name',
  })
  @ApiProperty({
    type: [String],
    example: ['similar_name:0.72', 'same_country', 'same_date'],
    description: 'Why the two were paired (as in GraphQL)',
  })
  reasons: string[];

  @Field({ description: 'open (to review) or not_same (a reviewer kept them apart)' })
  @ApiProperty({
    enum: ['open', 'not_same'],
    description: 'open (to review) or not_same (a reviewer kept them apart)',
  })
  status: string;
}

@ObjectType('DuplicatePair', { description: 'A pair of cases on the review list' })
export class DuplicatePairDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  caseA: string;

  @Field()
  @ApiProperty()
  nameA: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  caseB: string;

  @Field()
  @ApiProperty()
  nameB: string;

  @Field(() => Float)
  @ApiProperty({ example: 0.93, description: 'How likely the two are one killing, from 0 to 1' })
  score: number;

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  reasons: string[];

  @Field({
    description:
      'open (to review), not_same (a reviewer kept them apart) or merged (a reviewer made them one case)',
  })
  @ApiProperty({
    enum: ['open', 'not_same', 'merged'],
    description:
      'open (to review), not_same (a reviewer kept them apart) or merged (a reviewer made them one case)',
  })
  status: string;

  @Field()
  @ApiProperty()
  foundAt: Date;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  decidedBy: string | null;

  @Field(() => Date, { nullable: true })
  @ApiProperty({ type: Date, nullable: true })
  decidedAt: Date | null;
}

@ObjectType('DuplicatePairPage')
export class DuplicatePairPageDto {
  @Field(() => [DuplicatePairDto])
  @ApiProperty({ type: [DuplicatePairDto] })
  data: DuplicatePairDto[];

  @Field(() => PageInfoDto)
  @ApiProperty({ type: PageInfoDto })
  pageInfo: PageInfoDto;
}
