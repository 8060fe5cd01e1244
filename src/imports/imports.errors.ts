import { DomainError } from '../common/errors/domain-error.js';

export class ImportJobNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'import_job_not_found';

  constructor(id: string) {
    super(`No import job with the id ${id}`, [
      { field: 'id', message: `${id} is not a known import job` },
    ]);
  }
}

export class ImportRecordNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'import_record_not_found';

  constructor(source: string, key: string) {
    super(`No imported record ${source}:${key}`, [
      { field: 'key', message: `${source}:${key} is not a record an import has seen` },
    ]);
  }
}

/** The record is a case already: a reviewer settled it, or a later import placed it. */
export class ImportRecordNotHeld extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'import_record_not_held';

  constructor(source: string, key: string, caseId: string) {
    super(
      `Imported record ${source}:${key} is no longer waiting for review: it is case ${caseId}`,
      [{ field: 'key', message: `already case ${caseId}` }],
    );
  }
}
