import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  BoolField,
  DateField,
  EnumField,
  graphqlEnum,
  TextField,
  TextListField,
} from '../../common/validation/fields.js';
import { IMPORT_FORMATS, IMPORT_MODES } from '../import-record.js';
import type { ImportFormat, ImportMode } from '../import-record.js';

const IMPORT_STATES = ['queued', 'running', 'succeeded', 'failed'] as const;
const IMPORT_PHASES = ['reading', 'writing', 'done'] as const;
/** GraphQL names cannot hold "-": the formats are cpj_api, cpj_legacy, … there. */
const ImportFormatEnum = Object.fromEntries(IMPORT_FORMATS.map((f) => [f.replace(/-/g, '_'), f]));
registerEnumType(ImportFormatEnum, {
  name: 'ImportFormat',
  description:
    'The format of a file to import (REST writes cpj-api, cpj-legacy, canonical-csv, canonical-json)',
});
const ImportModeEnum = graphqlEnum(
  IMPORT_MODES,
  'ImportMode',
  'all_or_nothing: any reject and nothing is written; commit_valid: write the valid rows',
);
const ImportStateEnum = graphqlEnum(IMPORT_STATES, 'ImportState', 'Where an import job is');
const ImportPhaseEnum = graphqlEnum(IMPORT_PHASES, 'ImportPhase', 'What a running import is doing');

/** How to import the file sent as the request body (GraphQL: with the file's text). */
@InputType('ImportOptionsInput')
export class ImportQuery {
  @EnumField(IMPORT_FORMATS, ImportFormatEnum, {
    description:
      'cpj-api (CPJ data API columns), cpj-legacy (CPJ’s older export), canonical-csv / canonical-json (this tracker’s export), population (World Bank)',
    example: 'cpj-api',
  })
  format: ImportFormat;

  @BoolField({
    description: 'Report what would be created, updated and rejected; write nothing',
    optional: true,
  })
  dryRun?: boolean;

  @EnumField(IMPORT_MODES, ImportModeEnum, {
    description:
      'all_or_nothing (default): any reject and nothing is written; commit_valid: write the valid rows',
    optional: true,
  })
  mode?: ImportMode;

  @DateField({
    description:
      'The date the file states its facts on: a changed CPJ status takes effect then (default today)',
    optional: true,
  })
  statusDate?: string;

  @TextField({
    description: 'Encoding for bytes that are not UTF-8, instead of the format’s declared fallback',
    optional: true,
    max: 40,
    example: 'windows-1252',
  })
  fallbackEncoding?: string;

  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value))
  @TextListField({
    description:
      'Columns of the file to read as the format’s, each written "format column=file column" (country=location), or a value every row has for a column the file lacks, written "format column==value" (status==Killed); repeat the parameter for several',
    optional: true,
    maxItems: 50,
    maxLength: 300,
    example: ['country=location', 'status==Killed'],
  })
  column?: string[];

  @TextField({ description: 'Name of the file, kept with the job', optional: true, max: 500 })
  fileName?: string;

  @BoolField({
    description: 'Answer when the job has finished rather than at once',
    optional: true,
  })
  wait?: boolean;
}

/** A record an import's summary lists: the rows it came from and its identity. */
@ObjectType({ isAbstract: true })
abstract class ImportRecordNote {
  @Field(() => [Int], { description: 'Rows of the file (header = row 1)' })
  @ApiProperty({ type: [Number], description: 'Rows of the file (header = row 1)' })
  rows: number[];

  @Field({ description: 'The record’s identity in its source' })
  @ApiProperty({ description: 'The record’s identity in its source' })
  key: string;
}

/** A record an import held for a reviewer. */
@ObjectType('ImportHeldRecordNote')
export class ImportHeldRecordNote extends ImportRecordNote {
  @Field({ description: 'Why it is held' })
  @ApiProperty({ description: 'Why it is held' })
  reason: string;
}

/** A record an import wrote with something for a reviewer to look at. */
@ObjectType('ImportFlaggedRecordNote')
export class ImportFlaggedRecordNote extends ImportRecordNote {
  @Field(() => [String], { description: 'What to look at, e.g. `unmapped_gender:<value>`' })
  @ApiProperty({ type: [String], description: 'What to look at, e.g. `unmapped_gender:<value>`' })
  flags: string[];
}

/** A record an import attached to a stored case instead of creating one. */
@ObjectType('ImportAttachedRecordNote')
export class ImportAttachedRecordNote extends ImportRecordNote {
  @Field(() => ID, { description: 'The stored case it joined' })
  @ApiProperty({ format: 'uuid', description: 'The stored case it joined' })
  caseId: string;
}

/** What an import did, once it has finished. */
@ObjectType('ImportSummary')
export class ImportSummaryCounts {
  @Field(() => Int, { description: 'Rows read from the file, its header left out' })
  @ApiProperty({ description: 'Rows read from the file, its header left out' })
  rowsRead: number;

