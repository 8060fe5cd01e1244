import { BoolField, IntField, TextField } from '../validation/fields.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from './cursor.js';

/** The `limit` query parameter of a cursor-paginated list. */
export const PageLimitField = () =>
  IntField({
    description: `Page size (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})`,
    optional: true,
    min: 1,
    max: MAX_LIMIT,
  });

/** The `cursor` query parameter of a cursor-paginated list. */
export const PageCursorField = () =>
  TextField({ description: 'pageInfo.nextCursor of the previous page', optional: true, max: 500 });

/** The `withTotal` query parameter: also count every matching row (pageInfo.total). */
export const WithTotalField = () =>
  BoolField({ description: 'Also count every matching row (pageInfo.total)', optional: true });
