import { ROLES } from '../common/auth/principal.js';
import { graphqlEnum } from '../common/validation/fields.js';

export const ORGANISATION_KINDS = ['member', 'monitor', 'unesco', 'research', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const OrganisationKindEnum = graphqlEnum(
  ORGANISATION_KINDS,
  'OrganisationKind',
  'What kind of organisation',
);
export const RoleEnum = graphqlEnum(ROLES, 'MemberRole', 'What a member’s keys may do');
