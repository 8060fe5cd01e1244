import { EnumField } from '../../common/validation/fields.js';
import { SOURCE_NAMES } from '../import-record.js';
import type { SourceName } from '../import-record.js';
import { PageLimitField, PageCursorField } from '../../common/pagination/page-fields.js';

const SourceNameEnum = Object.fromEntries(SOURCE_NAMES.map((s) => [s, s]));

/** Imported records waiting for a reviewer, oldest first. */
export class HeldRecordsQuery {
  @EnumField(SOURCE_NAMES, SourceNameEnum, {
    description: 'Only records of this source: cpj (CPJ files) or tracker (this tracker’s export)',
    optional: true,
  })
  source?: SourceName;

  @PageLimitField()
  limit?: number;

  @PageCursorField()
  cursor?: string;
}
