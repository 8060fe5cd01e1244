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
  /** The encoding for bytes that are not UTF-8, per column (`*`: the others). */
  fallbackEncoding: Record<string, string>;
  read(row: SourceRow, context: FormatContext): ReadResult;
  /** Folds a later row of the same record (a yearly census row) into the record. */
  merge?(into: CaseRecord, next: CaseRecord): void;
}

/** Header names compared without case, spaces or underscores, as spreadsheets rename them. */
export const headerKey = (header: string) => header.toLowerCase().replace(/[\s_-]+/g, '');

/** A row's values by canonical header key. */
export function byHeader(row: SourceRow): (header: string) => string | undefined {
  const map = new Map(Object.entries(row.values).map(([k, v]) => [headerKey(k), v]));
  return (header) => map.get(headerKey(header));
}
