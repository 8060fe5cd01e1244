import type { Scheme } from './status.enums.js';

/** What a case counts as when a scheme's history has no entry for it. */
export const STATUS_WHEN_NO_ENTRY: Record<Scheme, string | null> = {
  unesco: 'no_information',
  cpj: null,
};

/** An instant for `knownAsOf`: a bare date means the end of that day, UTC. */
export function knownInstant(knownAsOf: string | undefined): string | null {
  if (!knownAsOf) return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(knownAsOf) ? `${knownAsOf}T23:59:59.999999Z` : knownAsOf;
}

/**
 * SQL for the status of case `c` in a scheme on a date as known at an instant (see the
 * case_status_at function). As known now, it is read from the maintained tables: the public's
 * current status from case_current_status, a status on a date from case_status_periods. A
 * question about an earlier instant walks the history.
 */
export function statusSql(
  scheme: Scheme,
  asOf: string | undefined,
  knownAsOf: string | undefined,
  confidential: boolean,
  $: (value: unknown) => string,
): string {
  const fallback =
    STATUS_WHEN_NO_ENTRY[scheme] === null ? 'NULL' : `'${STATUS_WHEN_NO_ENTRY[scheme]}'`;
  if (!asOf && !knownAsOf && !confidential) {
    return `coalesce((SELECT ccs.status FROM case_current_status ccs WHERE ccs.case_id = c.id AND ccs.scheme = ${$(scheme)}), ${fallback})`;
  }
  const known = knownInstant(knownAsOf);
  const date = asOf ? `${$(asOf)}::date` : 'current_date';
  if (!known) {
    return `coalesce((SELECT p.status FROM case_status_periods p WHERE p.case_id = c.id AND p.scheme = ${$(scheme)}
       AND p.confidential = ${confidential} AND p.valid_from <= ${date} AND (p.valid_to IS NULL OR p.valid_to > ${date})), ${fallback})`;
  }
  return `coalesce(case_status_at(c.id, ${$(scheme)}, ${date}, ${$(known)}::timestamptz, ${confidential}), ${fallback})`;
}
