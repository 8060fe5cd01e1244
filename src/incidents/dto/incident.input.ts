import { InputType, OmitType, PartialType } from '@nestjs/graphql';
import { OmitType as RestOmitType, PartialType as RestPartialType } from '@nestjs/swagger';
import {
  CodeListField,
  CountryCodeField,
  DateField,
  EnumField,
  NestedField,
  TextField,
  UrlListField,
} from '../../common/validation/fields.js';
import { VictimInput } from '../../cases/dto/case.input.js';
import { ConfidentialDetailsInput } from '../../common/confidentiality/confidential.js';
import { CONTEXTS, ContextEnum, DATE_PRECISIONS, DatePrecisionEnum } from '../incident.enums.js';
import type { Context, DatePrecision } from '../incident.enums.js';

@InputType('IncidentInput')
export class CreateIncidentDto {
  @DateField({
    description:
      'Start date; month precision: the 1st of the month; year precision: 1 January; omitted when the date is unknown',
    optional: true,
  })
  dateStart?: string | null;

  @DateField({ description: 'End date, for events that lasted several days', optional: true })
  dateEnd?: string | null;

  @EnumField(DATE_PRECISIONS, DatePrecisionEnum, {
    description: 'How precisely the date is known',
    example: 'day',
  })
  datePrecision: DatePrecision;

  @CountryCodeField({
    description: 'Country where it happened, as it was on that date (ISO alpha-2)',
  })
  countryCode: string;

  @TextField({
    description: 'Place (free text)',
    optional: true,
    max: 300,
    example: 'Ampatuan, Maguindanao',
  })
  place?: string | null;

  @EnumField(CONTEXTS, ContextEnum, { description: 'Armed conflict or not', optional: true })
  context?: Context | null;

  @CodeListField({
    description: 'Attack types (at least one; see /api/v1/attack-types)',
    maxItems: 10,
    example: ['murder'],
  })
  attackTypes: string[];

  @CodeListField({
    description: 'Perpetrator types (see /api/v1/perpetrator-types)',
    optional: true,
    maxItems: 10,
    example: ['private_individual'],
  })
  perpetratorTypes?: string[];

  @TextField({ description: 'What happened', optional: true, max: 20000 })
  description?: string | null;

  @UrlListField({
    description: 'Links to sources',
    optional: true,
    maxItems: 50,
    example: ['https://example.org/report'],
  })
  sourceLinks?: string[];

  @NestedField(() => VictimInput, {
    description: 'Victims: a case each, created in the same transaction',
    optional: true,
    each: true,
    maxItems: 200,
  })
  victims?: VictimInput[];

  @NestedField(() => ConfidentialDetailsInput, {
    description: 'Source contacts, witness details, internal notes: never shown to the public',
    optional: true,
  })
  confidentialDetails?: ConfidentialDetailsInput | null;
}

@InputType('IncidentUpdateInput')
export class UpdateIncidentDto extends PartialType(
  OmitType(CreateIncidentDto, ['victims'] as const, InputType),
  InputType,
) {}

/** The REST PATCH body: the same fields, documented for OpenAPI (the type above is GraphQL's). */
export class UpdateIncidentBody extends RestPartialType(
  RestOmitType(CreateIncidentDto, ['victims'] as const),
) {}
