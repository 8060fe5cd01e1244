import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { PageInfoDto } from '../../common/pagination/cursor.js';
import { OUTCOMES } from '../../cases/case.enums.js';
import { CONTEXTS, ContextEnum, DATE_PRECISIONS, DatePrecisionEnum } from '../incident.enums.js';

/** A victim of an incident, in brief (REST embeds them). */
export class VictimSummaryDto {
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @ApiProperty({ format: 'uuid' })
  personId: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty({ enum: OUTCOMES })
  outcome: string;

  @ApiProperty({ type: Date, nullable: true })
  retractedAt: Date | null;
}

@ObjectType('Incident', {
  description: 'One event: a killing, an attack, an arrest; it can have many victims',
})
export class IncidentDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field(() => String, {
    nullable: true,
    description: 'Start date (YYYY-MM-DD); null when unknown',
  })
  @ApiProperty({ type: String, nullable: true, format: 'date' })
  dateStart: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, format: 'date' })
  dateEnd: string | null;

  @Field(() => DatePrecisionEnum)
  @ApiProperty({ enum: DATE_PRECISIONS })
  datePrecision: string;

  @Field({ description: 'ISO alpha-2 code of the country, as it was on the date' })
  @ApiProperty({ example: 'PH' })
  countryCode: string;

  @ApiProperty({ example: 'Philippines' })
  countryName: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  place: string | null;

  @Field(() => ContextEnum, { nullable: true })
  @ApiProperty({ enum: CONTEXTS, nullable: true })
  context: string | null;

  @Field(() => [String])
  @ApiProperty({ type: [String], example: ['murder'] })
  attackTypes: string[];

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  perpetratorTypes: string[];

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @Field(() => [String])
  @ApiProperty({ type: [String] })
  sourceLinks: string[];

  @Field(() => Int)
  @ApiProperty()
  version: number;

  @Field()
  @ApiProperty()
  createdAt: Date;

  @Field()
  @ApiProperty()
  updatedAt: Date;

  /** REST only: GraphQL resolves `cases` to whole cases. */
  @ApiProperty({ type: [VictimSummaryDto] })
  victims: VictimSummaryDto[];
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
