import { InputType } from '@nestjs/graphql';
import { Field, Float } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Min } from 'class-validator';
import {
  CountryCodeField,
  DateField,
  EnumField,
  graphqlEnum,
  IntField,
  TextField,
  UrlField,
} from '../../common/validation/fields.js';
import { SCHEMES, SchemeEnum } from '../../statuses/status.enums.js';
import type { Scheme } from '../../statuses/status.enums.js';

const UNITS = ['ratio', 'count', 'per_million'] as const;
const PRECISIONS = ['day', 'month', 'year'] as const;
const UnitEnum = graphqlEnum(UNITS, 'FigureUnit', 'ratio (0–1), count, or per million people');
const PrecisionEnum = graphqlEnum(
  PRECISIONS,
  'PublicationDatePrecision',
  'How precisely the publication date is known',
);

@InputType('PublishedFigureInput')
export class PublishedFigureInput {
  @TextField({
    description: 'Figure name, e.g. unresolved_ratio',
    max: 60,
    example: 'unresolved_ratio',
  })
  figure: string;

  @TextField({ description: 'Who published it', max: 200, example: 'CPJ Global Impunity Index' })
  source: string;

  @Field(() => Float)
  @ApiProperty({ example: 0.85 })
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'value must be a number' })
  @Min(0)
  value: number;

  @EnumField(UNITS, UnitEnum, { description: 'Unit of the value' })
  unit: (typeof UNITS)[number];

  @TextField({
    description: 'Period the figure covers',
    max: 100,
    optional: true,
    example: 'killings 2006–2023',
  })
  period?: string | null;

  @CountryCodeField({
    description: 'The one country it covers; shown only beside live figures for that country',
    optional: true,
  })
  country?: string | null;

  @TextField({
    description: 'The UNESCO region it covers (not with country)',
    optional: true,
    max: 60,
    example: 'africa',
  })
  region?: string | null;

  @IntField({ description: 'First year of its period', optional: true, min: 1900, max: 2100 })
  yearFrom?: number | null;

  @IntField({ description: 'Last year of its period', optional: true, min: 1900, max: 2100 })
  yearTo?: number | null;

  @EnumField(SCHEMES, SchemeEnum, {
    description: 'The status scheme it counts by (unesco or cpj), when it has one',
    optional: true,
  })
  scheme?: Scheme | null;

  @DateField({ description: 'Publication date' })
  publishedOn: string;

  @EnumField(PRECISIONS, PrecisionEnum, {
    description: 'Precision of publishedOn (default day)',
    optional: true,
  })
  datePrecision?: (typeof PRECISIONS)[number];

  @TextField({ description: 'The publisher’s definition', max: 2000, optional: true })
  definition?: string | null;

  @UrlField({ description: 'Where it was published', optional: true })
  url?: string | null;
}
