import { DomainError } from '../common/errors/domain-error.js';

export class DgCycleNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'dg_cycle_not_found';

  constructor(year: number) {
    super(`No DG request cycle for ${year}`, [{ field: 'year', message: `${year} has no cycle` }]);
  }
}

export class DgRequestNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'dg_request_not_found';

  constructor(id: string) {
    super(`No DG request with the id ${id}`, [
      { field: 'id', message: `${id} is not a known request` },
    ]);
  }
}

export class DgCycleExists extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'dg_cycle_exists';

  constructor(year: number) {
    super(`A cycle for ${year} exists already`, [
      { field: 'year', message: 'has a cycle already' },
    ]);
  }
}

export class StateNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'country_not_found';

  constructor(code: string) {
    super(`No country with the code ${code}`, [
      { field: 'code', message: `${code} is not a known country code` },
    ]);
  }
}
