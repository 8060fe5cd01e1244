import { InputType } from '@nestjs/graphql';
import { Field, Float } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, Min } from 'class-validator';
import {
  DateField,
  EnumField,
  graphqlEnum,
  TextField,
  UrlField,
} from '../../common/validation/fields.js';

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
