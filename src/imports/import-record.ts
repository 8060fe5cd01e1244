import type { LocalForeign, Monitor, Motive, Outcome } from '../cases/case.enums.js';
import type { Context, DatePrecision } from '../incidents/incident.enums.js';
import type { Employment, Gender, MediaType, Role } from '../people/person.enums.js';
import type { Reporter, ResolutionReason, Scheme } from '../statuses/status.enums.js';

export const IMPORT_FORMATS = [
  'cpj-api',
  'cpj-legacy',
  'canonical-csv',
  'canonical-json',
  'population',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const IMPORT_MODES = ['all_or_nothing', 'commit_valid'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
/** Whose identity an imported record keeps: CPJ's (profile URL or name+date+country) or ours (case id). */
export const SOURCE_NAMES = ['cpj', 'tracker'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** A row of a source file, by header name, with its number (the header is row 1, as in a spreadsheet). */
export interface SourceRow {
  row: number;
  values: Record<string, string>;
  /** Problems the reader noticed, e.g. bytes that were not UTF-8 and how they were decoded. */
  flags: string[];
  /** Set when the row has more cells than the header: it is rejected, naming its row. */
  overflow?: { cells: number; headers: number };
}

/** The reject of a row with more cells than its file's header. */
export function overflowReject(row: SourceRow): Reject | null {
  if (!row.overflow) return null;
  return {
    row: row.row,
    field: 'row',
    reason: `has ${row.overflow.cells} cells where the header has ${row.overflow.headers}: a cell holding the separator, a quote or a line break must be enclosed in double quotes`,
    raw: row.values,
  };
}

/** Why a row (or a field of it) could not be imported. */
export interface Reject {
  row: number;
  field: string;
  reason: string;
  raw?: Record<string, string>;
}

export interface StatusRecord {
  scheme: Scheme;
  status: string;
  resolutionReason?: ResolutionReason | null;
  effectiveDate: string;
  reportedBy: Reporter;
  source: string | null;
  note: string | null;
  /** Kept by the canonical format so that a round trip keeps the history as it was known. */
  recordedAt?: string;
  createdBy?: string;
  /** The exported id of the entry this one corrects (canonical format), remapped on import. */
  ref?: string;
  supersedesRef?: string | null;
}

export interface ClassificationRecord {
  monitor: Monitor;
  externalId: string | null;
  url: string | null;
  included: boolean;
  motive: Motive | null;
  typeOfDeath: string | null;
  condemnation: 'condemned' | 'deplored' | null;
  recordedDate: string | null;
}

export interface ObservationRecord {
  year: number;
  status: 'killed' | 'imprisoned' | 'missing';
  details: Record<string, string>;
}

/**
 * One case as a source describes it, normalised: its person, its incident, what monitors say and
 * its status history. Rows of one person in several yearly censuses merge into one record.
 */
export interface CaseRecord {
  source: SourceName;
  key: string;
  rows: number[];
  /** Our own ids, kept by the canonical format so that permanent URLs survive a round trip. */
  ids?: { caseId: string; personId: string; incidentId: string };
  person: {
    fullName: string;
    transliteratedName: string | null;
    gender: Gender;
    nationalities: string[];
    role: Role;
    employment: Employment;
    mediaTypes: MediaType[];
    outlets: string[];
    beats: string[];
  };
  incident: {
    dateStart: string | null;
    dateEnd: string | null;
    datePrecision: DatePrecision;
    countryCode: string | null;
    place: string | null;
    context: Context | null;
    attackTypes: string[];
    perpetratorTypes: string[];
    description: string | null;
    sourceLinks: string[];
  };
  case: {
    outcome: Outcome;
    localForeign: LocalForeign;
    dateOfDeath: string | null;
    retractedAt: string | null;
    retractionReason: string | null;
  };
  classifications: ClassificationRecord[];
  statuses: StatusRecord[];
  observations: ObservationRecord[];
  /** The country as the source wrote it, when it is not an ISO code. */
  countryLabel: string | null;
  /** Things a reviewer should look at; the record is imported all the same. */
  flags: string[];
  /** Set when the record cannot become a case until a reviewer decides (e.g. which country). */
  heldFor: string | null;
  /** The countries a held record may be in (not part of its content: see contentHash). */
  candidates?: string[];
}

/** What a format's reader yields: records to write and rows refused. */
export type ReadResult = { record: CaseRecord } | { reject: Reject };
