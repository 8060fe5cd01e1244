import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseFilterDto } from '../cases/dto/list-cases.query.js';
import type { Dimension } from './dto/statistics.query.js';
import { type Moment, parameter } from './figure-sql.js';

/**
 * A dimension of a held record, read from its stored record (alias h: raw, date, and `placeable`,
 * the candidate countries the figure's filters leave). `placed` says whether the record has one
 * value for it: a country only when its candidates narrow to one, a region only when they all lie
 * in one region, a year only when the date is known. Other fields are the record's own, and an
 * unknown one goes, as for a case, to the group whose key is null.
 */
const HELD_DIMENSION_SQL: Record<Dimension, { select: string; placed?: string; join?: string }> = {
  year: { select: `extract(year FROM h.date)::int`, placed: `h.date IS NOT NULL` },
  country: {
    select: `hc.value`,
    placed: `hc.placed`,
    join: `CROSS JOIN LATERAL (SELECT min(x) AS value, count(DISTINCT x) = 1 AS placed
                                 FROM unnest(h.placeable) x) hc`,
  },
  region: {
    select: `hr.value`,
    placed: `hr.placed`,
    join: `CROSS JOIN LATERAL (SELECT min(cr.region_code) AS value, count(DISTINCT coalesce(cr.region_code, '')) = 1 AS placed
                                 FROM unnest(h.placeable) x
                                 LEFT JOIN country_regions cr ON cr.country_code = x AND cr.scheme = 'unesco') hr`,
  },
  gender: { select: `nullif(h.raw->'person'->>'gender', 'unknown')` },
  role: { select: `h.raw->'person'->>'role'` },
  employment: { select: `nullif(h.raw->'person'->>'employment', 'unknown')` },
  local_foreign: { select: `nullif(h.raw->'case'->>'localForeign', 'unknown')` },
  context: { select: `h.raw->'incident'->>'context'` },
  media_type: {
    select: `hmt.value`,
    join: `LEFT JOIN LATERAL jsonb_array_elements_text(coalesce(h.raw->'person'->'mediaTypes', '[]')) AS hmt(value) ON true`,
  },
  attack_type: {
    select: `hat.value`,
    join: `LEFT JOIN LATERAL jsonb_array_elements_text(coalesce(h.raw->'incident'->'attackTypes', '[]')) AS hat(value) ON true`,
  },
  perpetrator_type: {
    select: `hpt.value`,
    join: `LEFT JOIN LATERAL jsonb_array_elements_text(coalesce(h.raw->'incident'->'perpetratorTypes', '[]')) AS hpt(value) ON true`,
  },
};

/** Held records in a figure's scope, in total and per group of its dimensions. */
export interface HeldCount {
  /** Held records that may fall in the scope. */
  total: number;
  /** Of those, the ones with no single group (candidate countries in several, unknown date). */
  unplaced: number;
  /** Placed records per group; a record with several values of a multi-valued dimension counts in each. */
  groups: { key: Record<string, string | number | null>; held: number }[];
}

