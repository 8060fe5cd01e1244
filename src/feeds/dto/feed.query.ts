import { CaseFilterDto } from '../../cases/dto/list-cases.query.js';
import { CountryCodeField, TextField, UuidField } from '../../common/validation/fields.js';

/** A public feed takes the case list's filters. */
export class CaseFeedQuery extends CaseFilterDto {}

/** The review queue's private feed: its key, and what to follow. */
export class ReviewFeedQuery {
  @TextField({
    description: 'A review feed key (rfk_…), made with POST /api/v1/review-feed-keys',
    max: 100,
  })
  key: string;

  @UuidField({ description: 'Only proposals of this organisation', optional: true })
  organisation?: string;

  @CountryCodeField({ description: 'Only proposals about this country', optional: true })
  country?: string;
}
