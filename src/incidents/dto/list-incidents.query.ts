import { InputType } from '@nestjs/graphql';
import { CountryCodeField, IntField, TextField } from '../../common/validation/fields.js';
import { PageLimitField, PageCursorField } from '../../common/pagination/page-fields.js';

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
  @PageLimitField()
  limit?: number;

  @PageCursorField()
  cursor?: string;
}
