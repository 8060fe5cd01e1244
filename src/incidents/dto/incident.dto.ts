import { DuplicateCandidateDto } from '../../duplicates/dto/duplicate.dto.js';
import { DateScalar } from '../../common/time/instants.js';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { ConfidentialDetailsDto } from '../../common/confidentiality/confidential.js';
import { PageInfoDto } from '../../common/pagination/cursor.js';
import { OUTCOMES } from '../../cases/case.enums.js';
import { CONTEXTS, ContextEnum, DATE_PRECISIONS, DatePrecisionEnum } from '../incident.enums.js';

/** A victim of an incident, in brief (REST embeds them). */
export class VictimSummaryDto {
  @ApiProperty({ format: 'uuid', description: 'The victim’s case' })
  caseId: string;

  @ApiProperty({ format: 'uuid', description: 'The victim' })
  personId: string;

  @ApiProperty({ description: 'The victim’s full name' })
  fullName: string;

  @ApiProperty({ enum: OUTCOMES, description: 'What happened to the victim' })
  outcome: string;

  @ApiProperty({ type: Date, nullable: true, description: 'Set when the case was retracted' })
  retractedAt: Date | null;
}

@ObjectType('Incident', {
  description: 'One event: a killing, an attack, an arrest; it can have many victims',
})
export class IncidentDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid', description: 'Incident id' })
  id: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Start date (YYYY-MM-DD); null when unknown',
  })
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'Start date; null when unknown (see datePrecision)',
  })
  dateStart: string | null;

  @Field(() => DateScalar, { nullable: true })
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'End date, for events that lasted several days',
  })
  dateEnd: string | null;

  @Field(() => DatePrecisionEnum)
  @ApiProperty({
    enum: DATE_PRECISIONS,
    description:
      'How precisely the date is known: month means dateStart is the 1st of the month, year 1 January',
  })
  datePrecision: string;

  @Field({ description: 'ISO alpha-2 code of the country, as it was on the date' })
  @ApiProperty({
    example: 'PH',
    description: 'ISO alpha-2 code of the country where it happened, as it was on the date',
  })
  countryCode: string;

  @ApiProperty({ example: 'Philippines', description: 'Name of that country' })
  countryName: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, description: 'Place (free text)' })
  place: string | null;

  @Field(() => ContextEnum, { nullable: true })
  @ApiProperty({ enum: CONTEXTS, nullable: true, description: 'Armed conflict or not' })
  context: string | null;

  @Field(() => [String])
  @ApiProperty({
    type: [String],
    example: ['murder'],
    description: 'Attack types (see /api/v1/attack-types)',
  })
  attackTypes: string[];

  @Field(() => [String])
  @ApiProperty({ type: [String], description: 'Perpetrator types (see /api/v1/perpetrator-types)' })
  perpetratorTypes: string[];

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, description: 'What happened' })
  description: string | null;

  @Field(() => [String])
  @ApiProperty({ type: [String], description: 'Links to sources' })
  sourceLinks: string[];

  @Field(() => Int)
  @ApiProperty({ description: 'Increases with every change' })
  version: number;

  @Field()
  @ApiProperty({ description: 'When the incident was recorded' })
  createdAt: Date;

  @Field()
  @ApiProperty({ description: 'When the record last changed' })
  updatedAt: Date;

  /** REST only: GraphQL resolves `cases` to whole cases. */
  @ApiProperty({
    type: [VictimSummaryDto],
    description: 'One entry per case, retracted ones included',
  })
  victims: VictimSummaryDto[];

  @Field(() => ConfidentialDetailsDto, {
    nullable: true,
    description:
      'Source contacts, witness details, internal notes: null unless the caller is a reviewer or administrator',
  })
  @ApiProperty({
    type: ConfidentialDetailsDto,
    nullable: true,
    description:
      'Source contacts, witness details, internal notes: null unless the caller is a reviewer or administrator',
  })
  confidentialDetails: ConfidentialDetailsDto | null;

  @Field(() => [DuplicateCandidateDto], {
    nullable: true,
    description:
      'In the answer to a creation: cases that may record the same killings as its victims’ (a warning)',
  })
  @ApiProperty({
    type: [DuplicateCandidateDto],
    required: false,
    description:
      'In the answer to a creation, when there are some: cases that may record the same killings as its victims’ (a warning; see GET /duplicates)',
  })
  duplicateCandidates?: DuplicateCandidateDto[];
}

@ObjectType('IncidentPage')
export class IncidentPageDto {
  @Field(() => [IncidentDto])
  @ApiProperty({ type: [IncidentDto] })
  data: IncidentDto[];

  @Field(() => PageInfoDto)
  @ApiProperty({ type: PageInfoDto })
  pageInfo: PageInfoDto;
}
