import { applyDecorators } from '@nestjs/common';
import { Field, Int, registerEnumType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  NotContains,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/**
 * Decorator stacks for input and output fields: each applies the GraphQL field, the OpenAPI
 * property and the validation rules at once, so both transports describe and check a field alike.
 */

interface Common {
  description: string;
  /** Absent or null is allowed (inputs) / the value may be null (outputs). */
  optional?: boolean;
  example?: unknown;
}

const allowAbsent = (optional?: boolean) =>
  optional ? [ValidateIf((_, v) => v !== undefined && v !== null)] : [];
const nullableList = (optional?: boolean) => (optional ? ('itemsAndList' as const) : false);
/** PostgreSQL text cannot hold NUL; refused here so the error names the field. */
const noNul = (each?: boolean) =>
  NotContains('\u0000', { each, message: '$property must not contain NUL characters' });

/** An enumeration, registered once as a GraphQL enum. */
export function graphqlEnum<T extends readonly string[]>(
  values: T,
  name: string,
  description: string,
): Record<T[number], T[number]> {
  const object = Object.fromEntries(values.map((v) => [v, v])) as Record<T[number], T[number]>;
  registerEnumType(object, { name, description });
  return object;
}

export function EnumField(
  values: readonly string[],
  graphqlType: object,
  options: Common & { each?: boolean },
) {
  const { description, optional, example, each } = options;
  return applyDecorators(
    Field(() => (each ? [graphqlType] : graphqlType), {
      description,
      nullable: each ? nullableList(optional) : optional,
    }),
    ApiProperty({
      description,
      required: !optional,
      nullable: optional,
      enum: values,
      isArray: each,
      example,
    }),
    ...allowAbsent(optional),
    ...(each ? [IsArray(), ArrayUnique(), ArrayMaxSize(values.length)] : []),
    IsIn(values, { each, message: `$property must be one of: ${values.join(', ')}` }),
  );
}

export function TextField(options: Common & { min?: number; max: number }) {
  const { description, optional, example, min = 1, max } = options;
  return applyDecorators(
    Field(() => String, { description, nullable: optional }),
    ApiProperty({
      description,
      required: !optional,
      nullable: optional,
      type: String,
      minLength: min,
      maxLength: max,
      example,
    }),
    ...allowAbsent(optional),
    IsString(),
    Length(min, max),
    noNul(),
  );
}

export function TextListField(options: Common & { maxItems: number; maxLength: number }) {
  const { description, optional, example, maxItems, maxLength } = options;
  return applyDecorators(
    Field(() => [String], { description, nullable: nullableList(optional) }),
    ApiProperty({ description, required: !optional, type: [String], maxItems, example }),
    ...allowAbsent(optional),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    Length(1, maxLength, { each: true }),
    noNul(true),
  );
}

export function UrlListField(options: Common & { maxItems: number }) {
  const { description, optional, example, maxItems } = options;
  return applyDecorators(
    Field(() => [String], { description, nullable: nullableList(optional) }),
    ApiProperty({
      description,
      required: !optional,
      type: [String],
      format: 'uri',
      maxItems,
      example,
    }),
    ...allowAbsent(optional),
    IsArray(),
    ArrayMaxSize(maxItems),
    ArrayUnique(),
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true },
      { each: true, message: '$property must hold http(s) URLs' },
    ),
    Length(1, 2000, { each: true }),
  );
}

export function UrlField(options: Common) {
  const { description, optional, example } = options;
  return applyDecorators(
    Field(() => String, { description, nullable: optional }),
    ApiProperty({
      description,
      required: !optional,
      nullable: optional,
      type: String,
      format: 'uri',
      example,
    }),
    ...allowAbsent(optional),
    IsUrl(
      { protocols: ['http', 'https'], require_protocol: true },
      { message: '$property must be an http(s) URL' },
    ),
    Length(1, 2000),
  );
}

