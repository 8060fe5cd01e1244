import { latestDay, stateOnDate } from '../../countries/country-history.js';
import type { MediaType } from '../../people/person.enums.js';
import { normaliseLabel, resolveCountryLabel } from '../country-labels.js';
import type { ParsedDate } from '../free-text-date.js';
import type { CaseRecord, Reject } from '../import-record.js';

/** Trimmed, inner runs of white space made one space (CPJ pads day numbers: "October  2"). */
export const clean = (value: string | undefined): string =>
  (value ?? '').replace(/\s+/g, ' ').trim();

/** A comma-separated cell as a list: trimmed, empty items dropped, duplicates dropped. */
export const list = (value: string | undefined): string[] => [
  ...new Set(
    (value ?? '')
      .split(',')
      .map((v) => clean(v))
      .filter(Boolean),
  ),
];

/** CPJ's "source of fire" values and the perpetrator types they mean (DESIGN §2). */
export const SOURCE_OF_FIRE: Record<string, string> = {
  'political group': 'political_group',
  'military officials': 'military',
  'government officials': 'government_official',
  'paramilitary group': 'paramilitary',
  'criminal group': 'criminal_group',
  'local residents': 'local_residents',
  'mob violence': 'mob',
  'unknown fire': 'unknown',
  unknown: 'unknown',
  police: 'police_security',
  'police officials': 'police_security',
  'security forces': 'police_security',
  'private individual': 'private_individual',
};

/** CPJ's type of death and the attack type it is. */
export const TYPE_OF_DEATH: Record<string, string> = {
  murder: 'murder',
  crossfire: 'crossfire_combat',
  'crossfire combat related': 'crossfire_combat',
  'crossfire combat': 'crossfire_combat',
  'dangerous assignment': 'dangerous_assignment',
};

export const MEDIUMS: Record<string, MediaType> = {
  print: 'print',
  radio: 'radio',
  television: 'television',
  tv: 'television',
  internet: 'online',
  online: 'online',
};

/** CPJ's impunity wording (data API and legacy export) and the CPJ status it is. */
export const IMPUNITY: Record<string, string> = {
  'complete impunity': 'complete_impunity',
  'partial impunity': 'partial_justice',
  'partial justice': 'partial_justice',
  'full justice': 'full_justice',
  // Legacy export: "Impunity_for_murder" Yes / Partial / No.
  yes: 'complete_impunity',
  partial: 'partial_justice',
  no: 'full_justice',
};

/** Jobs of support staff that CPJ counts as media workers rather than journalists. */
const MEDIA_WORKER_JOBS = new Set([
  'technician',
  'driver',
  'translator',
  'security guard',
  'guard',
]);

export function roleOf(jobs: string[]): 'journalist' | 'media_worker' {
  return jobs.length > 0 && jobs.every((j) => MEDIA_WORKER_JOBS.has(j.toLowerCase()))
    ? 'media_worker'
    : 'journalist';
}

export function mediaTypesOf(values: string[]): MediaType[] {
  return [...new Set(values.map((v) => MEDIUMS[normaliseLabel(v)] ?? 'other'))];
}

export function perpetratorsOf(values: string[], flags: string[]): string[] {
  const codes = new Set<string>();
  for (const value of values) {
    const code = SOURCE_OF_FIRE[normaliseLabel(value)];
    if (code) codes.add(code);
    else flags.push(`unmapped_source_of_fire:${value}`);
  }
  return [...codes];
}

const GENDER: Record<string, CaseRecord['person']['gender']> = {
  male: 'male',
  m: 'male',
  female: 'female',
  f: 'female',
  other: 'other',
  'non binary': 'other',
  nonbinary: 'other',
};
const EMPLOYMENT: Record<string, CaseRecord['person']['employment']> = {
  staff: 'staff',
  freelance: 'freelance',
};
const LOCAL_FOREIGN: Record<string, CaseRecord['case']['localForeign']> = {
  local: 'local',
  foreign: 'foreign',
};

/** A cell that says nothing is known: blank, "Unknown", "N/A". */
export function saysUnknown(value: string): boolean {
  const key = normaliseLabel(value);
  return !key || key === 'unknown' || key === 'n a' || key === 'na';
}

/**
 * A coded cell read through its table (keys as `normaliseLabel` gives them). A cell that says
 * nothing is known is unknown; so is a value the table does not have, which is flagged
 * `unmapped_<what>:<value>` rather than losing the row.
 */
function coded<T extends string>(
  table: Record<string, T>,
  what: string,
): (value: string, flags: string[]) => T | 'unknown' {
  return (value, flags) => {
    if (saysUnknown(value)) return 'unknown';
    const key = normaliseLabel(value);
    const code = table[key];
    if (code) return code;
    flags.push(`unmapped_${what}:${value}`);
    return 'unknown';
  };
}

