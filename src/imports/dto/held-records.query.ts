import { EnumField, graphqlEnum } from '../../common/validation/fields.js';
import { SOURCE_NAMES } from '../import-record.js';
import type { SourceName } from '../import-record.js';
import { PageLimitField, PageCursorField } from '../../common/pagination/page-fields.js';

export const SourceNameEnum = graphqlEnum(
  SOURCE_NAMES,
  'ImportSource',
  'Whose identity an imported record keeps: cpj (CPJ’s files) or tracker (this tracker’s export)',
);

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
