import {
  CONDEMNATIONS,
  LOCAL_FOREIGN,
  MONITORS,
  MOTIVES,
  OUTCOMES,
} from '../../cases/case.enums.js';
import { CONTEXTS, DATE_PRECISIONS } from '../../incidents/incident.enums.js';
import { EMPLOYMENTS, GENDERS, MEDIA_TYPES, ROLES } from '../../people/person.enums.js';
import { REPORTERS, RESOLUTION_REASONS, STATUSES_BY_SCHEME } from '../../statuses/status.enums.js';
import { fromCsvCells } from '../../exports/canonical-case.js';
import type { CaseRecord, ReadResult, SourceRow } from '../import-record.js';
import { checkLimits, emptyRecord } from './cpj-common.js';
import type { CsvCaseFormat, FormatContext } from './import-format.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

class Bad extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(reason);
  }
}

function text(
  value: unknown,
  field: string,
  options: { required?: boolean; max?: number } = {},
): string | null {
  if (value === null || value === undefined || value === '') {
    if (options.required) throw new Bad(field, 'is required');
    return null;
  }
  if (typeof value !== 'string') throw new Bad(field, 'must be text');
  if (options.max && value.length > options.max)
    throw new Bad(field, `is longer than ${options.max} characters`);
  if (value.includes('\u0000')) throw new Bad(field, 'contains a NUL character');
  return value;
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
  fallback?: T,
): T {
  if ((value === null || value === undefined || value === '') && fallback !== undefined)
    return fallback;
  if (!allowed.includes(value as T)) throw new Bad(field, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function list(value: unknown, field: string, allowed?: readonly string[]): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    throw new Bad(field, 'must be a list of text');
  if (allowed)
    for (const v of value)
      if (!allowed.includes(v)) throw new Bad(field, `"${v}" is not one of ${allowed.join(', ')}`);
  return value as string[];
}

function date(value: unknown, field: string): string | null {
  const v = text(value, field);
  if (v === null) return null;
  if (!DATE.test(v) || Number.isNaN(Date.parse(v)))
    throw new Bad(field, 'must be a date written YYYY-MM-DD');
  return v;
}

/** One canonical case (an NDJSON object, or a CSV row already unpacked) as a record. */
export function canonicalRecord(
  object: Record<string, unknown>,
  row: number,
  context: FormatContext,
): ReadResult {
  try {
    const caseId = text(object.caseId, 'caseId', { required: true })!;
    const personId = text(object.personId, 'personId', { required: true })!;
    const incidentId = text(object.incidentId, 'incidentId', { required: true })!;
    for (const [field, id] of Object.entries({ caseId, personId, incidentId }))
      if (!UUID.test(id)) throw new Bad(field, 'must be a UUID');
    const record: CaseRecord = emptyRecord('tracker', caseId.toLowerCase(), row);
    record.ids = { caseId, personId, incidentId };
    record.person = {
      fullName: text(object.fullName, 'fullName', { required: true, max: 300 })!.trim(),
      transliteratedName: text(object.transliteratedName, 'transliteratedName', { max: 300 }),
      gender: oneOf(object.gender, GENDERS, 'gender', 'unknown'),
      nationalities: list(object.nationalities, 'nationalities'),
      role: oneOf(object.role, ROLES, 'role', 'journalist'),
      employment: oneOf(object.employment, EMPLOYMENTS, 'employment', 'unknown'),
      mediaTypes: list(
        object.mediaTypes,
        'mediaTypes',
        MEDIA_TYPES,
      ) as CaseRecord['person']['mediaTypes'],
      outlets: list(object.outlets, 'outlets'),
      beats: list(object.beats, 'beats'),
    };
    for (const code of record.person.nationalities)
      if (!context.countries.has(code))
        throw new Bad('nationalities', `${code} is not a known country code`);
    const countryCode = text(object.countryCode, 'countryCode', { required: true })!;
    if (!context.countries.has(countryCode))
      throw new Bad('countryCode', `${countryCode} is not a known country code`);
    const datePrecision = oneOf(object.datePrecision, DATE_PRECISIONS, 'datePrecision');
    const dateStart = date(object.dateStart, 'dateStart');
    if ((datePrecision === 'unknown') !== (dateStart === null))
      throw new Bad('dateStart', 'is given exactly when datePrecision is not unknown');
    const dateEnd = date(object.dateEnd, 'dateEnd');
    if (dateEnd && (!dateStart || dateEnd < dateStart))
      throw new Bad('dateEnd', 'must not be before dateStart');
    record.incident = {
      dateStart,
      dateEnd,
      datePrecision,
      countryCode,
      place: text(object.place, 'place', { max: 300 }),
      context: object.context ? oneOf(object.context, CONTEXTS, 'context') : null,
      attackTypes: list(object.attackTypes, 'attackTypes'),
      perpetratorTypes: list(object.perpetratorTypes, 'perpetratorTypes'),
      description: text(object.description, 'description', { max: 20000 }),
      sourceLinks: list(object.sourceLinks, 'sourceLinks'),
    };
    if (record.incident.attackTypes.length === 0)
      throw new Bad('attackTypes', 'must name at least one attack type');
    const retractedAt = text(object.retractedAt, 'retractedAt');
    record.case = {
      outcome: oneOf(object.outcome, OUTCOMES, 'outcome'),
      localForeign: oneOf(object.localForeign, LOCAL_FOREIGN, 'localForeign', 'unknown'),
      dateOfDeath: date(object.dateOfDeath, 'dateOfDeath'),
      retractedAt: retractedAt,
      retractionReason: text(object.retractionReason, 'retractionReason', { max: 2000 }),
    };
    if (retractedAt && Number.isNaN(Date.parse(retractedAt)))
      throw new Bad('retractedAt', 'must be an ISO 8601 instant');
    if (Boolean(retractedAt) !== Boolean(record.case.retractionReason))
      throw new Bad('retractionReason', 'is given exactly when retractedAt is');
    const classifications = object.classifications ?? [];
    if (!Array.isArray(classifications)) throw new Bad('classifications', 'must be a list');
    record.classifications = classifications.map((c: Record<string, unknown>, i) => {
      const at = `classifications[${i}]`;
      return {
        monitor: oneOf(c.monitor, MONITORS, `${at}.monitor`),
        externalId: text(c.externalId, `${at}.externalId`, { max: 200 }),
        url: text(c.url, `${at}.url`, { max: 2000 }),
        included: c.included === undefined ? true : Boolean(c.included),
        motive: c.motive ? oneOf(c.motive, MOTIVES, `${at}.motive`) : null,
        typeOfDeath: text(c.typeOfDeath, `${at}.typeOfDeath`, { max: 100 }),
        condemnation: c.condemnation
          ? oneOf(c.condemnation, CONDEMNATIONS, `${at}.condemnation`)
          : null,
        recordedDate: date(c.recordedDate, `${at}.recordedDate`),
      };
    });
    const history = object.statusHistory ?? [];
    if (!Array.isArray(history)) throw new Bad('statusHistory', 'must be a list');
    record.statuses = history.map((s: Record<string, unknown>, i) => {
      const at = `statusHistory[${i}]`;
      const scheme = oneOf(s.scheme, ['unesco', 'cpj'] as const, `${at}.scheme`);
      const recordedAt = text(s.recordedAt, `${at}.recordedAt`);
      if (recordedAt && Number.isNaN(Date.parse(recordedAt)))
        throw new Bad(`${at}.recordedAt`, 'must be an ISO 8601 instant');
      return {
        scheme,
        status: oneOf(s.status, STATUSES_BY_SCHEME[scheme], `${at}.status`),
        resolutionReason: s.resolutionReason
          ? oneOf(s.resolutionReason, RESOLUTION_REASONS, `${at}.resolutionReason`)
          : null,
        effectiveDate:
          date(s.effectiveDate, `${at}.effectiveDate`) ??
          (() => {
            throw new Bad(`${at}.effectiveDate`, 'is required');
          })(),
        reportedBy: oneOf(s.reportedBy, REPORTERS, `${at}.reportedBy`),
        source: text(s.source, `${at}.source`, { max: 2000 }),
        note: text(s.note, `${at}.note`, { max: 5000 }),
        recordedAt: recordedAt ?? undefined,
        createdBy: text(s.createdBy, `${at}.createdBy`) ?? undefined,
        ref: s.id === undefined || s.id === null ? undefined : String(s.id),
        supersedesRef:
          s.supersedesId === undefined || s.supersedesId === null ? null : String(s.supersedesId),
      };
    });
    const problem = checkLimits(record, row, {});
    if (problem) return { reject: problem };
    return { record };
  } catch (error) {
    if (error instanceof Bad) return { reject: { row, field: error.field, reason: error.message } };
    throw error;
  }
}

/** The canonical CSV, as written by GET /api/v1/exports/cases.csv. */
export const canonicalCsvFormat: CsvCaseFormat = {
  source: 'tracker',
  label: 'tracker canonical CSV',
  identityField: 'caseId',
  required: [
    'caseId',
    'personId',
    'incidentId',
    'fullName',
    'countryCode',
    'datePrecision',
    'outcome',
  ],
  fallbackEncoding: { '*': 'windows-1252' },
  read(row: SourceRow, context: FormatContext): ReadResult {
    let object: Record<string, unknown>;
    try {
      object = fromCsvCells(row.values);
    } catch (error) {
      return {
        reject: {
          row: row.row,
          field: 'classifications/statusHistory',
          reason: `is not valid JSON (${(error as Error).message})`,
          raw: row.values,
        },
      };
    }
    const result = canonicalRecord(object, row.row, context);
    if ('reject' in result) return { reject: { ...result.reject, raw: row.values } };
    result.record.flags.push(...row.flags);
    return result;
  },
};
