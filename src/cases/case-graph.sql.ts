import { instantSql } from '../common/time/instants.js';
import type { Scheme } from '../statuses/status.enums.js';

/*
 * A page of cases with the related records a GraphQL selection asks for, built as JSON by
 * PostgreSQL in the page's one statement (as the REST list's items are): each object carries the
 * fields asked for, and under `prefetched` the related objects (person, incident, its country and
 * cases, classifications, current statuses) in the shape their DataLoaders answer, so that their
 * field resolvers need neither a batch nor a promise. Only fields with an SQL expression below are
 * built; a selection that needs another is left to the loaders.
 */

/** SQL expressions of an object's fields, for a table alias. */
export type Columns = Record<string, (alias: string) => string>;

const column = (name: string) => (a: string) => `${a}.${name}`;
const date = (name: string) => (a: string) => `to_char(${a}.${name}, 'YYYY-MM-DD')`;
const instant = (name: string) => (a: string) => instantSql(`${a}.${name}`);

export const CASE_COLUMNS: Columns = {
  id: column('id'),
  incidentId: column('incident_id'),
  personId: column('person_id'),
  outcome: column('outcome'),
  localForeign: column('local_foreign'),
  dateOfDeath: date('date_of_death'),
  retractedAt: instant('retracted_at'),
  retractionReason: column('retraction_reason'),
  version: column('version'),
  createdAt: instant('created_at'),
  updatedAt: instant('updated_at'),
};

export const PERSON_COLUMNS: Columns = {
  id: column('id'),
  fullName: column('full_name'),
  gender: column('gender'),
  role: column('role'),
  transliteratedName: column('transliterated_name'),
  nationalities: (a) => `${a}.nationalities::text[]`,
  employment: column('employment'),
  mediaTypes: column('media_types'),
  outlets: column('outlets'),
  beats: column('beats'),
  version: column('version'),
  createdAt: instant('created_at'),
  updatedAt: instant('updated_at'),
};

export const INCIDENT_COLUMNS: Columns = {
  id: column('id'),
  dateStart: date('date_start'),
  dateEnd: date('date_end'),
  datePrecision: column('date_precision'),
  countryCode: column('country_code'),
  place: column('place'),
  context: column('context'),
  description: column('description'),
  sourceLinks: column('source_links'),
  version: column('version'),
  createdAt: instant('created_at'),
  updatedAt: instant('updated_at'),
  attackTypes: (a) =>
    `ARRAY(SELECT attack_type_code FROM incident_attack_types WHERE incident_id = ${a}.id ORDER BY 1)`,
  perpetratorTypes: (a) =>
    `ARRAY(SELECT perpetrator_type_code FROM incident_perpetrator_types WHERE incident_id = ${a}.id ORDER BY 1)`,
};

export const COUNTRY_COLUMNS: Columns = {
  code: column('code'),
  alpha3: column('alpha3'),
  numericCode: column('numeric_code'),
  name: column('name'),
  worldBankCode: column('world_bank_code'),
  status: column('status'),
  validFrom: date('valid_from'),
  validTo: date('valid_to'),
};

export const CLASSIFICATION_COLUMNS: Columns = {
  monitor: column('monitor'),
  externalId: column('external_id'),
  url: column('url'),
  included: column('included'),
  motive: column('motive'),
  typeOfDeath: column('type_of_death'),
  condemnation: column('condemnation'),
  recordedDate: date('recorded_date'),
};

/** What to build of an object: its fields (names of its Columns) and related objects. */
export interface ObjectSelection {
  fields: string[];
}

export interface IncidentSelection extends ObjectSelection {
  country?: ObjectSelection;
  cases?: CaseSelection;
}

export interface CaseSelection extends ObjectSelection {
  person?: ObjectSelection;
  incident?: IncidentSelection;
  classifications?: boolean;
  /** The public's current status in both schemes (case_current_status), with its entry's id. */
  currentStatus?: boolean;
}

/** The selection without current statuses, at every depth. */
export function withoutCurrentStatus(selection: CaseSelection): CaseSelection {
  const cases = selection.incident?.cases;
  return {
    ...selection,
    currentStatus: false,
    incident: selection.incident && {
      ...selection.incident,
      cases: cases && withoutCurrentStatus(cases),
    },
  };
}

/** A current status as read with the page: what CaseStatus needs besides the date. */
export interface PrefetchedStatus {
  status: string | null;
  entryId: string | null;
}

/** Related objects read with an object, by the name of the field that answers them. */
export interface Prefetched {
  person?: unknown;
  incident?: unknown;
  country?: unknown;
  cases?: unknown[];
  classifications?: unknown[];
  currentStatus?: Record<Scheme, PrefetchedStatus | null>;
}

/** A field of an object built in SQL: its name and its expression. */
export type Field = [name: string, sql: string];

const fieldsOf = (columns: Columns, fields: string[], alias: string): Field[] =>
  [...new Set(fields)].flatMap((f): Field[] => (columns[f] ? [[f, columns[f](alias)]] : []));

