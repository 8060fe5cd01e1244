import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';

/** Who may call an endpoint. Every controller route and resolver field declares one. */
export type AccessRule = 'public' | 'admin';
export const ACCESS_RULE = 'access-rule';

/** Anyone, without a key: reads of published, non-confidential data. */
export const PublicAccess = () => SetMetadata(ACCESS_RULE, 'public' satisfies AccessRule);

/** Administrators only (the bootstrap admin key for now). */
export const AdminAccess = () =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, 'admin' satisfies AccessRule),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No API key, or an unknown one' }),
    ApiForbiddenResponse({ description: 'The key is valid but does not allow this operation' }),
  );