export const genderOf = coded(GENDER, 'gender');
export const employmentOf = coded(EMPLOYMENT, 'employment');
export const localForeignOf = coded(LOCAL_FOREIGN, 'local_or_foreign');

export const yesNo = (value: string): boolean | null =>
  /^yes$/i.test(value) ? true : /^no$/i.test(value) ? false : null;

/**
 * A comma-separated cell of country names, with the names that hold a comma of their own put back
 * together ("Congo, Rep.", "Hong Kong SAR, China", as the World Bank writes them): two neighbours
 * are one name when together they name a country and one of them alone does not.
 */
export function countryNames(value: string | undefined): string[] {
  const isCountry = (label: string) => resolveCountryLabel(label).kind === 'country';
  const names: string[] = [];
  for (const item of (value ?? '').split(',').map((v) => clean(v))) {
    if (!item) continue;
    const previous = names.at(-1);
    const both = `${previous}, ${item}`;
    if (previous !== undefined && isCountry(both) && !(isCountry(previous) && isCountry(item)))
      names[names.length - 1] = both;
    else names.push(item);
  }
  return names;
}

/**
 * Nationality labels as ISO codes; what cannot be placed is left out and flagged. A label that is
 * not a country as a whole but whose parts are ("Somalia/Canada", "Somali-Canadian",
 * "British and Irish") is read as those countries.
 */
export function nationalitiesOf(labels: string[], flags: string[]): string[] {
  const codes: string[] = [];
  const add = (code: string) => {
    if (!codes.includes(code)) codes.push(code);
  };
  for (const label of labels) {
    const resolved = resolveCountryLabel(label);
    if (resolved.kind === 'country') add(resolved.code);
    else if (resolved.kind === 'none') continue;
    else {
      const parts = splitNationality(label);
      if (parts) parts.forEach(add);
      else if (resolved.kind === 'ambiguous') flags.push(`ambiguous_nationality:${label}`);
      else flags.push(`unknown_nationality:${label}`);
    }
  }
  return codes;
}

/** The countries of a label joined by "/", "-", "&" or "and", when every part names one. */
function splitNationality(label: string): string[] | null {
  const parts = label
    .split(/\s*(?:\/|\\|&|;|\+|–|—|-|\band\b)\s*/i)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return null;
  const codes: string[] = [];
  for (const part of parts) {
    const resolved = resolveCountryLabel(part);
    if (resolved.kind !== 'country') return null;
    codes.push(resolved.code);
  }
  return codes;
}

export interface CountryRule {
  code: string;
  name: string;
  validFrom: string | null;
  validTo: string | null;
}

/**
 * The incident's country from a monitor's label: an ISO code that existed on the date; the state
 * that held the place then, flagged, when the label names a later one (countries/country-history);
 * the record held for review when the label names two countries or history is disputed; or a
 * reject when the label names no country the tracker knows.
 */
export function placeIncident(
  record: CaseRecord,
  label: string,
  field: string,
  row: number,
  countries: Map<string, CountryRule>,
  /** False for census rows, whose date is when CPJ counted the person, not when it happened. */
  checkValidity = true,
): Reject | null {
  record.countryLabel = label || null;
  if (!label) return { row, field, reason: 'is required' };
  const resolved = resolveCountryLabel(label, { place: record.incident.place });
  if (resolved.kind === 'ambiguous') {
    hold(record, resolved.reason, resolved.candidates, `ambiguous_country:${label}`);
    return null;
  }
  if (resolved.kind !== 'country' || !countries.has(resolved.code))
    return { row, field, reason: `"${label}" is not a country the tracker knows` };
  const placed = stateOnDate(resolved.code, record.incident);
  if (placed.kind === 'contested') {
    if (!checkValidity) {
      record.incident.countryCode = resolved.code;
      return null;
    }
    hold(record, placed.reason, placed.candidates, `contested_country:${label}`);
    return null;
  }
  const code = placed.kind === 'historical' ? placed.code : resolved.code;
  if (placed.kind === 'historical') record.flags.push(`historical_country:${label}→${code}`);
  const country = countries.get(code);
  const problem = !country
    ? `"${label}" on ${record.incident.dateStart} names ${code}, a country the tracker does not know`
    : checkValidity
      ? countryAbsentOnDate(record.incident, country)
      : null;
  if (problem) return { row, field, reason: problem };
  record.incident.countryCode = code;
  return null;
}

/** Keeps a record aside for a reviewer, with the countries it may be in. */
function hold(record: CaseRecord, reason: string, candidates: string[], flag: string): void {
  record.heldFor = reason;
  record.candidates = candidates;
  record.flags.push(flag);
}

/**
 * Whether a record's date is when its incident happened, so that its country must have existed
 * then. Not for CPJ's census rows (imprisoned, missing): they are dated when CPJ counted the person.
 */
export const datesItsIncident = (record: CaseRecord): boolean => record.case.outcome === 'killed';

