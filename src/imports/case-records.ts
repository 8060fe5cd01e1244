// Reading a file's rows into case records: each row read by its format (or as a canonical JSON
// object), refused with its row, field and reason when it cannot be one, its types checked
// against the taxonomy, and records of the same identity merged, told apart or refused.
import { canonicalRecord } from './formats/canonical.format.js';
import { parseColumnMapping } from './formats/header-mapping.js';
import type { FormatContext } from './formats/import-format.js';
import type { CaseRecord, ReadResult, Reject } from './import-record.js';
import { overflowReject } from './import-record.js';
import type { ImportOptions, ImportProgress } from './import-job.js';
import { CSV_FORMATS, readImportRows } from './import-rows.js';

/** A file read into records, by identity in file order, with the rows it refused. */
export interface CaseRecordsRead {
  records: Map<string, CaseRecord>;
  rejects: Reject[];
  rowsRead: number;
  /** The file's columns in its order, and the names they were read as (none for JSON). */
  columns?: { columns: string[]; readAs: string[] };
}

export async function readCaseRecords(
  path: string,
  options: ImportOptions,
  context: FormatContext,
  known: { attackTypes: Set<string>; perpetratorTypes: Set<string> },
  progress: (p: ImportProgress) => void,
): Promise<CaseRecordsRead> {
  const format = CSV_FORMATS[options.format];
  const { attackTypes, perpetratorTypes } = known;
  const fallback = options.fallbackEncoding
    ? { '*': options.fallbackEncoding }
    : (format?.fallbackEncoding ?? {});
  const records = new Map<string, CaseRecord>();
  /** How many records of a file share each identity that cannot tell them apart. */
  const collisions = new Map<string, number>();
  const rejects: Reject[] = [];
  let rowsRead = 0;
  let columns: { columns: string[]; readAs: string[] } | undefined;
  const items = readImportRows(
    path,
    options.format,
    fallback,
    parseColumnMapping(options.column),
    (names, readAs) => (columns = { columns: names, readAs }),
  );
  for await (const item of items) {
    rowsRead += 1;
    if (rowsRead % 2000 === 0)
      progress({ phase: 'reading', rowsRead, recordsDone: 0, recordsTotal: null });
    let result: ReadResult;
    if ('json' in item) {
      let object: unknown;
      try {
        object = JSON.parse(item.json);
      } catch (error) {
        rejects.push({
          row: item.row,
          field: 'line',
          reason: `is not JSON (${(error as Error).message})`,
        });
        continue;
      }
      if (object && typeof object === 'object' && (object as { type?: string }).type === 'header')
        continue;
      if (!object || typeof object !== 'object' || Array.isArray(object)) {
        rejects.push({ row: item.row, field: 'line', reason: 'is not a JSON object' });
        continue;
      }
      result = canonicalRecord(object as Record<string, unknown>, item.row, context);
    } else {
      const overflow = overflowReject(item);
      result = overflow ? { reject: overflow } : format!.read(item, context);
    }
    if ('reject' in result) {
      rejects.push(result.reject);
      continue;
    }
    const record = result.record;
    const codeProblem =
      record.incident.attackTypes.find((c) => !attackTypes.has(c)) ??
      record.incident.perpetratorTypes.find((c) => !perpetratorTypes.has(c));
    if (codeProblem) {
      rejects.push({
        row: record.rows[0],
        field: 'attackTypes/perpetratorTypes',
        reason: `${codeProblem} is not a known type`,
      });
      continue;
    }
    const earlier = records.get(record.key);
    if (!earlier) records.set(record.key, record);
    else if (format?.merge?.(earlier, record)) continue;
    else if (format?.source === 'cpj' && !/^https?:\/\//.test(record.key)) {
      // Name, year and country (and date) do not tell these two apart: both are imported, the
      // second under its place among them, and flagged for a reviewer unless it has no name.
      const n = (collisions.get(record.key) ?? 1) + 1;
      collisions.set(record.key, n);
      if (!record.flags.some((f) => f.startsWith('placeholder_name:')))
        record.flags.push(`possible_duplicate:row ${earlier.rows[0]}`);
      record.key = `${record.key}#${n}`;
      records.set(record.key, record);
    } else
      rejects.push({
        row: record.rows[0],
        field: format?.identityField ?? 'caseId',
        reason: `the same record as row ${earlier.rows[0]} (identity ${record.key})`,
      });
  }
  progress({ phase: 'reading', rowsRead, recordsDone: 0, recordsTotal: records.size });
  return { records, rejects, rowsRead, columns };
}
