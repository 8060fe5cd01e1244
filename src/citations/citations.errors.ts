import { DomainError } from '../common/errors/domain-error.js';

export class CitationNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'citation_not_found';

  constructor(id: string) {
    super(`No citation with the id ${id}`, [
      { field: 'id', message: `${id} is not a known citation` },
    ]);
  }
}
