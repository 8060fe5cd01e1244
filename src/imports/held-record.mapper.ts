import { stateOnDate } from '../countries/country-history.js';
import { resolveCountryLabel } from './country-labels.js';
import { HeldRecordDto } from './dto/held-record.dto.js';
import type { HeldSource } from './held-records.repository.js';
import type { CaseRecord } from './import-record.js';

/** A held record as a reviewer sees it, with the countries its label may mean on its date. */
export function toHeldRecordDto(held: HeldSource): HeldRecordDto {
  const { record } = held;
  return {
    source: held.source,
    key: held.key,
    countryLabel: held.countryLabel,
    candidates: record.candidates ?? candidatesOf(held.countryLabel, record),
    reason: record.heldFor,
    countryCode: record.incident.countryCode,
    fullName: record.person.fullName,
    dateStart: record.incident.dateStart,
    datePrecision: record.incident.datePrecision,
    place: record.incident.place,
    rows: record.rows,
    flags: held.flags,
    firstJobId: held.firstJobId,
    lastJobId: held.lastJobId,
    heldSince: held.heldSince,
  };
}

/**
 * The countries a label may mean on a record's date, as the importer decides them (a label naming
 * two countries, or a state whose history is disputed on the date): for records held before the
 * importer kept their candidates with them.
 */
export function candidatesOf(label: string | null, record: CaseRecord): string[] {
  if (!label) return [];
  const { incident } = record;
  const resolution = resolveCountryLabel(label, {
    date: incident.dateStart,
    place: incident.place,
  });
  if (resolution.kind === 'ambiguous') return resolution.candidates;
  if (resolution.kind !== 'country') return [];
  const placed = stateOnDate(resolution.code, incident);
  return placed.kind === 'contested' ? placed.candidates : [];
}
