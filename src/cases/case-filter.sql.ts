import { incidentDateConditions } from '../incidents/incident-dates.sql.js';
import { statusSql } from '../statuses/status-sql.js';
import type { Disagreement } from './case.enums.js';
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
  // A case merged into another is counted and listed as its survivor, never on its own.
  where.push('c.merged_into IS NULL');
  if (!filter.includeRetracted) where.push('c.retracted_at IS NULL');
  if (filter.country) where.push(`i.country_code = ${$(filter.country)}`);
  if (filter.region) {
    where.push(
      `i.country_code IN (SELECT country_code FROM country_regions WHERE scheme = ${$(filter.regionScheme ?? 'unesco')} AND region_code = ${$(filter.region)})`,
    );
  }
  // An incident matches when its date span overlaps the filter's (see incident-dates.sql.ts).
  where.push(...incidentDateConditions(filter, $));
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
  if (filter.personId) where.push(`c.person_id = ${$(filter.personId)}::uuid`);
  if (filter.outcome) where.push(`c.outcome = ${$(filter.outcome)}`);
  if (filter.localForeign) where.push(`c.local_foreign = ${$(filter.localForeign)}`);
  if (filter.gender) where.push(`p.gender = ${$(filter.gender)}`);
  if (filter.role) where.push(`p.role = ${$(filter.role)}`);
  if (filter.employment) where.push(`p.employment = ${$(filter.employment)}`);
  if (filter.mediaType) where.push(`p.media_types @> ARRAY[${$(filter.mediaType)}::text]`);
  if (filter.context) where.push(`i.context = ${$(filter.context)}`);
  if (filter.externalId) {
    // A look-up of a monitor's record by its id, whatever the monitor says of the case.
    const conditions = ['mc.case_id = c.id', `mc.external_id = ${$(filter.externalId)}`];
    if (filter.monitor) conditions.push(`mc.monitor = ${$(filter.monitor)}`);
    where.push(
      `EXISTS (SELECT 1 FROM monitor_classifications mc WHERE ${conditions.join(' AND ')})`,
    );
  } else if (filter.monitor) {
    // `monitor` counts what the monitor counts: a case it explicitly excludes is not among them.
    where.push(classifiedSql(filter.monitor, true, $));
  }
  if (filter.includedBy) where.push(classifiedSql(filter.includedBy, true, $));
  if (filter.excludedBy) where.push(classifiedSql(filter.excludedBy, false, $));
  if (filter.disagreement) where.push(disagreementSql(filter.disagreement));
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

/** Cases a monitor classifies and includes (`included` true) or explicitly excludes (false). */
function classifiedSql(monitor: string, included: boolean, $: (value: unknown) => string): string {
  return `EXISTS (SELECT 1 FROM monitor_classifications mc WHERE mc.case_id = c.id AND mc.monitor = ${$(monitor)} AND mc.included = ${included})`;
}

/**
 * Cases whose monitors' views part, for case `c`:
 * - inclusion: one monitor includes the case and another explicitly excludes it;
 * - motive: one monitor holds the killing work-related (motive confirmed, or UNESCO's
 *   Director-General condemned it) and another has the motive unconfirmed;
 * - type_of_death: two monitors give different types of death;
 * - any: one of the three.
 * A monitor without a classification of the case takes no side.
 */
export function disagreementSql(kind: Disagreement, alias = 'c'): string {
  const pair = (condition: string) =>
    `EXISTS (SELECT 1 FROM monitor_classifications a JOIN monitor_classifications b
       ON b.case_id = a.case_id AND b.monitor <> a.monitor WHERE a.case_id = ${alias}.id AND ${condition})`;
  const kinds: Record<Exclude<Disagreement, 'any'>, string> = {
    inclusion: pair('a.included AND NOT b.included'),
    motive: pair(
      `(a.motive = 'confirmed' OR (a.monitor = 'unesco' AND a.included AND a.condemnation = 'condemned')) AND b.motive = 'unconfirmed'`,
    ),
    type_of_death: pair('a.type_of_death <> b.type_of_death'),
  };
  return kind === 'any' ? `(${Object.values(kinds).join(' OR ')})` : kinds[kind];
}
