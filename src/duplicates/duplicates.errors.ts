import { DomainError } from '../common/errors/domain-error.js';

export class DuplicatePairNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'duplicate_pair_not_found';

  constructor(caseId: string, otherCaseId: string) {
    super(`Cases ${caseId} and ${otherCaseId} are not a candidate pair`, [
      { field: 'otherCaseId', message: `${otherCaseId} is not a candidate for ${caseId}` },
    ]);
  }
}
