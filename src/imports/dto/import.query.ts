import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BoolField, DateField, EnumField, TextField } from '../../common/validation/fields.js';
import { IMPORT_FORMATS, IMPORT_MODES } from '../import-record.js';
import type { ImportFormat, ImportMode } from '../import-record.js';

const ImportFormatEnum = Object.fromEntries(IMPORT_FORMATS.map((f) => [f, f]));
const ImportModeEnum = Object.fromEntries(IMPORT_MODES.map((m) => [m, m]));

/** How to import the file sent as the request body. */
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

  @TextField({ description: 'Name of the file, kept with the job', optional: true, max: 500 })
  fileName?: string;

  @BoolField({
    description: 'Answer when the job has finished rather than at once',
    optional: true,
  })
  wait?: boolean;
}

export class ImportSummaryCounts {
  @ApiProperty() rowsRead: number;
  @ApiProperty() records: number;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ description: 'Held for review (e.g. a country label covering two countries)' })
  held: number;
  @ApiProperty() rejected: number;
  @ApiProperty() flagged: number;
  @ApiProperty() committed: boolean;
}

/** An import job: its state, progress and, once finished, its summary. */
export class ImportJobDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: IMPORT_FORMATS }) format: string;
  @ApiPropertyOptional({ nullable: true }) fileName: string | null;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ enum: IMPORT_MODES }) mode: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'] }) state: string;
  @ApiPropertyOptional({ enum: ['reading', 'writing', 'done'], nullable: true }) phase:
    string | null;
  @ApiProperty() rowsRead: number;
  @ApiPropertyOptional({ nullable: true }) recordsTotal: number | null;
  @ApiProperty() recordsDone: number;
  @ApiPropertyOptional({ type: ImportSummaryCounts, nullable: true }) summary: Record<
    string,
    unknown
  > | null;
  @ApiPropertyOptional({ nullable: true }) error: string | null;
  @ApiProperty({ description: 'URL of the rejected rows as CSV' }) rejectsUrl: string;
  @ApiProperty() createdBy: string;
  @ApiProperty() createdAt: Date;
  @ApiPropertyOptional({ nullable: true }) startedAt: Date | null;
  @ApiPropertyOptional({ nullable: true }) finishedAt: Date | null;
}
