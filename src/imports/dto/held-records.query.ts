import { EnumField, IntField, TextField } from '../../common/validation/fields.js';
import { SOURCE_NAMES } from '../import-record.js';
import type { SourceName } from '../import-record.js';

const SourceNameEnum = Object.fromEntries(SOURCE_NAMES.map((s) => [s, s]));

/** Imported records waiting for a reviewer, oldest first. */
export class HeldRecordsQuery {
  @EnumField(SOURCE_NAMES, SourceNameEnum, {
    description: 'Only records of this source: cpj (CPJ files) or tracker (this tracker’s export)',
    optional: true,
  })
  source?: SourceName;

  @IntField({
    description: 'Page size (default 50, at most 200)',
    optional: true,
    min: 1,
    max: 200,
  })
  limit?: number;

  @TextField({ description: 'pageInfo.nextCursor of the previous page', optional: true, max: 500 })
  cursor?: string;
}
