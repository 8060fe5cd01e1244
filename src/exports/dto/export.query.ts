import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CaseFilterDto } from '../../cases/dto/list-cases.query.js';
import { BoolField } from '../../common/validation/fields.js';

/** The case list's filters, and how to write the file. */
export class ExportQuery extends CaseFilterDto {
  @BoolField({
    description:
      'Start the CSV with a UTF-8 byte-order mark so that spreadsheets read it as UTF-8 (default true)',
    optional: true,
  })
  bom?: boolean;
}

export const EXPORT_FILES = [
  'cases.csv',
  'cases.ndjson',
  'people.csv',
  'people.ndjson',
  'incidents.csv',
  'incidents.ndjson',
  'status-history.csv',
  'status-history.ndjson',
] as const;

export class ExportFileParam {
  @ApiProperty({ enum: EXPORT_FILES, description: 'Dataset and format' })
  @IsIn(EXPORT_FILES, { message: `file must be one of: ${EXPORT_FILES.join(', ')}` })
  file: (typeof EXPORT_FILES)[number];
}
