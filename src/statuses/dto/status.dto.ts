import { DateScalar } from '../../common/time/instants.js';
import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import {
  DEFENDANT_ROLES,
  DefendantRoleEnum,
  REPORTERS,
  ReporterEnum,
  RESOLUTION_REASONS,
  ResolutionReasonEnum,
  SCHEMES,
  SchemeEnum,
  STATUSES,
  StatusEnum,
  STEPS,
  StepEnum,
  CPJ_STATUSES,
} from '../status.enums.js';
import type { Scheme } from '../status.enums.js';

@ObjectType('StatusEntry', { description: 'One entry of a case’s append-only status history' })
export class StatusEntryDto {
  @Field(() => ID)
  @ApiProperty({ example: '17' })
  id: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @Field(() => SchemeEnum)
  @ApiProperty({ enum: SCHEMES })
  scheme: string;

  @Field(() => StatusEnum)
  @ApiProperty({ enum: STATUSES })
  status: string;

  @Field(() => ResolutionReasonEnum, { nullable: true })
  @ApiProperty({ enum: RESOLUTION_REASONS, nullable: true })
  resolutionReason: string | null;

  @Field(() => DateScalar, { description: 'When the status became true' })
  @ApiProperty({ format: 'date' })
  effectiveDate: string;

  @Field({ description: 'When the system learned it' })
  @ApiProperty()
  recordedAt: Date;

  @Field(() => ReporterEnum)
  @ApiProperty({ enum: REPORTERS })
  reportedBy: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  source: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true, description: 'The earlier entry this one corrects' })
  @ApiProperty({ type: String, nullable: true })
  supersedesId: string | null;

  @Field(() => String, { nullable: true, description: 'The later entry that corrects this one' })
  @ApiProperty({ type: String, nullable: true })
  supersededById: string | null;

  @Field({ description: 'Who recorded it' })
  @ApiProperty()
  createdBy: string;

  @Field({
    description:
      'From a state answer that was not to be published; shown only to those allowed to see it',
  })
  @ApiProperty()
  confidential: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'The state answer (DG request response) it came from',
  })
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  dgResponseId: string | null;
}

/**
 * Where the entry that sets a status is found, kept on a status read without it so that GraphQL
 * reads the entry only when `entry` is asked for: by id (`entryId`; null when no entry sets it),
 * or else as the entry that sets the status on `asOf` as known now.
 */
export interface StatusEntryRef {
  caseId: string;
  scheme: Scheme;
  asOf: string;
  confidential: boolean;
  entryId?: string | null;
}

@ObjectType('CaseStatus', {
  description: 'A case’s status in one scheme on a date, as known at an instant',
})
export class CaseStatusDto {
  @Field(() => SchemeEnum)
  @ApiProperty({ enum: SCHEMES })
  scheme: string;

  @Field(() => StatusEnum, {
    nullable: true,
    description:
      'UNESCO: no_information when nothing was ever reported; CPJ: null when unclassified',
  })
  @ApiProperty({ enum: STATUSES, nullable: true })
  status: string | null;

  @Field(() => StatusEntryDto, { nullable: true, description: 'The history entry that sets it' })
  @ApiProperty({ type: StatusEntryDto, nullable: true })
  entry?: StatusEntryDto | null;

  /** Not a field: how GraphQL finds `entry` when it was not read with the status. */
  entryRef?: StatusEntryRef;

  @Field(() => DateScalar)
  @ApiProperty({ format: 'date' })
  asOf: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  knownAsOf: string | null;
}

@ObjectType('Proceeding', { description: 'A judicial or investigative step about a case' })
export class ProceedingDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  caseId: string;

  @Field(() => String, { nullable: true, description: 'null when unknown' })
  @ApiProperty({ type: String, nullable: true })
  defendantName: string | null;

  @Field(() => DefendantRoleEnum)
  @ApiProperty({ enum: DEFENDANT_ROLES })
  defendantRole: string;

  @Field(() => StepEnum)
  @ApiProperty({ enum: STEPS })
  step: string;

  @Field(() => DateScalar)
  @ApiProperty({ format: 'date' })
  stepDate: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  court: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  source: string | null;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true })
  note: string | null;

  @Field()
  @ApiProperty()
  recordedAt: Date;

  @Field()
  @ApiProperty()
  createdBy: string;
}

@ObjectType('CpjComparison', {
  description: 'The CPJ class the proceedings support beside the class last reported',
})
export class CpjComparisonDto {
  @Field(() => StatusEnum, {
    description:
      'Derived from proceedings: a convicted perpetrator and mastermind is full justice, any conviction partial, none complete impunity',
  })
  @ApiProperty({ enum: CPJ_STATUSES })
  derived: string;

  @Field(() => StatusEnum, {
    nullable: true,
    description: 'Last CPJ status reported in the history',
  })
  @ApiProperty({ enum: CPJ_STATUSES, nullable: true })
  reported: string | null;

  @Field({ description: 'True when both exist and differ' })
  @ApiProperty()
  disagree: boolean;

  @Field(() => DateScalar)
  @ApiProperty({ format: 'date' })
  asOf: string;
}

export class ProceedingsDto {
  @ApiProperty({ type: [ProceedingDto] })
  data: ProceedingDto[];

  @ApiProperty({ type: CpjComparisonDto })
  cpj: CpjComparisonDto;
}
