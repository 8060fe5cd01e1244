import { InputType, PartialType } from '@nestjs/graphql';
import { PartialType as RestPartialType } from '@nestjs/swagger';
import {
  CountryCodeField,
  EnumField,
  TextField,
  TextListField,
} from '../../common/validation/fields.js';
import {
  EMPLOYMENTS,
  EmploymentEnum,
  GENDERS,
  GenderEnum,
  MEDIA_TYPES,
  MediaTypeEnum,
  ROLES,
  RoleEnum,
} from '../person.enums.js';
import type { Employment, Gender, MediaType, Role } from '../person.enums.js';

@InputType('PersonInput')
export class CreatePersonDto {
  @TextField({
    description: 'Full name as written in the source',
    max: 300,
    example: 'Gerardo Ortega',
  })
  fullName: string;

  @TextField({
    description: 'Transliteration into Latin script, where the name is written in another',
    max: 300,
    optional: true,
  })
  transliteratedName?: string | null;

  @EnumField(GENDERS, GenderEnum, {
    description: 'Gender (default unknown)',
    optional: true,
    example: 'male',
  })
  gender?: Gender;

  @CountryCodeField({
    description: 'Nationalities, ISO alpha-2, primary first',
    each: true,
    optional: true,
    example: 'PH',
  })
  nationalities?: string[];

  @EnumField(ROLES, RoleEnum, {
    description: 'Role (default journalist)',
    optional: true,
    example: 'journalist',
  })
  role?: Role;

  @EnumField(EMPLOYMENTS, EmploymentEnum, {
    description: 'Employment (default unknown)',
    optional: true,
    example: 'staff',
  })
  employment?: Employment;

  @EnumField(MEDIA_TYPES, MediaTypeEnum, {
    description: 'Media types',
    optional: true,
    each: true,
    example: ['radio'],
  })
  mediaTypes?: MediaType[];

  @TextListField({
    description: 'Outlets the person worked for',
    optional: true,
    maxItems: 50,
    maxLength: 200,
    example: ['DWAR radio'],
  })
  outlets?: string[];

  @TextListField({
    description: 'Beats (coverage topics)',
    optional: true,
    maxItems: 50,
    maxLength: 100,
    example: ['environment', 'corruption'],
  })
  beats?: string[];
}

@InputType('PersonUpdateInput')
export class UpdatePersonDto extends PartialType(CreatePersonDto, InputType) {}

/** The REST PATCH body: the same fields, documented for OpenAPI (the type above is GraphQL's). */
export class UpdatePersonBody extends RestPartialType(CreatePersonDto) {}
