import { DateScalar } from '../../common/time/instants.js';
import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { PageInfoDto } from '../../common/pagination/cursor.js';
import { DATE_PRECISIONS, DatePrecisionEnum } from '../../incidents/incident.enums.js';
import { SOURCE_NAMES } from '../import-record.js';
import { SourceNameEnum } from './held-records.query.js';

/** An imported record kept aside until a reviewer decides, as a reviewer needs to see it. */
@ObjectType('HeldImportRecord', {
  description:
    'An imported record kept aside until a reviewer decides (e.g. which of two countries)',
})
export class HeldRecordDto {
  @Field(() => SourceNameEnum, { description: 'Whose identity the record keeps' })
  @ApiProperty({ enum: SOURCE_NAMES, description: 'Whose identity the record keeps' })
  source: string;

  @Field(() => String, {
    description:
      'The record’s identity in its source (CPJ’s profile URL, or name|year|country|status)',
  })
  @ApiProperty({
    description:
      'The record’s identity in its source (CPJ’s profile URL, or name|year|country|status)',
    example: 'jane doe|2015|israel and the occupied palestinian territory|killed',
  })
  key: string;

  @Field(() => String, { nullable: true, description: 'The country as the source wrote it' })
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The country as the source wrote it',
    example: 'Israel and the Occupied Palestinian Territory',
  })
  countryLabel: string | null;

  @Field(() => [String], {
    description: 'The countries the label may mean (ISO alpha-2); empty when it names none',
  })
  @ApiProperty({
    type: [String],
    description: 'The countries the label may mean (ISO alpha-2); empty when it names none',
    example: ['IL', 'PS'],
  })
  candidates: string[];

  @Field(() => String, {
    nullable: true,
    description: 'Why the record is held; null once a reviewer has settled it',
  })
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the record is held; null once a reviewer has settled it',
  })
  reason: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The country a reviewer settled on; null while the record is held',
  })
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The country a reviewer settled on; null while the record is held',
    example: 'PS',
  })
  countryCode: string | null;

  @Field(() => String, { description: 'The person’s name' })
  @ApiProperty({ description: 'The person’s name' })
  fullName: string;

  @Field(() => DateScalar, { nullable: true, description: 'When the incident began (YYYY-MM-DD)' })
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'When the incident began (YYYY-MM-DD)',
  })
  dateStart: string | null;

  @Field(() => DatePrecisionEnum, { description: 'How precise the date is' })
  @ApiProperty({ enum: DATE_PRECISIONS, description: 'How precise the date is' })
  datePrecision: string;

  @Field(() => String, { nullable: true, description: 'Place (free text)' })
  @ApiProperty({ type: String, nullable: true, description: 'Place (free text)' })
  place: string | null;

  @Field(() => [Int], { description: 'Rows of the file the record came from (header = row 1)' })
  @ApiProperty({
    type: [Number],
    description: 'Rows of the file the record came from (header = row 1)',
  })
  rows: number[];

  @Field(() => [String], { description: 'Things a reviewer should look at' })
  @ApiProperty({ type: [String], description: 'Things a reviewer should look at' })
  flags: string[];

  @Field(() => String, { nullable: true, description: 'Import that first read it' })
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'Import that first read it',
  })
  firstJobId: string | null;

  @Field(() => String, { nullable: true, description: 'Import that last read it' })
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'Import that last read it',
  })
  lastJobId: string | null;

  @Field(() => Date, { description: 'When an import first held it' })
  @ApiProperty({ description: 'When an import first held it' })
  heldSince: Date;
}

@ObjectType('HeldImportRecordPage')
export class HeldRecordPageDto {
  @Field(() => [HeldRecordDto])
  @ApiProperty({ type: [HeldRecordDto] })
  data: HeldRecordDto[];

  @Field(() => PageInfoDto)
  @ApiProperty({ type: PageInfoDto })
  pageInfo: PageInfoDto;
}

/** The case a reviewer's decision created. */
@ObjectType('ResolvedHeldImportRecord')
export class ResolvedHeldRecordDto {
  @Field(() => ID, { description: 'The case created' })
  @ApiProperty({ format: 'uuid', description: 'The case created' })
  caseId: string;

  @Field(() => String, { description: 'Its permanent URL' })
  @ApiProperty({
    description: 'Its permanent URL',
    example: '/api/v1/cases/7d9f0c55-2a8e-4a57-9d8b-3f6b8f3b2c11',
  })
  url: string;

  @Field(() => HeldRecordDto, { description: 'The record as settled' })
  @ApiProperty({ type: HeldRecordDto, description: 'The record as settled' })
  record: HeldRecordDto;
}
