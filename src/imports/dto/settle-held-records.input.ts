import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import {
  BoolField,
  CountryCodeField,
  EnumField,
  NestedField,
  TextField,
} from '../../common/validation/fields.js';
import { SOURCE_NAMES } from '../import-record.js';
import type { SourceName } from '../import-record.js';
import { SourceNameEnum } from './held-records.query.js';

/** One held record named by its source and key. */
@InputType('HeldImportRecordRef')
export class HeldRecordRef {
  @EnumField(SOURCE_NAMES, SourceNameEnum, { description: 'The record’s source, as listed' })
  source: SourceName;

  @TextField({ description: 'The record’s key in its source, as listed', max: 1000 })
  key: string;
}

/**
 * A reviewer's decision on many held records at once: the records chosen by their country label,
 * by a rule on their place, or by a list (all given selectors must hold), and the country they
 * happened in.
 */
@InputType('SettleHeldImportRecordsInput')
export class SettleHeldRecordsInput {
  @CountryCodeField({
    description: 'The country the chosen records’ incidents happened in, as it was on their dates',
    example: 'PS',
  })
  countryCode: string;

  @TextField({
    description: 'Only records held under this country label, as the source wrote it',
    optional: true,
    max: 300,
    example: 'Israel and the Occupied Palestinian Territory',
  })
  label?: string;

  @TextField({
    description:
      'Only records whose place contains this text (case and accents aside): the rule “place contains Gaza → PS”',
    optional: true,
    max: 200,
    example: 'Gaza',
  })
  placeContains?: string;

  @NestedField(() => HeldRecordRef, {
    description: 'Only these records (at most 1,000)',
    optional: true,
    each: true,
    maxItems: 1000,
  })
  records?: HeldRecordRef[];

  @EnumField(SOURCE_NAMES, SourceNameEnum, {
    description: 'Only records of this source',
    optional: true,
  })
  source?: SourceName;

  @TextField({
    description: 'Why this country, kept in the audit trail',
    optional: true,
    max: 2000,
  })
  note?: string;

  @BoolField({ description: 'List what would be settled; settle nothing', optional: true })
  dryRun?: boolean;
}

/** A record a bulk settlement chose. */
@ObjectType('HeldImportRecordSettled')
export class SettledHeldRecordDto {
  @Field(() => SourceNameEnum)
  @ApiProperty({ enum: SOURCE_NAMES })
  source: string;

  @Field()
  @ApiProperty()
  key: string;

  @Field(() => String, { nullable: true, description: 'The case created (null in a dry run)' })
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  caseId: string | null;
}

/** What a bulk settlement did (or would do). */
@ObjectType('HeldImportRecordsSettled')
export class SettledHeldRecordsDto {
  @Field(() => Int, { description: 'Records settled (or, in a dry run, that would be)' })
  @ApiProperty({ description: 'Records settled (or, in a dry run, that would be)' })
  settled: number;

  @Field({ description: 'Whether anything was written' })
  @ApiProperty({ description: 'Whether anything was written' })
  committed: boolean;

  @Field(() => [SettledHeldRecordDto], { description: 'The records, with the cases created' })
  @ApiProperty({ type: [SettledHeldRecordDto] })
  records: SettledHeldRecordDto[];
}
