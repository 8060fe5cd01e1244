import { DomainError } from '../common/errors/domain-error.js';

export class CaseNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'case_not_found';

  constructor(id: string) {
    super(`No case with the id ${id}`, [{ field: 'id', message: `${id} is not a known case` }]);
  }
}

export class CaseRetracted extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'case_retracted';

  constructor(id: string) {
    super(`Case ${id} has been retracted and can no longer be changed`);
  }
}

export class ClassificationNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'classification_not_found';

  constructor(caseId: string, monitor: string) {
    super(`Case ${caseId} has no classification by ${monitor}`, [
      { field: 'monitor', message: `no classification by ${monitor}` },
    ]);
  }
}
