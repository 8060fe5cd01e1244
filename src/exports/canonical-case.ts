import { unguardCell } from './csv-cells.js';

/**
 * The project's own case format, written by the export and read back by the importer: one case
 * per row (CSV) or line (NDJSON), with its person, its incident, what monitors say and its whole
 * status history. Our ids are kept, so a re-imported case keeps its permanent URL.
 *
 * In CSV, every list (codes, free text, classifications, the status history) is a JSON array, so
 * that any value survives the trip, and text cells carry the formula guard (see csv-cells.ts).
 */
export interface CanonicalCase {
  caseId: string;
  url: string;
  incidentId: string;
  personId: string;
  fullName: string;
  transliteratedName: string | null;
  gender: string;
  nationalities: string[];
  role: string;
  employment: string;
  mediaTypes: string[];
  outlets: string[];
  beats: string[];
  dateStart: string | null;
  dateEnd: string | null;
  datePrecision: string;
  countryCode: string;
  countryName: string;
  place: string | null;
  context: string | null;
  attackTypes: string[];
  perpetratorTypes: string[];
  description: string | null;
  sourceLinks: string[];
  outcome: string;
  localForeign: string;
  dateOfDeath: string | null;
  retractedAt: string | null;
  retractionReason: string | null;
  /** The status on the export's asOf date (derived; not read back). */
  unescoStatus: string | null;
  cpjStatus: string | null;
  classifications: CanonicalClassification[];
  statusHistory: CanonicalStatusEntry[];
}

/** A canonical case's own fields: all but its URL and its statuses, which depend on the request. */
export type CanonicalFields = Omit<CanonicalCase, 'url' | 'unescoStatus' | 'cpjStatus'>;

export interface CanonicalClassification {
  monitor: string;
  externalId: string | null;
  url: string | null;
  included: boolean;
  motive: string | null;
  typeOfDeath: string | null;
  condemnation: string | null;
  recordedDate: string | null;
}

export interface CanonicalStatusEntry {
  id: string;
  scheme: string;
  status: string;
  resolutionReason: string | null;
  effectiveDate: string;
  recordedAt: string;
  reportedBy: string;
  source: string | null;
  note: string | null;
  supersedesId: string | null;
  createdBy: string;
}

/** A person's columns, in the order every export writes them. */
export const PERSON_COLUMNS = [
  'fullName',
  'transliteratedName',
  'gender',
  'nationalities',
  'role',
  'employment',
  'mediaTypes',
  'outlets',
  'beats',
] as const satisfies readonly (keyof CanonicalCase)[];

/** An incident's columns, in the order every export writes them. */
export const INCIDENT_COLUMNS = [
  'dateStart',
  'dateEnd',
  'datePrecision',
  'countryCode',
  'countryName',
  'place',
  'context',
  'attackTypes',
  'perpetratorTypes',
  'description',
  'sourceLinks',
] as const satisfies readonly (keyof CanonicalCase)[];

export const CANONICAL_COLUMNS: (keyof CanonicalCase)[] = [
  'caseId',
  'url',
  'incidentId',
  'personId',
  ...PERSON_COLUMNS,
  ...INCIDENT_COLUMNS,
  'outcome',
  'localForeign',
  'dateOfDeath',
  'retractedAt',
  'retractionReason',
  'unescoStatus',
  'cpjStatus',
  'classifications',
  'statusHistory',
];

const CODE_LISTS = new Set(['nationalities', 'mediaTypes', 'attackTypes', 'perpetratorTypes']);
const JSON_COLUMNS = new Set([
  'outlets',
  'beats',
  'sourceLinks',
  'classifications',
  'statusHistory',
]);

/**
 * The fields of one canonical CSV row, read by header name. Lists of codes are also read in the
 * form earlier exports wrote them, joined with ";".
 */
export function fromCsvCells(values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const column of CANONICAL_COLUMNS) {
    const text = values[column];
    if (text === undefined) continue;
    const trimmed = text.trim();
    if (CODE_LISTS.has(column) && !trimmed.startsWith('['))
      out[column] =
        trimmed === ''
          ? []
          : trimmed
              .split(';')
              .map((v) => v.trim())
              .filter(Boolean);
    else if (CODE_LISTS.has(column) || JSON_COLUMNS.has(column))
      out[column] = trimmed === '' ? [] : JSON.parse(text);
    else out[column] = text === '' ? null : unguardCell(text);
  }
  return out;
}
