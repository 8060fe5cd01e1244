import { caseFilterSql } from '../cases/case-filter.sql.js';
import type { CaseFilterDto } from '../cases/dto/list-cases.query.js';
import type { Dimension } from './dto/statistics.query.js';

/** A single-valued dimension is a column expression; a multi-valued one joins rows in. */
export const DIMENSION_SQL: Record<Dimension, { select: string; join?: string }> = {
  year: { select: `extract(year FROM i.date_start)::int` },
  country: { select: `i.country_code::text` },
  region: {
    select: `(SELECT cr.region_code FROM country_regions cr WHERE cr.country_code = i.country_code AND cr.scheme = 'unesco')`,
  },
  gender: { select: `nullif(p.gender, 'unknown')` },
  role: { select: `p.role` },
  employment: { select: `nullif(p.employment, 'unknown')` },
  local_foreign: { select: `nullif(c.local_foreign, 'unknown')` },
  context: { select: `i.context` },
  media_type: {
    select: `mt.media_type`,
    join: `LEFT JOIN LATERAL unnest(p.media_types) AS mt(media_type) ON true`,
  },
  attack_type: {
    select: `iat.attack_type_code`,
    join: `LEFT JOIN incident_attack_types iat ON iat.incident_id = i.id`,
  },
  perpetrator_type: {
    select: `ipt.perpetrator_type_code`,
    join: `LEFT JOIN incident_perpetrator_types ipt ON ipt.incident_id = i.id`,
  },
};

export interface Moment {
  asOf: string;
  /** An instant, or null for "as known now". */
  known: string | null;
  /** Whether confidential (unpublished) status entries count. */
  confidential: boolean;
}

export interface GroupRow {
  key: Record<string, string | number | null>;
  numerator: number;
  denominator: number | null;
  unknown: number;
  /** True for the row over the whole scope. */
  total: boolean;
}

/** Appends a query parameter and returns its placeholder. */
export const parameter = (params: unknown[]) => (value: unknown) => (
  params.push(value),
  `$${params.length}`
);

/**
 * Cases in scope: the case-list filters, not retracted, incidents up to asOf (unknown dates
 * included). knownAsOf concerns judicial statuses (their recorded_at), not the cases themselves.
 */
export function scopeSql(
  filter: CaseFilterDto,
  moment: Moment,
  params: unknown[],
  extra: string[] = [],
): string {
  const $ = parameter(params);
  const where = [
    caseFilterSql({ ...filter, includeRetracted: false }, params, moment.confidential),
  ];
  where.push(`(i.date_start IS NULL OR i.date_start <= ${$(moment.asOf)}::date)`);
  return [...where, ...extra].join(' AND ');
}

export function groupingSql(dimensions: Dimension[]): {
  selects: string;
  joins: string;
  keys: string;
  sets: string;
  anyUnknown: string;
  /** How to count cases: a multi-valued dimension can repeat a case, so count distinct ids. */
  cases: string;
} {
  const selects = dimensions.map((d) => `${DIMENSION_SQL[d].select} AS ${d}`).join(', ');
  const joins = dimensions.map((d) => DIMENSION_SQL[d].join ?? '').join(' ');
  const keys = dimensions.join(', ');
  return {
    selects: selects ? `, ${selects}` : '',
    joins,
    keys,
    sets: dimensions.length ? `GROUPING SETS ((${keys}), ())` : `()`,
    anyUnknown: dimensions.length ? dimensions.map((d) => `${d} IS NULL`).join(' OR ') : 'false',
    cases: dimensions.some((d) => DIMENSION_SQL[d].join) ? 'count(DISTINCT id)' : 'count(*)',
  };
}

/**
 * Cases with their incidents, and their people when the query reads a person's field (every case
 * has exactly one person, so the join changes no count; leaving it out saves a scan of people).
 */
export function casesFromSql(...sql: string[]): string {
  const people = sql.some((part) => /\bp\./.test(part))
    ? ' JOIN people p ON p.id = c.person_id'
    : '';
  return `cases c JOIN incidents i ON i.id = c.incident_id${people}`;
}

export function groupRows(raw: Record<string, unknown>[], dimensions: Dimension[]): GroupRow[] {
  return raw.map((r) => ({
    key: Object.fromEntries(dimensions.map((d) => [d, (r[d] as string | number | null) ?? null])),
    numerator: Number(r.numerator),
    denominator:
      r.denominator === null || r.denominator === undefined ? null : Number(r.denominator),
    unknown: Number(r.unknown),
    total: Boolean(r.total),
  }));
}

/**
 * Status of each scoped case in a scheme on asOf as known at `known`, with the same rule as
 * case_status_at(). As known now, it is the case's period in case_status_periods covering asOf
 * (one index or hash probe per case); as known at an earlier instant, it is computed from the
 * history set-based: the latest visible entry not superseded by a visible correction, and for
 * UNESCO no_information until the state has reported, found in one pass over the entries.
 */
export function statusCtesSql(scheme: 'unesco' | 'cpj', moment: Moment, params: unknown[]): string {
  const $ = parameter(params);
  const asOf = `${$(moment.asOf)}::date`;
  const noEntry = scheme === 'unesco' ? `'no_information'` : 'NULL';
  if (!moment.known) {
    return `
      statused AS (
        SELECT s.*, coalesce(p.status, ${noEntry}) AS status
          FROM scoped s LEFT JOIN case_status_periods p
            ON p.case_id = s.id AND p.scheme = '${scheme}' AND p.confidential = ${moment.confidential}
           AND p.valid_from <= ${asOf} AND (p.valid_to IS NULL OR p.valid_to > ${asOf}))`;
  }
  const known = `${$(moment.known)}::timestamptz`;
  const visible = (alias: string) => (moment.confidential ? 'true' : `NOT ${alias}.confidential`);
  const status =
    scheme === 'unesco'
      ? `CASE WHEN h.reported THEN coalesce(h.status, 'no_information') ELSE 'no_information' END`
      : `h.status`;
  // A scoped case's history includes the entries of the cases merged into it.
  return `
      members AS (
        SELECT DISTINCT id, id AS owner FROM scoped
        UNION ALL
        SELECT x.id, x.merged_into FROM cases x WHERE x.merged_into IN (SELECT id FROM scoped)),
      history AS (
        SELECT m.owner AS case_id,
               (array_agg(se.status ORDER BY se.effective_date DESC, se.recorded_at DESC, se.id DESC) FILTER (
                  WHERE NOT EXISTS (SELECT 1 FROM status_entries x WHERE x.supersedes_id = se.id AND x.recorded_at <= ${known} AND ${visible('x')})
               ))[1] AS status,
               bool_or(se.reported_by = 'state') AS reported
          FROM status_entries se JOIN members m ON m.id = se.case_id
         WHERE se.scheme = '${scheme}'
           AND se.effective_date <= ${asOf} AND se.recorded_at <= ${known} AND ${visible('se')}
         GROUP BY m.owner),
      statused AS (SELECT s.*, ${status} AS status FROM scoped s LEFT JOIN history h ON h.case_id = s.id)`;
}