/**
 * The JSON object of `fields`, read from the row of `from` (nothing: the current row), null when
 * there is none. Built by row_to_json over a subselect, as the REST list's items are:
 * json_build_object looks up how to write each argument on every call, row_to_json once per
 * statement, which halves what building a page's objects costs.
 */
export function jsonObject(fields: Field[], from = ''): string {
  if (fields.length === 0) return from ? `(SELECT '{}'::json ${from})` : `'{}'::json`;
  return `(SELECT row_to_json(o) FROM (SELECT ${selectList(fields)} ${from}) o)`;
}

/** The fields as the columns of a SELECT, named as in the object. */
export const selectList = (fields: Field[]) =>
  fields.map(([name, sql]) => `${sql} AS "${name}"`).join(', ');

/** An object's fields and, under `prefetched`, the related objects built by `related`. */
function objectFields(fields: Field[], related: Field[]): Field[] {
  return related.length ? [...fields, ['prefetched', jsonObject(related)]] : fields;
}

function currentStatusJson(caseAlias: string, depth: number): string {
  const one = (scheme: Scheme): Field => {
    const s = `s${depth}${scheme[0]}`;
    return [
      scheme,
      jsonObject(
        [
          ['status', `${s}.status`],
          ['entryId', `${s}.entry_id::text`],
        ],
        `FROM case_current_status ${s} WHERE ${s}.case_id = ${caseAlias}.id AND ${s}.scheme = '${scheme}'`,
      ),
    ];
  };
  return jsonObject([one('unesco'), one('cpj')]);
}

/**
 * Aliases of tables the page's statement joins to its cases (an incident's country, a case's
 * person and incident): their objects are built from the joined rows, without a subquery.
 */
export interface Joined {
  person?: string;
  incident?: string;
  country?: string;
}

/** A to-one relation's object: from the joined row, or from the row `from` finds for `alias`. */
export function toOne(
  fields: (alias: string) => Field[],
  joined: string | undefined,
  from: (alias: string) => string,
  alias: string,
): string {
  return joined ? jsonObject(fields(joined)) : jsonObject(fields(alias), from(alias));
}

function incidentFields(
  selection: IncidentSelection,
  alias: string,
  depth: number,
  joined?: Joined,
): Field[] {
  const related: Field[] = [];
  const { country } = selection;
  if (country) {
    related.push([
      'country',
      toOne(
        (co) => fieldsOf(COUNTRY_COLUMNS, country.fields, co),
        joined?.country,
        (co) => `FROM countries ${co} WHERE ${co}.code = ${alias}.country_code`,
        `co${depth}`,
      ),
    ]);
  }
  if (selection.cases) {
    // An incident's cases as the loader reads them: retracted ones included, by name then id.
    const c = `c${depth + 1}`;
    const p = `pn${depth + 1}`;
    // Their person is the row joined for the order; their incident, this one.
    const cases = caseJson(selection.cases, c, depth + 1, { person: p, incident: alias });
    related.push([
      'cases',
      `coalesce((SELECT json_agg(${cases} ORDER BY ${p}.full_name, ${c}.id)
         FROM cases ${c} JOIN people ${p} ON ${p}.id = ${c}.person_id WHERE ${c}.incident_id = ${alias}.id), '[]')`,
    ]);
  }
  return objectFields(fieldsOf(INCIDENT_COLUMNS, selection.fields, alias), related);
}

/**
 * A case as JSON: the selected fields of the case aliased `alias` and its prefetched relations
 * (`depth` keeps the aliases of nested subqueries apart), its person, incident and the incident's
 * country from the rows `joined` names when the statement joins them.
 */
export function caseJson(
  selection: CaseSelection,
  alias: string,
  depth = 0,
  joined?: Joined,
): string {
  const related: Field[] = [];
  const { person, incident } = selection;
  if (person) {
    related.push([
      'person',
      toOne(
        (p) => fieldsOf(PERSON_COLUMNS, person.fields, p),
        joined?.person,
        (p) => `FROM people ${p} WHERE ${p}.id = ${alias}.person_id`,
        `p${depth}`,
      ),
    ]);
  }
  if (incident) {
    related.push([
      'incident',
      toOne(
        (i) => incidentFields(incident, i, depth, joined),
        joined?.incident,
        (i) => `FROM incidents ${i} WHERE ${i}.id = ${alias}.incident_id`,
        `i${depth}`,
      ),
    ]);
  }
  if (selection.classifications) {
    const m = `m${depth}`;
    const fields = fieldsOf(CLASSIFICATION_COLUMNS, Object.keys(CLASSIFICATION_COLUMNS), m);
    related.push([
      'classifications',
      `coalesce((SELECT json_agg(o ORDER BY o.monitor) FROM (SELECT ${selectList(fields)}
         FROM monitor_classifications ${m} WHERE ${m}.case_id = ${alias}.id) o), '[]')`,
    ]);
  }
  if (selection.currentStatus) related.push(['currentStatus', currentStatusJson(alias, depth)]);
  return jsonObject(objectFields(fieldsOf(CASE_COLUMNS, selection.fields, alias), related));
}
