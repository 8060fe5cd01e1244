import { DomainError } from '../common/errors/domain-error.js';

export class CountryNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'country_not_found';

  constructor(code: string) {
    super(`No country with the code ${code}`, [
      { field: 'code', message: `${code} is not a known country code` },
    ]);
  }
}

export class RegionSchemeNotFound extends DomainError {
  readonly kind = 'invalid_input';
  readonly code = 'unknown_region_scheme';

  constructor(scheme: string) {
    super(`No region scheme named ${scheme}`, [
      { field: 'scheme', message: `${scheme} is not a known region scheme` },
    ]);
  }
}

export class RegionNotFound extends DomainError {
  readonly kind = 'invalid_input';
  readonly code = 'unknown_region';

  constructor(scheme: string, region: string) {
    super(`No region ${region} in the ${scheme} scheme`, [
      { field: 'region', message: `${region} is not a region of the ${scheme} scheme` },
    ]);
  }
}
