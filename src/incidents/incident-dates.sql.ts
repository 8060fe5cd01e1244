/**
 * The one rule for date filters over incidents (case lists, incident lists, exports, figures):
 * an incident's date is a span, from its first possible day to its last, and it matches a filter
 * when that span overlaps the filter's. A day is a span of one day; a month or year precision
 * spans the whole month or year; a range (dateEnd) runs to the end of its last day, month or year
 * by the same precision. An unknown date matches no date filter.
 */

/** SQL for the last day an incident's date may stand for (incidents aliased `alias`). */
export function incidentLastDay(alias = 'i'): string {
  const end = `coalesce(${alias}.date_end, ${alias}.date_start)`;
  return `(CASE ${alias}.date_precision
    WHEN 'month' THEN (date_trunc('month', ${end}) + interval '1 month - 1 day')::date
    WHEN 'year' THEN make_date(extract(year FROM ${end})::int, 12, 31)
    ELSE ${end} END)`;
}

/** A date filter: each bound inclusive, as a date (YYYY-MM-DD) or a year. */
export interface DateFilter {
  dateFrom?: string;
  dateTo?: string;
  yearFrom?: number;
  yearTo?: number;
}

/** Conditions for a date filter under the overlap rule; `$` adds a parameter. */
export function incidentDateConditions(
  filter: DateFilter,
  $: (value: unknown) => string,
  alias = 'i',
): string[] {
  const where: string[] = [];
  const last = incidentLastDay(alias);
  if (filter.yearFrom !== undefined)
    where.push(`${last} >= make_date(${$(filter.yearFrom)}::int, 1, 1)`);
  if (filter.yearTo !== undefined)
    where.push(`${alias}.date_start <= make_date(${$(filter.yearTo)}::int, 12, 31)`);
  if (filter.dateFrom) where.push(`${last} >= ${$(filter.dateFrom)}::date`);
  if (filter.dateTo) where.push(`${alias}.date_start <= ${$(filter.dateTo)}::date`);
  return where;
}
