import { statusSql } from '../statuses/status-sql.js';
import type { CaseFilterDto } from './dto/list-cases.query.js';

/**
 * The WHERE clause of every query over cases (list, export, statistics), for tables aliased
 * c (cases), i (incidents) and p (people). Values go in `params` as positional parameters.
 * `confidential` lets status filters count unpublished state answers (for callers allowed to).
 */
export function caseFilterSql(
  filter: CaseFilterDto,
  params: unknown[],
  confidential = false,
): string {
  const where: string[] = [];
  const $ = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (!filter.includeRetracted) where.push('c.retracted_at IS NULL');
  if (filter.country) where.push(`i.country_code = ${$(filter.country)}`);
  if (filter.region) {
    where.push(
      `i.country_code IN (SELECT country_code FROM country_regions WHERE scheme = ${$(filter.regionScheme ?? 'unesco')} AND region_code = ${$(filter.region)})`,
    );
  }
  if (filter.yearFrom !== undefined)
    where.push(`i.date_start >= make_date(${$(filter.yearFrom)}::int, 1, 1)`);
  if (filter.yearTo !== undefined)
    where.push(`i.date_start < make_date(${$(filter.yearTo)}::int + 1, 1, 1)`);
  if (filter.dateFrom) where.push(`i.date_start >= ${$(filter.dateFrom)}::date`);
  if (filter.dateTo) where.push(`i.date_start <= ${$(filter.dateTo)}::date`);
  if (filter.attackType) {
    // A parent type matches its descendants in the taxonomy tree.
    where.push(`EXISTS (SELECT 1 FROM incident_attack_types iat WHERE iat.incident_id = i.id AND iat.attack_type_code IN (
      WITH RECURSIVE sub(code) AS (SELECT ${$(filter.attackType)}::text UNION SELECT a.code FROM attack_types a JOIN sub ON a.parent_code = sub.code)
      SELECT code FROM sub))`);
  }
  if (filter.perpetratorType) {
    where.push(
      `EXISTS (SELECT 1 FROM incident_perpetrator_types ipt WHERE ipt.incident_id = i.id AND ipt.perpetrator_type_code = ${$(filter.perpetratorType)})`,
    );
  }
  if (filter.outcome) where.push(`c.outcome = ${$(filter.outcome)}`);
  if (filter.localForeign) where.push(`c.local_foreign = ${$(filter.localForeign)}`);
  if (filter.gender) where.push(`p.gender = ${$(filter.gender)}`);
  if (filter.role) where.push(`p.role = ${$(filter.role)}`);
  if (filter.employment) where.push(`p.employment = ${$(filter.employment)}`);
  if (filter.mediaType) where.push(`p.media_types @> ARRAY[${$(filter.mediaType)}::text]`);
  if (filter.context) where.push(`i.context = ${$(filter.context)}`);
  if (filter.monitor || filter.externalId) {
    const conditions = ['mc.case_id = c.id'];
    if (filter.monitor) conditions.push(`mc.monitor = ${$(filter.monitor)}`);
    if (filter.externalId) conditions.push(`mc.external_id = ${$(filter.externalId)}`);
    where.push(
      `EXISTS (SELECT 1 FROM monitor_classifications mc WHERE ${conditions.join(' AND ')})`,
    );
  }
  if (filter.q) {
    // Substring and word-similarity (trigram) for names with typos or accents, full text for phrases.
    const q = $(filter.q);
    const term = `f_unaccent(lower(${q}))`;
    const matches = (column: string) =>
      `${column} LIKE '%' || replace(replace(${term}, '%', '\\%'), '_', '\\_') || '%' OR ${term} <% ${column} OR to_tsvector('simple', ${column}) @@ plainto_tsquery('simple', ${term})`;
    where.push(`(${matches('p.search_text')} OR ${matches('i.search_text')})`);
  }
  if (filter.status)
    where.push(
      `${statusSql(filter.scheme ?? 'unesco', filter.asOf, filter.knownAsOf, confidential, $)} = ${$(filter.status)}`,
    );
  if (filter.cpjDisagreement) {
    const asOf = filter.asOf ? `${$(filter.asOf)}::date` : 'current_date';
    where.push(`EXISTS (SELECT 1 FROM status_entries r WHERE r.id = status_entry_at(c.id, 'cpj', ${asOf}, 'infinity')
      AND r.status <> cpj_class_from_proceedings(c.id, ${asOf}))`);
  }
  return where.length > 0 ? where.join(' AND ') : 'TRUE';
}
