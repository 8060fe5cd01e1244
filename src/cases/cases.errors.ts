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

/** A read of a case merged into another: answered by the survivor (REST: 301 to its URL). */
export class CaseMoved extends DomainError {
  readonly kind = 'moved';
  readonly code = 'case_merged';
  override readonly movedTo: { from: string; to: string };

  constructor(id: string, survivorId: string) {
    super(`Case ${id} was merged into case ${survivorId}`, [
      { field: 'id', message: `${id} is now case ${survivorId}` },
    ]);
    this.movedTo = { from: id, to: survivorId };
  }
}

/** A write to a case merged into another: it goes to the survivor. */
export class CaseMerged extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'case_merged';

  constructor(id: string, survivorId: string) {
    super(`Case ${id} was merged into case ${survivorId}: write to ${survivorId}`, [
      { field: 'id', message: `${id} is now case ${survivorId}` },
    ]);
  }
}
