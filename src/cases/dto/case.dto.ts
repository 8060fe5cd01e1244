import { DuplicateCandidateDto } from '../../duplicates/dto/duplicate.dto.js';
import { DateScalar } from '../../common/time/instants.js';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { ConfidentialDetailsDto } from '../../common/confidentiality/confidential.js';
import { PersonSummaryDto } from '../../people/dto/person.dto.js';
import { CONTEXTS, DATE_PRECISIONS } from '../../incidents/incident.enums.js';
import {
  CONDEMNATIONS,
  CondemnationEnum,
  LOCAL_FOREIGN,
  LocalForeignEnum,
  MONITORS,
  MonitorEnum,
  MOTIVES,
  MotiveEnum,
  OUTCOMES,
  OutcomeEnum,
} from '../case.enums.js';

@ObjectType('MonitorClassification', { description: 'What one monitoring body says about a case' })
export class ClassificationDto {
  @Field(() => MonitorEnum)
  @ApiProperty({ enum: MONITORS, description: 'The monitoring body' })
  monitor: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, description: 'The monitor’s own id for the case' })
  externalId: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, description: 'The monitor’s page for the case' })
  url: string | null;

  @Field()
  @ApiProperty({ description: 'Whether the monitor counts the case' })
  included: boolean;

  @Field(() => MotiveEnum, { nullable: true })
  @ApiProperty({
    enum: MOTIVES,
    nullable: true,
    description: 'Motive confirmed or unconfirmed (CPJ)',
  })
  motive: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Type of death as the monitor words it',
  })
  typeOfDeath: string | null;

  @Field(() => CondemnationEnum, { nullable: true })
  @ApiProperty({
    enum: CONDEMNATIONS,
    nullable: true,
    description: 'Condemned or only deplored (UNESCO Director-General)',
  })
  condemnation: string | null;

  @Field(() => DateScalar, { nullable: true })
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'When the monitor recorded the case',
  })
  recordedDate: string | null;
}

/** The incident a case belongs to, in brief (REST embeds it so a reader needs no second call). */
export class IncidentSummaryDto {
  @ApiProperty({ format: 'uuid', description: 'Incident id' })
  id: string;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'Start date; null when unknown',
  })
  dateStart: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'End date, for events that lasted several days',
  })
  dateEnd: string | null;

  @ApiProperty({ enum: DATE_PRECISIONS, description: 'How precisely the date is known' })
  datePrecision: string;

  @ApiProperty({
    example: 'PH',
    description: 'ISO alpha-2 code of the country, as it was on the date',
  })
  countryCode: string;

  @ApiProperty({ example: 'Philippines', description: 'Name of that country' })
  countryName: string;

  @ApiProperty({ type: String, nullable: true, description: 'Place (free text)' })
  place: string | null;

  @ApiProperty({ enum: CONTEXTS, nullable: true, description: 'Conflict or not' })
  context: string | null;

  @ApiProperty({ type: [String], description: 'Attack types (taxonomy codes)' })
  attackTypes: string[];

  @ApiProperty({ type: [String], description: 'Perpetrator types' })
  perpetratorTypes: string[];

  @ApiProperty({ type: String, nullable: true, description: 'What happened' })
  description: string | null;

  @ApiProperty({ type: [String], description: 'Links to the sources' })
  sourceLinks: string[];
}

@ObjectType('Case', { description: 'One person in one incident: the unit every figure counts' })
export class CaseDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid', description: 'Case id' })
  id: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid', description: 'The incident' })
  incidentId: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid', description: 'The person the case is about' })
  personId: string;

  @Field(() => OutcomeEnum)
  @ApiProperty({ enum: OUTCOMES, description: 'What happened to the person' })
  outcome: string;

  @Field(() => LocalForeignEnum)
  @ApiProperty({ enum: LOCAL_FOREIGN, description: 'Local or foreign journalist, as reported' })
  localForeign: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Date of death, when it differs from the attack date',
  })
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'Date of death, when it differs from the attack date',
  })
  dateOfDeath: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Set when the case was retracted; it then counts in no figure',
  })
  @ApiProperty({
    type: Date,
    nullable: true,
    description: 'Set when the case was retracted; it then counts in no figure',
  })
  retractedAt: Date | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, description: 'Why the case was retracted' })
  retractionReason: string | null;

  @Field(() => Int)
  @ApiProperty({ description: 'Increases with every change' })
  version: number;

  @Field()
  @ApiProperty({ description: 'When the case was recorded' })
  createdAt: Date;

  @Field()
  @ApiProperty({ description: 'When the record last changed' })
  updatedAt: Date;

  /** REST only: GraphQL resolves `person` to the whole Person. */
  @ApiProperty({ type: PersonSummaryDto, description: 'The person, in brief' })
  person: PersonSummaryDto;

  /** REST only: GraphQL resolves `incident` to the whole Incident. */
  @ApiProperty({ type: IncidentSummaryDto, description: 'The incident, in brief' })
  incident: IncidentSummaryDto;

  @ApiProperty({
    type: [ClassificationDto],
    description: 'What each monitor says about the case, side by side',
  })
  classifications: ClassificationDto[];

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
      'In the answer to a creation: cases that may record the same killing (a warning; see duplicates)',
  })
  @ApiProperty({
    type: [DuplicateCandidateDto],
    required: false,
    description:
      'In the answer to a creation, when there are some: cases that may record the same killing (a warning; see GET /duplicates)',
  })
  duplicateCandidates?: DuplicateCandidateDto[];
}
