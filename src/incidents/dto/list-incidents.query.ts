import { InputType } from '@nestjs/graphql';
import { CountryCodeField, IntField, TextField } from '../../common/validation/fields.js';

@InputType('IncidentFilter')
export class IncidentFilterDto {
  @CountryCodeField({ description: 'Country (ISO alpha-2)', optional: true })
  country?: string;

  @IntField({ description: 'In or after this year', optional: true, min: 1900, max: 2100 })
  yearFrom?: number;

  @IntField({ description: 'In or before this year', optional: true, min: 1900, max: 2100 })
  yearTo?: number;

  @TextField({
    description: 'Attack type; a parent type matches its children',
    optional: true,
    max: 60,
  })
  attackType?: string;
}

export class ListIncidentsQuery extends IncidentFilterDto {
  @IntField({
    description: 'Page size (default 50, at most 200)',
    optional: true,
    min: 1,
    max: 200,
  })
  limit?: number;

  @TextField({ description: 'pageInfo.nextCursor of the previous page', optional: true, max: 500 })
  cursor?: string;
}
