import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DateField, EnumField, TextField } from '../../common/validation/fields.js';
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
} from '../status.enums.js';
import type {
  DefendantRole,
  Reporter,
  ResolutionReason,
  Scheme,
  Status,
  Step,
} from '../status.enums.js';

/** A date (the end of that day, UTC) or an ISO 8601 instant with its offset. */
export const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

@InputType('StatusEntryInput')
export class StatusEntryInput {
  @EnumField(SCHEMES, SchemeEnum, { description: 'Status scheme', example: 'unesco' })
  scheme: Scheme;

  @EnumField(STATUSES, StatusEnum, { description: 'A status of that scheme', example: 'ongoing' })
  status: Status;

  @EnumField(RESOLUTION_REASONS, ResolutionReasonEnum, {
    description: 'Why resolved (only with status resolved)',
    optional: true,
  })
  resolutionReason?: ResolutionReason | null;

  @DateField({ description: 'The date the status became true' })
  effectiveDate: string;

  @EnumField(REPORTERS, ReporterEnum, { description: 'Who reported it', example: 'monitor' })
  reportedBy: Reporter;

  @TextField({ description: 'Source document or URL', optional: true, max: 2000 })
  source?: string | null;

  @TextField({ description: 'Note', optional: true, max: 5000 })
  note?: string | null;

  @TextField({
    description: 'Id of an earlier entry of the same case and scheme that this one corrects',
    optional: true,
    max: 20,
    example: '17',
  })
  @Matches(/^\d{1,18}$/, { message: 'supersedes must be the id of a status entry' })
  supersedes?: string | null;
}

/** Which status to read: scheme, the date it held on, and what was known when. */
@ArgsType()
export class StatusQuery {
  @Field(() => SchemeEnum, { nullable: true, description: 'Status scheme (default unesco)' })
  @ApiPropertyOptional({ enum: SCHEMES, default: 'unesco' })
  @IsOptional()
  @Matches(/^(unesco|cpj)$/, { message: 'scheme must be one of: unesco, cpj' })
  scheme?: Scheme;

  @Field(() => String, { nullable: true, description: 'The status on this date (default today)' })
  @ApiPropertyOptional({ format: 'date', description: 'The status on this date (default today)' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'asOf must be a date written YYYY-MM-DD' })
  asOf?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'As it was known then: ignore entries recorded later (a date means the end of that day, UTC; or an ISO 8601 instant)',
  })
  @ApiPropertyOptional({
    description:
      'As it was known then: ignore entries recorded later (a date means the end of that day, UTC; or an ISO 8601 instant)',
    example: '2022-11-02',
  })
  @IsOptional()
  @Matches(INSTANT, {
    message: 'knownAsOf must be a date (YYYY-MM-DD) or an ISO 8601 instant with offset',
  })
  knownAsOf?: string;
}

@InputType('ProceedingInput')
export class ProceedingInput {
  @TextField({ description: 'Defendant’s name; omit when unknown', optional: true, max: 300 })
  defendantName?: string | null;

  @EnumField(DEFENDANT_ROLES, DefendantRoleEnum, {
    description: 'Role of the defendant',
    example: 'perpetrator',
  })
  defendantRole: DefendantRole;

  @EnumField(STEPS, StepEnum, { description: 'The step', example: 'convicted' })
  step: Step;

  @DateField({ description: 'Date of the step' })
  stepDate: string;

  @TextField({ description: 'Court', optional: true, max: 300 })
  court?: string | null;

  @TextField({ description: 'Source document or URL', optional: true, max: 2000 })
  source?: string | null;

  @TextField({ description: 'Note', optional: true, max: 5000 })
  note?: string | null;
}
