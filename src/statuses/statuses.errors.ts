import { DomainError } from '../common/errors/domain-error.js';

export class StatusCaseNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'case_not_found';

  constructor(id: string) {
    super(`No case with the id ${id}`, [{ field: 'id', message: `${id} is not a known case` }]);
  }
}
