import { resolveCountryLabel } from './country-labels.js';
import { HeldRecordDto } from './dto/held-record.dto.js';
import type { HeldSource } from './held-records.repository.js';

/** A held record as a reviewer sees it, with the countries its label may mean on its date. */
export function toHeldRecordDto(held: HeldSource): HeldRecordDto {
  const { record } = held;
  const resolution = held.countryLabel
    ? resolveCountryLabel(held.countryLabel, {
        date: record.incident.dateStart,
        place: record.incident.place,
      })
    : null;
  return {
    source: held.source,
    key: held.key,
    countryLabel: held.countryLabel,
    candidates:
      record.candidates ?? (resolution?.kind === 'ambiguous' ? resolution.candidates : []),
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