/** A calendar date, YYYY-MM-DD, that exists (no 31 February). */
export function DateField(options: Common) {
  const { description, optional, example = '2009-11-23' } = options;
  return applyDecorators(
    Field(() => String, { description: `${description} (YYYY-MM-DD)`, nullable: optional }),
    ApiProperty({
      description,
      required: !optional,
      nullable: optional,
      type: String,
      format: 'date',
      example,
    }),
    ...allowAbsent(optional),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date written YYYY-MM-DD' }),
    IsISO8601(
      { strict: true, strictSeparator: true },
      { message: '$property must be a real calendar date (YYYY-MM-DD)' },
    ),
  );
}

export function CountryCodeField(options: Common & { each?: boolean; maxItems?: number }) {
  const { description, optional, example = 'PH', each, maxItems = 10 } = options;
  return applyDecorators(
    Field(() => (each ? [String] : String), {
      description,
      nullable: each ? nullableList(optional) : optional,
    }),
    ApiProperty({
      description,
      required: !optional,
      nullable: optional,
      type: String,
      isArray: each,
      pattern: '^[A-Z]{2}$',
      example: each ? [example] : example,
    }),
    ...allowAbsent(optional),
    ...(each ? [IsArray(), ArrayMaxSize(maxItems), ArrayUnique()] : []),
    Matches(/^[A-Z]{2}$/, {
      each,
      message: '$property must be an upper-case ISO 3166-1 alpha-2 code',
    }),
  );
}

export function CodeListField(options: Common & { maxItems: number }) {
  const { description, optional, example, maxItems } = options;
  return applyDecorators(
    Field(() => [String], { description, nullable: nullableList(optional) }),
    ApiProperty({ description, required: !optional, type: [String], maxItems, example }),
    ...allowAbsent(optional),
    IsArray(),
    ArrayMaxSize(maxItems),
    ArrayUnique(),
    Matches(/^[a-z_]{1,60}$/, { each: true, message: '$property must hold lower-case codes' }),
  );
}

export function UuidField(options: Common) {
  const { description, optional, example = '7d9f0c55-2a8e-4a57-9d8b-3f6b8f3b2c11' } = options;
  return applyDecorators(
    Field(() => String, { description, nullable: optional }),
    ApiProperty({
      description,
      required: !optional,
      nullable: optional,
      type: String,
      format: 'uuid',
      example,
    }),
    ...allowAbsent(optional),
    IsUUID('all', { message: '$property must be a UUID' }),
  );
}

export function IntField(options: Common & { min: number; max: number }) {
  const { description, optional, example, min, max } = options;
  return applyDecorators(
    Field(() => Int, { description, nullable: optional }),
    ApiProperty({
      description,
      required: !optional,
      nullable: optional,
      type: Number,
      minimum: min,
      maximum: max,
      example,
    }),
    ...allowAbsent(optional),
    Type(() => Number),
    IsInt({ message: '$property must be a whole number' }),
    Min(min),
    Max(max),
  );
}

export function NestedField(
  type: () => new () => object,
  options: Common & { each?: boolean; maxItems?: number },
) {
  const { description, optional, each, maxItems = 200 } = options;
  return applyDecorators(
    Field(() => (each ? [type()] : type()), {
      description,
      nullable: each ? nullableList(optional) : optional,
    }),
    ApiProperty({
      description,
      required: !optional,
      nullable: optional,
      type: type(),
      isArray: each,
    }),
    ...allowAbsent(optional),
    // ValidateNested lets a missing value or an array through where one object is required.
    ...(each
      ? [IsArray(), ArrayMaxSize(maxItems)]
      : [IsObject({ message: '$property must be an object' })]),
    ValidateNested({ each }),
    Type(type),
  );
}

/** A boolean; in query strings the words true and false. */
export function BoolField(options: Common) {
  const { description, optional, example } = options;
  return applyDecorators(
    Field(() => Boolean, { description, nullable: optional }),
    ApiProperty({ description, required: !optional, nullable: optional, type: Boolean, example }),
    ...allowAbsent(optional),
    Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
    IsBoolean({ message: '$property must be true or false' }),
  );
}
