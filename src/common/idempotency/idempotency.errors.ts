import { DomainError } from '../errors/domain-error.js';

export class IdempotencyKeyReused extends DomainError {
  readonly kind = 'unprocessable';
  readonly code = 'idempotency_key_reused';

  constructor() {
    super(
      'This Idempotency-Key was used for a different request: a retry must repeat the same request exactly; use a new key for a new request',
      [{ field: 'Idempotency-Key', message: 'was used with a different request' }],
    );
  }
}

export class IdempotentRequestInProgress extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'idempotent_request_in_progress';

  constructor() {
    super('The first request with this Idempotency-Key is still running; retry in a moment', [
      { field: 'Idempotency-Key', message: 'the request it names is still running' },
    ]);
  }
}
