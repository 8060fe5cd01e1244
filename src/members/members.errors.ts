import { DomainError } from '../common/errors/domain-error.js';

export class OrganisationNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'organisation_not_found';

  constructor(id: string, field = 'id') {
    super(`No organisation with the id ${id}`, [
      { field, message: `${id} is not a known organisation` },
    ]);
  }
}

export class MemberNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'member_not_found';

  constructor(id: string) {
    super(`No member with the id ${id}`, [{ field: 'id', message: `${id} is not a known member` }]);
  }
}

export class MemberRemoved extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'member_removed';

  constructor(id: string) {
    super(`Member ${id} has been removed; their keys are revoked and no new key can be made`);
  }
}

export class ApiKeyNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'api_key_not_found';

  constructor(id: string) {
    super(`No API key with the id ${id}`, [{ field: 'id', message: `${id} is not a known key` }]);
  }
}
