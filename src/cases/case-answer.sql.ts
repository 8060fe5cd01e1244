import type { Scheme } from '../statuses/status.enums.js';
import { STATUS_WHEN_NO_ENTRY } from '../statuses/status-sql.js';
import {
  CASE_COLUMNS,
  CLASSIFICATION_COLUMNS,
  COUNTRY_COLUMNS,
  INCIDENT_COLUMNS,
  jsonObject,
  PERSON_COLUMNS,
  toOne,
  type Columns,
  type Field,
  type Joined,
} from './case-graph.sql.js';

/*
 * A page's cases written by PostgreSQL exactly as GraphQL answers them for one selection: each
 * object holds the keys asked for (aliases), in the order asked, with the values GraphQL would
 * write (dates and instants as the scalars write them, enums by their values, null where there is
 * none). The JSON text is then put into the answer as it is (graphql/spliced-pages.ts).
 */

/** What GraphQL's field answers under one key of an object. */
export type AnswerField =
  | { kind: 'typename' }
  | { kind: 'column'; field: string }
  | { kind: 'related'; field: string; answer: Answer }
  | { kind: 'status'; scheme: Scheme; answer: Answer };

/** An object's keys, in the order GraphQL writes them. */
export type Answer = [key: string, field: AnswerField][];

/** Fields of CaseStatus, for the row of case_current_status aliased `s` (none: no entry yet). */
function statusColumns(scheme: Scheme): Columns {
  const none = STATUS_WHEN_NO_ENTRY[scheme];
  return {
    scheme: () => `'${scheme}'::text`,
    status: (s) => `coalesce(${s}.status::text, ${none === null ? 'NULL' : `'${none}'`})`,
    asOf: () => TODAY,
    knownAsOf: () => 'NULL::text',
  };
}

/** Columns of each type an answer may hold, by GraphQL type name. */
export const ANSWER_COLUMNS: Record<string, Columns> = {
  Case: CASE_COLUMNS,
  Person: PERSON_COLUMNS,
  Incident: INCIDENT_COLUMNS,
  Country: COUNTRY_COLUMNS,
  MonitorClassification: CLASSIFICATION_COLUMNS,
  // Its keys only: what they read depends on the scheme asked (statusColumns).
  CaseStatus: statusColumns('unesco'),
};

/** Stands for today's date (UTC) in the statement, a parameter given when it runs. */
export const TODAY = '$today';

/** An answer's keys for the row aliased `alias` of `typeName`; `related` writes related objects. */
function fieldsOf(
  answer: Answer,
  typeName: string,
  columns: Columns,
  alias: string,
  related: (field: Exclude<AnswerField, { kind: 'typename' | 'column' }>) => string,
): Field[] {
  return answer.map(([key, field]): Field => {
    if (field.kind === 'typename') return [key, `'${typeName}'::text`];
    if (field.kind === 'column') return [key, columns[field.field](alias)];
    return [key, related(field)];
  });
}

/**
 * A JSON array of `item` for the rows `from` finds, in `order`, written as GraphQL writes one
 * (json_agg would put a space after each comma).
 */
function jsonArray(item: string, order: string, from: string): string {
  return `coalesce((SELECT ('[' || string_agg(${item}::text, ',' ORDER BY ${order}) || ']')::json ${from}), '[]')`;
}

const unexpected = (typeName: string, field: string): never => {
  throw new Error(`${typeName}.${field} cannot be written by SQL`);
};

function statusAnswer(answer: Answer, scheme: Scheme, caseAlias: string, depth: number): string {
  const s = `s${depth}`;
  const fields = fieldsOf(answer, 'CaseStatus', statusColumns(scheme), s, (f) =>
    unexpected('CaseStatus', f.kind),
  );
  return jsonObject(
    fields,
    `FROM (SELECT 1) one LEFT JOIN case_current_status ${s} ON ${s}.case_id = ${caseAlias}.id AND ${s}.scheme = '${scheme}'`,
  );
}

function incidentAnswer(answer: Answer, alias: string, depth: number, joined?: Joined): string {
  return jsonObject(
    fieldsOf(answer, 'Incident', INCIDENT_COLUMNS, alias, (f) => {
      if (f.kind === 'related' && f.field === 'country') {
        return toOne(
          (co) =>
            fieldsOf(f.answer, 'Country', COUNTRY_COLUMNS, co, (g) =>
              unexpected('Country', g.kind),
            ),
          joined?.country,
          (co) => `FROM countries ${co} WHERE ${co}.code = ${alias}.country_code`,
          `co${depth}`,
        );
      }
      if (f.kind === 'related' && f.field === 'cases') {
        // As the incident's loader reads them: retracted ones included, by name then id.
        const c = `c${depth + 1}`;
        const p = `pn${depth + 1}`;
        const cases = caseAnswer(f.answer, c, depth + 1, { person: p, incident: alias });
        return jsonArray(
          cases,
          `${p}.full_name, ${c}.id`,
          `FROM cases ${c} JOIN people ${p} ON ${p}.id = ${c}.person_id WHERE ${c}.incident_id = ${alias}.id`,
        );
      }
      return unexpected('Incident', f.kind === 'related' ? f.field : 'status');
    }),
  );
}

/**
 * A case as GraphQL answers `answer` for it, from the case aliased `alias` (`depth` keeps the
 * aliases of nested subqueries apart) and the rows `joined` names when the statement joins them.
 * Today's date is written as TODAY, for the statement to give as a parameter.
 */
export function caseAnswer(answer: Answer, alias: string, depth = 0, joined?: Joined): string {
  return jsonObject(
    fieldsOf(answer, 'Case', CASE_COLUMNS, alias, (f) => {
      if (f.kind === 'status') return statusAnswer(f.answer, f.scheme, alias, depth);
      switch (f.field) {
        case 'person':
          return toOne(
            (p) =>
              fieldsOf(f.answer, 'Person', PERSON_COLUMNS, p, (g) => unexpected('Person', g.kind)),
            joined?.person,
            (p) => `FROM people ${p} WHERE ${p}.id = ${alias}.person_id`,
            `p${depth}`,
          );
        case 'incident':
          return joined?.incident
            ? incidentAnswer(f.answer, joined.incident, depth, joined)
            : `(SELECT ${incidentAnswer(f.answer, `i${depth}`, depth)}
               FROM incidents i${depth} WHERE i${depth}.id = ${alias}.incident_id)`;
        case 'classifications': {
          const m = `m${depth}`;
          const item = jsonObject(
            fieldsOf(f.answer, 'MonitorClassification', CLASSIFICATION_COLUMNS, m, (g) =>
              unexpected('MonitorClassification', g.kind),
            ),
          );
          return jsonArray(
            item,
            `${m}.monitor`,
            `FROM monitor_classifications ${m} WHERE ${m}.case_id = ${alias}.id`,
          );
        }
        default:
          return unexpected('Case', f.field);
      }
    }),
  );
}
