import { stateOnDate } from '../../countries/country-history.js';
import { normaliseLabel, resolveCountryLabel } from '../country-labels.js';
import { readOrKeepDate } from '../free-text-date.js';
import type { CaseRecord, ObservationRecord, ReadResult } from '../import-record.js';
import {
  checkLimits,
  clean,
  cpjKey,
  datesItsIncident,
  emptyRecord,
  isPlaceholderName,
  employmentOf,
  genderOf,
  IMPUNITY,
  list,
  localForeignOf,
  mediaTypesOf,
  nationalitiesOf,
  perpetratorsOf,
  placeIncident,
  profileOf,
  roleOf,
  saysUnknown,
  TYPE_OF_DEATH,
  yesNo,
} from './cpj-common.js';
import { byHeader, CsvCaseFormat } from './import-format.js';

const STATUS: Record<
  string,
  { outcome: CaseRecord['case']['outcome']; observed: ObservationRecord['status'] }
> = {
  killed: { outcome: 'killed', observed: 'killed' },
  imprisoned: { outcome: 'detained', observed: 'imprisoned' },
  missing: { outcome: 'missing', observed: 'missing' },
};

/** Columns of the census rows kept with each year's observation. */
const OBSERVED = [
  'charges',
  'sentence',
  'lengthOfSentence',
  'healthProblems',
  'locationImprisoned',
];

/**
 * CPJ's data API (camelCase columns, DESIGN §6). Killed people appear once; imprisoned and missing
 * people once per yearly census, and those rows become one case with an observation per year.
 * Identity: the profile URL when the file has one (`url`, `profileUrl`), otherwise
 * name + year (killed only) + country + status.
 */
