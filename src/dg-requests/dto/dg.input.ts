import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsUUID,
  Max,
  Min,
} from 'class-validator';
import {
  BoolField,
  DateField,
  EnumField,
  graphqlEnum,
  IntField,
  NestedField,
  TextField,
  TextListField,
} from '../../common/validation/fields.js';

export const REPORTABLE_STATUSES = ['ongoing', 'resolved'] as const;
export const ReportableStatusEnum = graphqlEnum(
  REPORTABLE_STATUSES,
  'ReportedCaseStatus',
  'What a state can report about a case',
);

@InputType('DgCycleInput')
export class CreateDgCycleInput {
  @IntField({ description: 'Year the requests are sent', min: 2006, max: 2100, example: 2025 })
  year: number;

  @IntField({
    description: 'Report edition the answers feed (even years from 2008)',
    min: 2008,
    max: 2100,
    example: 2026,
  })
  reportEdition: number;

  @DateField({ description: 'Date the requests were sent', optional: true })
  sentOn?: string | null;

  @DateField({ description: 'Deadline for answers', optional: true })
  deadline?: string | null;
}

/** The cycle year in a path. */
@ArgsType()
export class CycleYearParam {
  @Field(() => Int)
  @ApiProperty({ example: 2025 })
  @Type(() => Number)
  @IsInt({ message: 'year must be a whole number' })
  @Min(2006)
  @Max(2100)
  year: number;
}

@InputType('DgRequestCasesInput')
export class RequestCasesInput {
  @Field(() => [ID], { description: 'Cases to ask the state about' })
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'caseIds must hold case ids (UUIDs)' })
  caseIds: string[];
}

@InputType('DgSendInput')
export class SendRequestInput {
  @DateField({ description: 'Date sent (default: the cycle’s date, else today)', optional: true })
  sentOn?: string | null;
}

@InputType('DgReportedCaseInput')
export class ReportedCaseInput {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId: string;

  @EnumField(REPORTABLE_STATUSES, ReportableStatusEnum, {
    description: 'Status the state reported',
    example: 'ongoing',
  })
  status: (typeof REPORTABLE_STATUSES)[number];

  @TextField({ description: 'What the state said about the case', optional: true, max: 5000 })
  note?: string | null;
}

@InputType('DgResponseInput')
export class DgResponseInput {
  @DateField({ description: 'Date the answer was received' })
  receivedOn: string;

  @BoolField({
    description:
      'Whether the state asked for its answer to be published; if not, its content is never shown to the public',
  })
  publicationRequested: boolean;

  @TextField({ description: 'Free-text remarks', optional: true, max: 20000 })
  remarks?: string | null;

  @TextListField({
    description: 'References of attached documents',
    optional: true,
    maxItems: 50,
    maxLength: 500,
  })
  documents?: string[];

  @NestedField(() => ReportedCaseInput, {
    description: 'Status reported for each case asked about',
    each: true,
    maxItems: 500,
    optional: true,
  })
  cases?: ReportedCaseInput[];
}