  @Field(() => Int, { description: 'Records the rows made (census rows of one person are one)' })
  @ApiProperty({ description: 'Records the rows made (census rows of one person are one)' })
  records: number;

  @Field(() => Int)
  @ApiProperty()
  created: number;

  @Field(() => Int)
  @ApiProperty()
  updated: number;

  @Field(() => Int)
  @ApiProperty()
  unchanged: number;

  @Field(() => Int, {
    description: 'Held for review (e.g. a country label covering two countries)',
  })
  @ApiProperty({ description: 'Held for review (e.g. a country label covering two countries)' })
  held: number;

  @Field(() => Int, { description: 'Rows refused, each with its field and reason' })
  @ApiProperty({ description: 'Rows refused, each with its field and reason' })
  rejected: number;

  @Field(() => Int, { description: 'Records written with something for a reviewer to look at' })
  @ApiProperty({ description: 'Records written with something for a reviewer to look at' })
  flagged: number;

  @Field(() => Int, { description: 'Rows without a value (population files)' })
  @ApiProperty({ description: 'Rows without a value (population files)' })
  skipped: number;

  @Field({ description: 'Whether anything was written' })
  @ApiProperty({ description: 'Whether anything was written' })
  committed: boolean;

  @Field(() => Float, { description: 'How long the import took' })
  @ApiProperty({ description: 'How long the import took' })
  seconds: number;

  @Field(() => [ImportHeldRecordNote], { description: 'The first 200 held records' })
  @ApiProperty({ type: [ImportHeldRecordNote], description: 'The first 200 held records' })
  heldRecords: ImportHeldRecordNote[];

  @Field(() => [ImportFlaggedRecordNote], { description: 'The first 200 flagged records' })
  @ApiProperty({ type: [ImportFlaggedRecordNote], description: 'The first 200 flagged records' })
  flaggedRecords: ImportFlaggedRecordNote[];

  @Field(() => Int, {
    nullable: true,
    description:
      'Records that matched a stored case with confidence (the same person, date and country) and joined it instead of making a second case',
  })
  @ApiProperty({
    required: false,
    description:
      'Records that matched a stored case with confidence (the same person, date and country) and joined it instead of making a second case',
  })
  attached?: number;

  @Field(() => [ImportAttachedRecordNote], {
    nullable: true,
    description: 'The first 200 attached records, with the case each joined',
  })
  @ApiProperty({
    type: [ImportAttachedRecordNote],
    required: false,
    description: 'The first 200 attached records, with the case each joined',
  })
  attachedRecords?: ImportAttachedRecordNote[];
}

/** A row an import refused. */
@ObjectType('ImportReject')
export class ImportRejectDto {
  @Field(() => Int, { description: 'Row of the file (header = row 1; a JSON file: its line)' })
  row: number;

  @Field({ description: 'The column or field at fault' })
  field: string;

  @Field({ description: 'Why it was refused' })
  reason: string;
}

/** An import job: its state, progress and, once finished, its summary. */
@ObjectType('ImportJob', { description: 'An import job: its state, progress and summary' })
export class ImportJobDto {
  @Field(() => ID)
  @ApiProperty({ format: 'uuid' })
  id: string;

  @Field(() => ImportFormatEnum)
  @ApiProperty({ enum: IMPORT_FORMATS })
  format: string;

  @Field(() => String, { nullable: true, description: 'Name of the file, as given' })
  @ApiPropertyOptional({ nullable: true, description: 'Name of the file, as given' })
  fileName: string | null;

  @Field()
  @ApiProperty()
  dryRun: boolean;

  @Field(() => ImportModeEnum)
  @ApiProperty({ enum: IMPORT_MODES })
  mode: string;

  @Field(() => ImportStateEnum)
  @ApiProperty({ enum: IMPORT_STATES })
  state: string;

  @Field(() => ImportPhaseEnum, { nullable: true })
  @ApiPropertyOptional({ enum: IMPORT_PHASES, nullable: true })
  phase: string | null;

  @Field(() => Int)
  @ApiProperty()
  rowsRead: number;

  @Field(() => Int, { nullable: true, description: 'Records to write, once the file is read' })
  @ApiPropertyOptional({ nullable: true, description: 'Records to write, once the file is read' })
  recordsTotal: number | null;

  @Field(() => Int)
  @ApiProperty()
  recordsDone: number;

  @Field(() => ImportSummaryCounts, { nullable: true, description: 'Once finished' })
  @ApiPropertyOptional({ type: ImportSummaryCounts, nullable: true, description: 'Once finished' })
  summary: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'Why it failed' })
  @ApiPropertyOptional({ nullable: true, description: 'Why it failed' })
  error: string | null;

  @Field({ description: 'URL of the rejected rows as CSV' })
  @ApiProperty({ description: 'URL of the rejected rows as CSV' })
  rejectsUrl: string;

  @Field()
  @ApiProperty()
  createdBy: string;

  @Field()
  @ApiProperty()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @ApiPropertyOptional({ nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @ApiPropertyOptional({ nullable: true })
  finishedAt: Date | null;
}
