import { ApiProperty } from '@nestjs/swagger';
import { PageInfoDto } from '../../common/pagination/cursor.js';
import { DATE_PRECISIONS } from '../../incidents/incident.enums.js';
import { SOURCE_NAMES } from '../import-record.js';

/** An imported record kept aside until a reviewer decides, as a reviewer needs to see it. */
export class HeldRecordDto {
  @ApiProperty({ enum: SOURCE_NAMES, description: 'Whose identity the record keeps' })
  source: string;

  @ApiProperty({
    description:
      'The record’s identity in its source (CPJ’s profile URL, or name|year|country|status)',
    example: 'jane doe|2015|israel and the occupied palestinian territory|killed',
  })
  key: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The country as the source wrote it',
    example: 'Israel and the Occupied Palestinian Territory',
  })
  countryLabel: string | null;

  @ApiProperty({
    type: [String],
    description: 'The countries the label may mean (ISO alpha-2); empty when it names none',
    example: ['IL', 'PS'],
  })
  candidates: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the record is held; null once a reviewer has settled it',
  })
  reason: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The country a reviewer settled on; null while the record is held',
    example: 'PS',
  })
  countryCode: string | null;

  @ApiProperty({ description: 'The person’s name' })
  fullName: string;

  @ApiProperty({ type: String, nullable: true, format: 'date' })
  dateStart: string | null;

  @ApiProperty({ enum: DATE_PRECISIONS })
  datePrecision: string;

  @ApiProperty({ type: String, nullable: true, description: 'Place (free text)' })
  place: string | null;

  @ApiProperty({
    type: [Number],
    description: 'Rows of the file the record came from (header = row 1)',
  })
  rows: number[];

  @ApiProperty({ type: [String], description: 'Things a reviewer should look at' })
  flags: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'Import that first read it',
  })
  firstJobId: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'Import that last read it',
  })
  lastJobId: string | null;

  @ApiProperty({ description: 'When an import first held it' })
  heldSince: Date;
}

export class HeldRecordPageDto {
  @ApiProperty({ type: [HeldRecordDto] })
  data: HeldRecordDto[];

  @ApiProperty({ type: PageInfoDto })
  pageInfo: PageInfoDto;
}

/** The case a reviewer's decision created. */
export class ResolvedHeldRecordDto {
  @ApiProperty({ format: 'uuid', description: 'The case created' })
  caseId: string;

  @ApiProperty({
    description: 'Its permanent URL',
    example: '/api/v1/cases/7d9f0c55-2a8e-4a57-9d8b-3f6b8f3b2c11',
  })
  url: string;

  @ApiProperty({ type: HeldRecordDto, description: 'The record as settled' })
  record: HeldRecordDto;
}
