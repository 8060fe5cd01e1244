import type { CaseRecord, ReadResult, SourceName, SourceRow } from '../import-record.js';
import type { CountryRule } from './cpj-common.js';

export interface FormatContext {
  countries: Map<string, CountryRule>;
  /** The date the file states the facts on (default: the day of the import). */
  statusDate: string;
}

/** A CSV source format: how its rows become case records. */
export interface CsvCaseFormat {
  source: SourceName;
  /** A short description for the job summary. */
  label: string;
  /** Headers a file must have; matched by name, in any order, among any others. */
  required: string[];
  /** Other names files give a column, read as the column when the file lacks its own name. */
  aliases?: Record<string, string[]>;
  /** The column a reject names when two rows are the same record. */
  identityField: string;
  /** The encoding for bytes that are not UTF-8, per column (`*`: the others). */
  fallbackEncoding: Record<string, string>;
  read(row: SourceRow, context: FormatContext): ReadResult;
  /**
   * Folds a later row of the same record (a yearly census row) into the record, or answers false
   * when the two rows are two records that the identity cannot tell apart (nothing is folded).
   */
  merge?(into: CaseRecord, next: CaseRecord): boolean;
}

const headerKeys = new Map<string, string>();

/** Header names compared without case, spaces or underscores, as spreadsheets rename them. */
export function headerKey(header: string): string {
  let key = headerKeys.get(header);
  if (key === undefined) {
    // Remembered: every row of a file asks for the same few headers.
    if (headerKeys.size > 10_000) headerKeys.clear();
    key = header.toLowerCase().replace(/[\s_-]+/g, '');
    headerKeys.set(header, key);
  }
  return key;
}

/** A row's values by canonical header key. */
export function byHeader(row: SourceRow): (header: string) => string | undefined {
  const map = new Map<string, string>();
  for (const column in row.values) map.set(headerKey(column), row.values[column]);
  return (header) => map.get(headerKey(header));
}
