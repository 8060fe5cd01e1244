import { graphqlEnum } from '../common/validation/fields.js';

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export const ROLES = ['journalist', 'media_worker', 'social_media_producer'] as const;
export const EMPLOYMENTS = ['staff', 'freelance', 'unknown'] as const;
export const MEDIA_TYPES = ['print', 'radio', 'television', 'online', 'other'] as const;

export type Gender = (typeof GENDERS)[number];
export type Role = (typeof ROLES)[number];
export type Employment = (typeof EMPLOYMENTS)[number];
export type MediaType = (typeof MEDIA_TYPES)[number];

export const GenderEnum = graphqlEnum(GENDERS, 'Gender', 'Gender as reported');
export const RoleEnum = graphqlEnum(
  ROLES,
  'Role',
  'Journalist, media worker or social-media producer engaged in journalism',
);
export const EmploymentEnum = graphqlEnum(EMPLOYMENTS, 'Employment', 'Staff or freelance');
export const MediaTypeEnum = graphqlEnum(MEDIA_TYPES, 'MediaType', 'Medium the person worked for');