/** Imported records held for a reviewer, as far as a figure's scope can place them. */
@Injectable()
export class HeldInFiguresRepository {
  /**
   * Imported records held for a reviewer (no case yet) that may fall in a figure's scope, placed
   * as far as their stored record allows: outcome, dates up to asOf, and the filters a record
   * held for its country can answer (its candidate countries and their regions, year and date
   * ranges, gender, role, employment, local or foreign, context). Filters it cannot answer (a
   * status, a monitor, a text search) leave it counted: it may fall in the scope. With dimensions,
   * the records are also counted per group, where they can be placed in one.
   */
  async heldInScope(
    manager: EntityManager,
    filter: CaseFilterDto,
    moment: Moment,
    dimensions: Dimension[] = [],
    /** CPJ's figures count murders only. */
    murders = false,
  ): Promise<HeldCount> {
    const params: unknown[] = [];
    const $ = parameter(params);
    const date = `nullif(s.raw->'incident'->>'dateStart', '')::date`;
    const where = [
      `s.case_id IS NULL`,
      `s.review_state = 'needs_review'`,
      `s.raw->'case'->>'outcome' = ${$(filter.outcome ?? 'killed')}`,
      `(${date} IS NULL OR ${date} <= ${$(moment.asOf)}::date)`,
    ];
    // The countries a held record may be in; a record held for another reason has its own.
    const candidates = `CASE WHEN jsonb_typeof(s.raw->'candidates') = 'array' AND jsonb_array_length(s.raw->'candidates') > 0
        THEN ARRAY(SELECT jsonb_array_elements_text(s.raw->'candidates'))
        WHEN s.raw->'incident'->>'countryCode' IS NOT NULL THEN ARRAY[s.raw->'incident'->>'countryCode']
        ELSE '{}'::text[] END`;
    // Of those, the ones the country and region filters leave.
    const narrow = ['true'];
    if (filter.country) narrow.push(`x = ${$(filter.country)}`);
    if (filter.region)
      narrow.push(`EXISTS (SELECT 1 FROM country_regions r WHERE r.country_code = x
        AND r.scheme = ${$(filter.regionScheme ?? 'unesco')} AND r.region_code = ${$(filter.region)})`);
    if (filter.yearFrom !== undefined)
      where.push(`${date} >= make_date(${$(filter.yearFrom)}::int, 1, 1)`);
    if (filter.yearTo !== undefined)
      where.push(`${date} < make_date(${$(filter.yearTo)}::int + 1, 1, 1)`);
    if (filter.dateFrom) where.push(`${date} >= ${$(filter.dateFrom)}::date`);
    if (filter.dateTo) where.push(`${date} <= ${$(filter.dateTo)}::date`);
    const fields: [keyof CaseFilterDto, string][] = [
      ['gender', `s.raw->'person'->>'gender'`],
      ['role', `s.raw->'person'->>'role'`],
      ['employment', `s.raw->'person'->>'employment'`],
      ['localForeign', `s.raw->'case'->>'localForeign'`],
      ['context', `s.raw->'incident'->>'context'`],
    ];
    for (const [name, sql] of fields)
      if (filter[name] !== undefined) where.push(`${sql} = ${$(filter[name])}`);
    if (murders) where.push(`coalesce(s.raw->'incident'->'attackTypes', '[]') ? 'murder'`);
    // A record without candidates may be anywhere; one with candidates needs one the filters leave.
    const inScope =
      filter.country || filter.region
        ? `(h.candidates = 0 OR cardinality(h.placeable) > 0)`
        : 'true';

    const dims = dimensions.map((d) => HELD_DIMENSION_SQL[d]);
    const keys = dimensions.join(', ');
    const placed = dims.map((d) => d.placed ?? 'true').join(' AND ') || 'true';
    const raw: Record<string, unknown>[] = await manager.query(
      `WITH held AS (
         SELECT s.source || ' ' || s.source_key AS id, s.raw, ${date} AS date, cardinality(${candidates}) AS candidates,
                ARRAY(SELECT x FROM unnest(${candidates}) x WHERE ${narrow.join(' AND ')}) AS placeable
           FROM import_sources s WHERE ${where.join(' AND ')}),
       grouped AS (
         SELECT h.id, ${placed} AS placed ${dimensions.map((d, n) => `, ${dims[n].select} AS ${d}`).join('')}
           FROM held h ${dims.map((d) => d.join ?? '').join(' ')}
          WHERE ${inScope})
       SELECT ${keys ? `placed, ${keys},` : ''} ${keys ? `GROUPING(placed, ${keys}) <> 0` : 'true'} AS total,
              count(DISTINCT id)::int AS held, count(DISTINCT id) FILTER (WHERE NOT placed)::int AS unplaced
         FROM grouped GROUP BY ${keys ? `GROUPING SETS ((placed, ${keys}), ())` : '()'}`,
      params,
    );
    const total = raw.find((r) => r.total);
    return {
      total: Number(total?.held ?? 0),
      unplaced: Number(total?.unplaced ?? 0),
      groups: raw
        .filter((r) => !r.total && r.placed)
        .map((r) => ({
          key: Object.fromEntries(
            dimensions.map((d) => [d, (r[d] as string | number | null) ?? null]),
          ),
          held: Number(r.held),
        })),
    };
  }
}
