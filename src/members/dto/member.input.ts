import { InputType } from '@nestjs/graphql';
import { IsEmail, ValidateIf } from 'class-validator';
import { ROLES } from '../../common/auth/principal.js';
import type { Role } from '../../common/auth/principal.js';
import { EnumField, TextField } from '../../common/validation/fields.js';
import { INSTANT } from '../../statuses/dto/status.input.js';
import { Matches } from 'class-validator';
import { ORGANISATION_KINDS, OrganisationKindEnum, RoleEnum } from '../member.enums.js';
import type { OrganisationKind } from '../member.enums.js';

@InputType('OrganisationInput')
export class CreateOrganisationDto {
  @TextField({ description: 'Name (unique)', max: 200, example: 'Foundation for Press Freedom' })
  name: string;

  @EnumField(ORGANISATION_KINDS, OrganisationKindEnum, {
    description: 'Kind (default member)',
    optional: true,
  })
  kind?: OrganisationKind;
}

@InputType('MemberInput')
export class CreateMemberDto {
  @TextField({ description: 'Name', max: 200, example: 'Ana Ruiz' })
  name: string;

  @TextField({ description: 'Email', optional: true, max: 320, example: 'ana@example.org' })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string | null;

  @EnumField(ROLES, RoleEnum, { description: 'Role', example: 'contributor' })
  role: Role;
}

@InputType('ApiKeyInput')
export class CreateApiKeyDto {
  @TextField({ description: 'What the key is for', optional: true, max: 200, example: 'laptop' })
  label?: string | null;

  @TextField({
    description: 'When the key stops working (default: one year from now; at most five years)',
    optional: true,
    max: 40,
    example: '2026-12-31T00:00:00Z',
  })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @Matches(INSTANT, { message: 'expiresAt must be a date (YYYY-MM-DD) or an ISO 8601 instant' })
  expiresAt?: string | null;
}
