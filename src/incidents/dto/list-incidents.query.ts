import { InputType } from '@nestjs/graphql';
import {
  CountryCodeField,
  DateField,
  IntField,
  TextField,
} from '../../common/validation/fields.js';
import {
  PageCursorField,
  PageLimitField,
  WithTotalField,
} from '../../common/pagination/page-fields.js';

@InputType('IncidentFilter')
export class IncidentFilterDto {
  @CountryCodeField({ description: 'Country (ISO alpha-2)', optional: true })
  country?: string;

  @IntField({ description: 'In or after this year', optional: true, min: 1900, max: 2100 })
  yearFrom?: number;

  @IntField({ description: 'In or before this year', optional: true, min: 1900, max: 2100 })
  yearTo?: number;

  @DateField({
    description: 'Dated on or after this day (a month, year or range counts when it overlaps)',
    optional: true,
  })
  dateFrom?: string;

  @DateField({
    description: 'Dated on or before this day (a month, year or range counts when it overlaps)',
    optional: true,
  })
  dateTo?: string;

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

  @WithTotalField()
  withTotal?: boolean;
}
