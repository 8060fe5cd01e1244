import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseFilterDto } from '../cases/dto/list-cases.query.js';
import { type Moment, parameter } from './figure-sql.js';

/** Imported records held for a reviewer, as far as a figure's scope can place them. */
@Injectable()
export class HeldInFiguresRepository {
  /**
   * Imported records held for a reviewer (no case yet) that may fall in a figure's scope, placed
   * as far as their stored record allows: outcome, dates up to asOf, and the filters a record
   * held for its country can answer (its candidate countries and their regions, year and date
   * ranges, gender, role, employment, local or foreign, context). Filters it cannot answer (a
   * status, a monitor, a text search) leave it counted: it may fall in the scope.
   */
  async heldInScope(
    manager: EntityManager,
    filter: CaseFilterDto,
    moment: Moment,
    outcome = 'killed',
  ): Promise<number> {
    const params: unknown[] = [];
    const $ = parameter(params);
    const date = `nullif(s.raw->'incident'->>'dateStart', '')::date`;
    const where = [
      `s.case_id IS NULL`,
      `s.review_state = 'needs_review'`,
      `s.raw->'case'->>'outcome' = ${$(filter.outcome ?? outcome)}`,
      `(${date} IS NULL OR ${date} <= ${$(moment.asOf)}::date)`,
    ];
    const candidates = `coalesce(ARRAY(SELECT jsonb_array_elements_text(s.raw->'candidates')), '{}')`;
    if (filter.country)
      where.push(`(cardinality(${candidates}) = 0 OR ${$(filter.country)} = ANY(${candidates}))`);
    if (filter.region)
      where.push(`(cardinality(${candidates}) = 0 OR EXISTS (SELECT 1 FROM country_regions r
        WHERE r.scheme = ${$(filter.regionScheme ?? 'unesco')} AND r.region_code = ${$(filter.region)}
          AND r.country_code = ANY(${candidates})))`);
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
    const [{ n }]: { n: number }[] = await manager.query(
      `SELECT count(*)::int AS n FROM import_sources s WHERE ${where.join(' AND ')}`,
      params,
    );
    return n;
  }
}
