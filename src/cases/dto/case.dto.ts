import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { PersonSummaryDto } from '../../people/dto/person.dto.js';
import { DATE_PRECISIONS } from '../../incidents/incident.enums.js';
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
  @ApiProperty({ enum: MONITORS })
  monitor: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  externalId: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  url: string | null;

  @Field()
  @ApiProperty()
  included: boolean;

  @Field(() => MotiveEnum, { nullable: true })
  @ApiProperty({ enum: MOTIVES, nullable: true })
  motive: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  typeOfDeath: string | null;

  @Field(() => CondemnationEnum, { nullable: true })
  @ApiProperty({ enum: CONDEMNATIONS, nullable: true })
  condemnation: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, format: 'date' })
  recordedDate: string | null;
}

/** The incident a case belongs to, in brief (REST embeds it so a reader needs no second call). */
export class IncidentSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true, format: 'date' })
  dateStart: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date' })
  dateEnd: string | null;

  @ApiProperty({ enum: DATE_PRECISIONS })
  datePrecision: string;

  @ApiProperty({ example: 'PH' })
  countryCode: string;

  @ApiProperty({ example: 'Philippines' })
  countryName: string;

  @ApiProperty({ type: String, nullable: true })
  place: string | null;
}

@ObjectType('Case', { description: 'One person in one incident: the unit every figure counts' })
export class CaseDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  incidentId: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  personId: string;

  @Field(() => OutcomeEnum)
  @ApiProperty({ enum: OUTCOMES })
  outcome: string;

  @Field(() => LocalForeignEnum)
  @ApiProperty({ enum: LOCAL_FOREIGN })
  localForeign: string;

  @Field(() => String, {
    nullable: true,
    description: 'Date of death, when it differs from the attack date',
  })
  @ApiProperty({ type: String, nullable: true, format: 'date' })
  dateOfDeath: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Set when the case was retracted; it then counts in no figure',
  })
  @ApiProperty({ type: Date, nullable: true })
  retractedAt: Date | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  retractionReason: string | null;

  @Field(() => Int)
  @ApiProperty()
  version: number;

  @Field()
  @ApiProperty()
  createdAt: Date;

  @Field()
  @ApiProperty()
  updatedAt: Date;

  /** REST only: GraphQL resolves `person` to the whole Person. */
  @ApiProperty({ type: PersonSummaryDto })
  person: PersonSummaryDto;

  /** REST only: GraphQL resolves `incident` to the whole Incident. */
  @ApiProperty({ type: IncidentSummaryDto })
  incident: IncidentSummaryDto;

  @ApiProperty({ type: [ClassificationDto] })
  classifications: ClassificationDto[];
}
