import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto.js';
import type { Role } from './principal.js';

/**
 * Who may call an endpoint: anyone ('public'), or the holders of keys with one of these roles.
 * Every controller route and resolver field declares one; the guard refuses those that do not.
 */
export type AccessRule = 'public' | readonly Role[];
export const ACCESS_RULE = 'access-rule';

/** Anyone, without a key: reads of published, non-confidential data. */
export const PublicAccess = () => SetMetadata(ACCESS_RULE, 'public' satisfies AccessRule);

/** Keys with one of these roles; an administrator is never refused what a role below may do. */
export const Access = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, [...new Set<Role>([...roles, 'admin'])] satisfies AccessRule),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({
      description: 'No API key, or an unknown, revoked or expired one',
      type: ErrorResponseDto,
    }),
    ApiForbiddenResponse({
      description: 'The key is valid but its role does not allow this',
      type: ErrorResponseDto,
    }),
  );

/** Administrators only: organisations, members, keys, and direct edits of the record. */
export const AdminAccess = () => Access('admin');

/** Reviewers (and administrators): the review queue, the audit trail, confidential data. */
export const ReviewerAccess = () => Access('reviewer');

/** Any member's key: contributors file proposals and follow their organisation's. */
export const MemberAccess = () => Access('contributor', 'reviewer');
