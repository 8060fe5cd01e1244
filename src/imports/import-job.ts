// What an import job is asked to do (its options), what it reports while it runs (progress) and
// when it is done (summary), as the API, the GraphQL schema and the CLI show them.
import type { ImportFormat, ImportMode, Reject } from './import-record.js';

export interface ImportOptions {
  format: ImportFormat;
  dryRun?: boolean;
  mode?: ImportMode;
  /** The date the file states its facts on; a changed CPJ status takes effect then (default today). */
  statusDate?: string;
  /** Overrides the format's declared fallback encoding for bytes that are not UTF-8. */
  fallbackEncoding?: string;
  /** Columns of the file read as the format's (`country=location`). */
  column?: string[];
}

export interface ImportProgress {
  phase: 'reading' | 'writing' | 'done';
  rowsRead: number;
  recordsDone: number;
  recordsTotal: number | null;
}

export interface ImportSummary {
  format: ImportFormat;
  dryRun: boolean;
  mode: ImportMode;
  committed: boolean;
  rowsRead: number;
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Records kept aside until a reviewer decides (e.g. a label covering two countries). */
  held: number;
  rejected: number;
  /** Records imported with something for a reviewer to look at (see their flags). */
  flagged: number;
  /** Rows without a value (population). */
  skipped: number;
  heldRecords: { rows: number[]; key: string; reason: string }[];
  flaggedRecords: { rows: number[]; key: string; flags: string[] }[];
  /** Records that joined a stored case they matched with confidence instead of making a case. */
  attached: number;
  attachedRecords: { rows: number[]; key: string; caseId: string }[];
  /** The file's columns in its order, and the names they were read as (aliases, mapping). */
  columns?: string[];
  readAs?: string[];
  seconds: number;
}

/** What an importer returns to the job: its summary (timed by the job) and the rows it refused. */
export interface ImportOutcome {
  summary: Omit<ImportSummary, 'seconds'>;
  rejects: Reject[];
}

/** How many held or flagged records a summary lists (all are in import_sources). */
export const LISTED = 200;

/** Thrown inside an import's transaction to roll back what a dry run (or a refused file) wrote. */
export class DryRunRollback extends Error {}
