import { normaliseLabel } from '../country-labels.js';
import { readOrKeepDate } from '../free-text-date.js';
import type { ReadResult } from '../import-record.js';
import {
  checkLimits,
  clean,
  countryNames,
  cpjKey,
  emptyRecord,
  isPlaceholderName,
  genderOf,
  IMPUNITY,
  list,
  localForeignOf,
  mediaTypesOf,
  nationalitiesOf,
  perpetratorsOf,
  placeIncident,
  roleOf,
  saysUnknown,
  TYPE_OF_DEATH,
  yesNo,
} from './cpj-common.js';
import { byHeader, CsvCaseFormat } from './import-format.js';

/**
 * CPJ's older export of killed journalists (`Type, Date, Name, Sex, Country_killed, …,
 * Impunity_for_murder`). Dates are free text, read with their precision. Its identity is the
 * same documented key as the data API's (name, year, country, "killed"), so that the same person
 * in both files is one case.
 *
 * Encoding: the file is UTF-8 except for some Date cells saved by a spreadsheet in a Hebrew
 * locale ("אוג-14" for Aug-14) in windows-1255; other columns fall back to windows-1252. Rows
 * decoded by a fallback are flagged.
 */
export const cpjLegacyFormat: CsvCaseFormat = {
  source: 'cpj',
  label: 'CPJ legacy export',
  required: ['Type', 'Date', 'Name', 'Country_killed'],
  aliases: {
    Name: ['fullName'],
    Country_killed: ['countryKilled', 'country'],
    Date: ['dateOfDeath'],
    Type_death: ['typeOfDeath'],
    Source_fire: ['sourcesOfFire', 'sourceOfFire'],
    Impunity_for_murder: ['impunityMurder', 'impunity'],
  },
  identityField: 'Name',
  fallbackEncoding: { Date: 'windows-1255', '*': 'windows-1252' },

  read(row, context): ReadResult {
    const get = byHeader(row);
    const value = (header: string) => clean(get(header));
    const reject = (field: string, reason: string): ReadResult => ({
      reject: { row: row.row, field, reason, raw: row.values },
    });
    const name = value('Name');
    if (!name) return reject('Name', 'is required');
    const dateText = value('Date');
    // A date the reader cannot read leaves the killing undated (or dated by the one year it
    // names) and flagged, rather than rejected.
    const date = readOrKeepDate(dateText, context.statusDate);
    const country = value('Country_killed');
    const year = date.start?.slice(0, 4) ?? null;
    const record = emptyRecord(
      'cpj',
      cpjKey({ name, year, country, status: 'killed', date }),
      row.row,
    );
    record.flags.push(...row.flags);
    if (isPlaceholderName(name)) record.flags.push(`placeholder_name:${name}`);
    if (date.note) record.flags.push(date.note);

    const type = value('Type').toLowerCase();
    if (!['motive confirmed', 'motive unconfirmed', 'media workers'].includes(type))
      return reject(
        'Type',
        `"${value('Type')}" is not Motive Confirmed, Motive Unconfirmed or Media Workers`,
      );
    const jobs = list(get('Job'));
    const freelance = yesNo(value('Freelance'));
    if (freelance === null && value('Freelance'))
      record.flags.push(`unmapped_freelance:${value('Freelance')}`);
    record.person = {
      fullName: name,
      transliteratedName: null,
      gender: genderOf(value('Sex'), record.flags),
      nationalities: nationalitiesOf(countryNames(get('Nationality')), record.flags),
      role: type === 'media workers' ? 'media_worker' : roleOf(jobs),
      employment: freelance === true ? 'freelance' : freelance === false ? 'staff' : 'unknown',
      mediaTypes: mediaTypesOf(list(get('Medium'))),
      outlets: list(get('Organization')).filter((o) => !/^freelance$/i.test(o)),
      beats: list(get('Coverage')),
    };
    const typeOfDeath = value('Type_death');
    const attack = TYPE_OF_DEATH[normaliseLabel(typeOfDeath)];
    if (!attack && !saysUnknown(typeOfDeath))
      record.flags.push(`unmapped_type_of_death:${typeOfDeath}`);
    const attackTypes = [attack ?? 'killing'];
    if (yesNo(value('Taken_captive'))) attackTypes.push('abduction');
    if (yesNo(value('Threatened'))) attackTypes.push('threat');
    if (yesNo(value('Tortured'))) attackTypes.push('assault');
    record.incident = {
      dateStart: date.start,
      dateEnd: date.end,
      datePrecision: date.precision,
      countryCode: null,
      place: null,
      context: attack === 'crossfire_combat' ? 'conflict' : null,
      attackTypes,
      perpetratorTypes: perpetratorsOf(list(get('Source_fire')), record.flags),
      description: null,
      sourceLinks: [],
    };
    record.case = {
      outcome: 'killed',
      localForeign: localForeignOf(value('Local_Foreign'), record.flags),
      dateOfDeath: null,
      retractedAt: null,
      retractionReason: null,
    };
    record.classifications = [
      {
        monitor: 'cpj',
        externalId: null,
        url: null,
        included: true,
        motive:
          type === 'motive confirmed'
            ? 'confirmed'
            : type === 'motive unconfirmed'
              ? 'unconfirmed'
              : null,
        typeOfDeath: saysUnknown(typeOfDeath) ? null : typeOfDeath.slice(0, 100),
        condemnation: null,
        recordedDate: null,
      },
    ];
    const impunity = value('Impunity_for_murder');
    if (impunity) {
      const cpjStatus = IMPUNITY[impunity.toLowerCase()];
      if (!cpjStatus)
        return reject('Impunity_for_murder', `"${impunity}" is not Yes, Partial or No`);
      record.statuses.push({
        scheme: 'cpj',
        status: cpjStatus,
        effectiveDate: date.start ?? context.statusDate,
        reportedBy: 'monitor',
        source: 'CPJ legacy export',
        note: `Impunity_for_murder: ${impunity}`,
      });
    }
    if (year) record.observations = [{ year: +year, status: 'killed', details: {} }];
    const problem =
      checkLimits(record, row.row, {
        fullName: 'Name',
        outlets: 'Organization',
        beats: 'Coverage',
        date: 'Date',
      }) ?? placeIncident(record, country, 'Country_killed', row.row, context.countries);
    if (problem) return { reject: { ...problem, raw: row.values } };
    return { record };
  },
};
