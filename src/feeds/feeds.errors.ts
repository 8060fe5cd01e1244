import { DomainError } from '../common/errors/domain-error.js';

export class ReviewFeedKeyNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'review_feed_key_not_found';

  constructor(id: string) {
    super(`No review feed key ${id} of yours`, [
      { field: 'id', message: `${id} is not a review feed key you can see` },
    ]);
  }
}
