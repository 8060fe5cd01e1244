import { InputType } from '@nestjs/graphql';
import { EnumField, TextField } from '../../common/validation/fields.js';
import { GENDERS, GenderEnum, ROLES, RoleEnum } from '../person.enums.js';
import type { Gender, Role } from '../person.enums.js';
import { PageLimitField, WithTotalField } from '../../common/pagination/page-fields.js';

@InputType('PeopleFilter')
export class ListPeopleQuery {
  @TextField({
    description: 'Search in names, transliterations and outlets (accent-insensitive, fuzzy)',
    optional: true,
    max: 200,
  })
  q?: string;

  @EnumField(GENDERS, GenderEnum, { description: 'Only this gender', optional: true })
  gender?: Gender;

  @EnumField(ROLES, RoleEnum, { description: 'Only this role', optional: true })
  role?: Role;

  @TextField({
    description: 'Only people with this nationality (ISO alpha-2)',
    optional: true,
    min: 2,
    max: 2,
  })
  nationality?: string;
}

export class ListPeopleParams extends ListPeopleQuery {
  @PageLimitField()
  limit?: number;

  @TextField({
    description: 'Cursor from the previous page (pageInfo.nextCursor)',
    optional: true,
    max: 500,
  })
  cursor?: string;

  @WithTotalField()
  withTotal?: boolean;
}