export const cpjApiFormat: CsvCaseFormat = {
  source: 'cpj',
  label: 'CPJ data API',
  required: ['fullName', 'status', 'country', 'year'],
  // Files derived from CPJ's lists name some columns otherwise (`location` for the country when
  // there is no `country` column, `mtpage` for the profile URL).
  aliases: {
    fullName: ['name', 'journalist', 'journalistName'],
    country: ['location', 'countryKilled'],
    url: ['mtpage', 'profile', 'profileLink', 'cpjUrl'],
    year: ['yearKilled', 'yearOfDeath'],
    date: ['dateOfDeath', 'killedOn'],
    primaryNationality: ['nationality'],
    gender: ['sex'],
    typeOfDeath: ['typeDeath'],
    sourcesOfFire: ['sourceFire', 'sourceOfFire'],
    impunityMurder: ['impunity', 'impunityForMurder'],
    motiveConfirmed: ['motive'],
    mediums: ['medium'],
    organizations: ['organization'],
    localOrForeign: ['localForeign'],
  },
  identityField: 'fullName',
  fallbackEncoding: { '*': 'windows-1252' },

  read(row, context): ReadResult {
    const get = byHeader(row);
    const value = (header: string) => clean(get(header));
    const reject = (field: string, reason: string): ReadResult => ({
      reject: { row: row.row, field, reason, raw: row.values },
    });
    const name = value('fullName');
    if (!name) return reject('fullName', 'is required');
    const statusText = value('status');
    const status = STATUS[statusText.toLowerCase()];
    if (!status) return reject('status', `"${statusText}" is not Killed, Imprisoned or Missing`);
    const yearText = value('year');
    if (!/^\d{4}$/.test(yearText) || +yearText < 1900 || yearText > context.statusDate.slice(0, 4))
      return reject('year', `"${yearText}" is not a year`);
    const country = value('country');
    const profile = profileOf(value('url') || value('profileUrl') || value('link'));
    // Killed: the date of death when the file has one (`date`, `startDisplay`), else the year.
    const dateText = value('date') || value('startDisplay') || value('deathDate');
    // A date the reader cannot read is flagged, and the year column dates the killing.
    const read = dateText ? readOrKeepDate(dateText, context.statusDate) : null;
    const parsed = read?.note?.startsWith('unreadable_date:') ? null : read;
    const killed = status.outcome === 'killed';
    const key =
      profile?.url ??
      cpjKey({
        name,
        year: killed ? yearText : null,
        country,
        status: statusText,
        date: killed ? parsed : null,
      });
    const record = emptyRecord('cpj', key, row.row);
    record.flags.push(...row.flags);
    if (!profile && isPlaceholderName(name)) record.flags.push(`placeholder_name:${name}`);
    if (read?.note && !parsed) record.flags.push(read.note);

    const jobs = list(get('jobs'));
    record.person = {
      fullName: name,
      transliteratedName: null,
      gender: genderOf(value('gender'), record.flags),
      nationalities: nationalitiesOf(
        [
          value('primaryNationality'),
          value('secondaryNationality'),
          value('tertiaryNationality'),
        ].filter(Boolean),
        record.flags,
      ),
      role: roleOf(jobs),
      employment: employmentOf(value('employedAs'), record.flags),
      mediaTypes: mediaTypesOf(list(get('mediums'))),
      outlets: list(get('organizations')).filter((o) => !/^freelance$/i.test(o)),
      beats: list(get('coverage')),
    };

    if (
      parsed &&
      parsed.start &&
      parsed.start.slice(0, 4) !== yearText &&
      status.outcome === 'killed'
    )
      record.flags.push(`date_year_mismatch:${dateText}/${yearText}`);
    if (parsed?.note) record.flags.push(parsed.note);
    const date =
      status.outcome === 'killed' && parsed && parsed.precision !== 'unknown'
        ? parsed
        : { start: `${yearText}-01-01`, end: null, precision: 'year' as const };

    const typeOfDeath = value('typeOfDeath');
    const attack = TYPE_OF_DEATH[normaliseLabel(typeOfDeath)];
    const attackTypes =
      status.outcome === 'killed'
        ? [attack ?? 'killing']
        : status.outcome === 'detained'
          ? ['imprisonment']
          : ['physical'];
    if (!attack && !saysUnknown(typeOfDeath))
      record.flags.push(`unmapped_type_of_death:${typeOfDeath}`);
    if (yesNo(value('captive'))) attackTypes.push('abduction');
    if (yesNo(value('threatened'))) attackTypes.push('threat');
    if (yesNo(value('tortured'))) attackTypes.push('assault');
    const place =
      value('location') ||
      [value('locality'), value('province'), value('state'), value('region')]
        .filter(Boolean)
        .join(', ') ||
      null;
    record.incident = {
      dateStart: date.start,
      dateEnd: date.end,
      datePrecision: date.precision,
      countryCode: null,
      place: place ? place.slice(0, 300) : null,
      context: /crossfire/i.test(typeOfDeath) ? 'conflict' : null,
      attackTypes: [...new Set(attackTypes)],
      perpetratorTypes: perpetratorsOf(list(get('sourcesOfFire')), record.flags),
      description: null,
      sourceLinks: profile ? [profile.url] : [],
    };
    record.case = {
      outcome: status.outcome,
      localForeign: localForeignOf(value('localOrForeign'), record.flags),
      dateOfDeath: null,
      retractedAt: null,
      retractionReason: null,
    };
    // Confirmed or Unconfirmed; CPJ's third category of killings, media workers, names the
    // person's role rather than a motive. Any other value is left out and flagged.
    const motive = value('motiveConfirmed');
    if (/^media workers?$/i.test(motive)) record.person.role = 'media_worker';
    else if (motive && !/^(un)?confirmed$/i.test(motive))
      record.flags.push(`unmapped_motive:${motive}`);
    record.classifications = [
      {
        monitor: 'cpj',
        externalId: profile?.slug ?? null,
        url: profile?.url ?? null,
        included: true,
        motive: /^confirmed$/i.test(motive)
          ? 'confirmed'
          : /^unconfirmed$/i.test(motive)
            ? 'unconfirmed'
            : null,
        typeOfDeath: saysUnknown(typeOfDeath) ? null : typeOfDeath.slice(0, 100),
        condemnation: null,
        recordedDate: null,
      },
    ];
    const impunity = value('impunityMurder');
    if (impunity) {
      const cpjStatus = IMPUNITY[impunity.toLowerCase()];
      if (!cpjStatus) return reject('impunityMurder', `"${impunity}" is not a CPJ impunity class`);
      record.statuses.push({
        scheme: 'cpj',
        status: cpjStatus,
        effectiveDate: date.start ?? context.statusDate,
        reportedBy: 'monitor',
        source: profile?.url ?? 'CPJ data API',
        note: `impunityMurder: ${impunity}`,
      });
    }
    const details: Record<string, string> = {};
    for (const column of OBSERVED) if (value(column)) details[column] = value(column);
    record.observations = [{ year: +yearText, status: status.observed, details }];

    const problem =
      checkLimits(record, row.row, {
        fullName: 'fullName',
        outlets: 'organizations',
        beats: 'coverage',
        place: 'location',
        date: 'year',
      }) ??
      placeIncident(
        record,
        country,
        'country',
        row.row,
        context.countries,
        datesItsIncident(record),
      );
    if (problem) return { reject: { ...problem, raw: row.values } };
    return { record };
  },

  /**
   * Census rows of one person: every year is an observation; the latest row describes the case.
   * Killed people appear once, so two killed rows with one identity are two people, not merged.
   */
  merge(into, next) {
    if (datesItsIncident(into) || datesItsIncident(next)) return false;
    const latest = (r: CaseRecord) => Math.max(...r.observations.map((o) => o.year));
    const years = new Map(into.observations.map((o) => [o.year, o]));
    for (const o of next.observations) years.set(o.year, o);
    const earliest = Math.min(...years.keys());
    const rows = [...into.rows, ...next.rows];
    const flags = [...new Set([...into.flags, ...next.flags])];
    if (latest(next) >= latest(into)) {
      const { source, key } = into;
      Object.assign(into, next, { source, key });
    }
    into.rows = rows;
    into.flags = flags;
    into.observations = [...years.values()].sort((a, b) => a.year - b.year);
    // The case began no later than its first census.
    into.incident.dateStart = `${earliest}-01-01`;
    into.incident.datePrecision = 'year';
    for (const s of into.statuses) s.effectiveDate = into.incident.dateStart;
    // The label names the country as it was at the first census (e.g. Yugoslavia in 2000).
    const resolved = into.countryLabel
      ? resolveCountryLabel(into.countryLabel, {
          date: into.incident.dateStart,
          place: into.incident.place,
        })
      : null;
    if (resolved?.kind === 'country') {
      const placed = stateOnDate(resolved.code, into.incident);
      into.incident.countryCode = placed.kind === 'historical' ? placed.code : resolved.code;
    }
    return true;
  },
};
