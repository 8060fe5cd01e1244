/** A field-level problem, as listed in the `details` of an error response. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The kinds of failure a service may report. Each maps once to an HTTP status (REST) and once to a
 * GraphQL error code; see error-mapping.ts.
 */
export type DomainErrorKind =
  | 'moved'
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'precondition_failed'
  | 'precondition_required'
  | 'unprocessable'
  | 'unavailable';

/** Base of every error a service throws on purpose. Services never throw HTTP exceptions. */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  /** A stable, machine-readable code, e.g. `country_not_found`. */
  abstract readonly code: string;
  readonly details: FieldProblem[];
  /** For `moved`: the id in the request's path that now lives under another one. */
  readonly movedTo?: { from: string; to: string };

  constructor(message: string, details: FieldProblem[] = []) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class InvalidInput extends DomainError {
  readonly kind = 'invalid_input';
  readonly code = 'invalid_input';

  constructor(
    details: FieldProblem[],
    message = `Invalid input: ${details.map((d) => d.field).join(', ')}`,
  ) {
    super(message, details);
  }

  static field(field: string, message: string): InvalidInput {
    return new InvalidInput([{ field, message }], `${field}: ${message}`);
  }
}

export class Unauthenticated extends DomainError {
  readonly kind = 'unauthenticated';
  readonly code = 'unauthenticated';

  constructor(message = 'This operation needs an API key: send Authorization: Bearer <key>') {
    super(message);
  }
}

export class Forbidden extends DomainError {
  readonly kind = 'forbidden';
  readonly code = 'forbidden';

  constructor(message = 'Your API key does not allow this operation') {
    super(message);
  }
}

export class ServiceUnavailable extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'service_unavailable';
}