/**
 * Why an incident cannot have happened in a country on its date (the country did not exist then,
 * at the date's precision), or null when it can. The importer and a reviewer settling a held
 * record's country both ask this.
 */
export function countryAbsentOnDate(
  incident: Pick<CaseRecord['incident'], 'dateStart' | 'dateEnd' | 'datePrecision'>,
  country: CountryRule,
): string | null {
  const { dateStart } = incident;
  // The last day the incident may have happened on, at the date's precision.
  const latest = latestDay(incident);
  if (!dateStart || !latest) return null;
  if (
    (country.validFrom && latest < country.validFrom) ||
    (country.validTo && dateStart > country.validTo)
  )
    return `${country.name} (${country.code}) did not exist on ${dateStart} (${country.validFrom ?? '…'} to ${country.validTo ?? 'today'}): record the country as it was then`;
  return null;
}

/**
 * The documented identity of a CPJ record without a profile URL: name, year, country, status, and
 * the date when the file gives one to the day or month (two people of one name killed in one
 * country in one year on different days are two records).
 */
export function cpjKey(parts: {
  name: string;
  year: string | null;
  country: string;
  status: string;
  date?: Pick<ParsedDate, 'start' | 'end' | 'precision'> | null;
}): string {
  const { date } = parts;
  const dated =
    date?.start && (date.precision === 'day' || date.precision === 'month')
      ? [`${date.start}${date.end ? `/${date.end}` : ''}`]
      : [];
  return [
    normaliseLabel(parts.name),
    parts.year ?? '',
    normaliseLabel(parts.country),
    parts.status.toLowerCase(),
    ...dated,
  ].join('|');
}

/** Names that say the person is not named: they never identify anyone. */
const PLACEHOLDER_NAME =
  /^(?:unidentified|unknown|unnamed|anonymous|name withheld|withheld|name unknown|not named|no name)(?: (?:journalist|reporter|photographer|media worker|person|man|woman|male|female))?(?: \d+)?$/;

/** A name such as "Unidentified" or "Name withheld", flagged so that it is never matched. */
export function isPlaceholderName(name: string): boolean {
  return PLACEHOLDER_NAME.test(normaliseLabel(name));
}

/** CPJ's profile URL as identity, and its last path segment as CPJ's id. */
export function profileOf(url: string): { url: string; slug: string } | null {
  const trimmed = clean(url);
  if (!/^https?:\/\/\S+$/i.test(trimmed)) return null;
  const slug =
    trimmed
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .pop() ?? '';
  return { url: trimmed, slug: slug || trimmed };
}

export function emptyRecord(source: CaseRecord['source'], key: string, row: number): CaseRecord {
  return {
    source,
    key,
    rows: [row],
    person: {
      fullName: '',
      transliteratedName: null,
      gender: 'unknown',
      nationalities: [],
      role: 'journalist',
      employment: 'unknown',
      mediaTypes: [],
      outlets: [],
      beats: [],
    },
    incident: {
      dateStart: null,
      dateEnd: null,
      datePrecision: 'unknown',
      countryCode: null,
      place: null,
      context: null,
      attackTypes: [],
      perpetratorTypes: [],
      description: null,
      sourceLinks: [],
    },
    case: {
      outcome: 'killed',
      localForeign: 'unknown',
      dateOfDeath: null,
      retractedAt: null,
      retractionReason: null,
    },
    classifications: [],
    statuses: [],
    observations: [],
    countryLabel: null,
    flags: [],
    heldFor: null,
  };
}

/** Limits the database enforces, checked first so that a bad row is a reject naming its field. */
export function checkLimits(
  record: CaseRecord,
  row: number,
  fields: Record<string, string>,
): Reject | null {
  const fail = (key: string, reason: string): Reject => ({
    row,
    field: fields[key] ?? key,
    reason,
  });
  const { person, incident } = record;
  if (!person.fullName) return fail('fullName', 'is required');
  if (person.fullName.length > 300) return fail('fullName', 'is longer than 300 characters');
  if (person.outlets.length > 50 || person.outlets.some((o) => o.length > 200))
    return fail('outlets', 'has more than 50 outlets or one longer than 200 characters');
  if (person.beats.length > 50 || person.beats.some((o) => o.length > 100))
    return fail('beats', 'has more than 50 beats or one longer than 100 characters');
  if (person.nationalities.length > 10)
    return fail('nationalities', 'has more than 10 nationalities');
  if (incident.place && incident.place.length > 300)
    return fail('place', 'is longer than 300 characters');
  const today = new Date().toISOString().slice(0, 10);
  if (incident.dateStart && incident.dateStart > today) return fail('date', 'is in the future');
  if (incident.dateEnd && incident.dateEnd > today) return fail('date', 'ends in the future');
  if (`${record.person.fullName}`.includes('\u0000'))
    return fail('fullName', 'contains a NUL character');
  return null;
}
