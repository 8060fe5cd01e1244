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
