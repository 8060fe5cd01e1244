import { InputType } from '@nestjs/graphql';
import { CountryCodeField, EnumField, TextField } from '../../common/validation/fields.js';
import { SOURCE_NAMES } from '../import-record.js';
import type { SourceName } from '../import-record.js';
import { SourceNameEnum } from './held-records.query.js';

/** A reviewer's decision on a held record: the country its incident happened in. */
@InputType('ResolveHeldImportRecordInput')
export class ResolveHeldRecordInput {
  @EnumField(SOURCE_NAMES, SourceNameEnum, {
    description: 'The record’s source, as listed',
    example: 'cpj',
  })
  source: SourceName;

  @TextField({
    description: 'The record’s key in its source, as listed',
    max: 1000,
    example: 'https://cpj.org/data/people/jane-doe/',
  })
  key: string;

  @CountryCodeField({
    description:
      'The country the incident happened in, as it was on the date: one of the candidates, or another with a note saying why',
    example: 'PS',
  })
  countryCode: string;

  @TextField({
    description: 'Why this country, kept in the audit trail',
    optional: true,
    max: 2000,
  })
  note?: string;
}
