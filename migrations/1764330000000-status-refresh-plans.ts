import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  CASE_STATUS_AT,
  CURRENT_STATUSES_FOR,
  FAMILY_MEMBERS,
  FAMILY_TRIGGER_BODY,
  PERIODS,
  STATUS_ENTRY_AT,
  TRIGGER,
} from './1764300000000-case-merges.js';

/** A case's family (itself and the cases merged into it): as 1764300000000 reads it, and as a subquery. */
const FAMILY_ARRAY = 'ANY (case_family(p_case))';
const FAMILY_SUBQUERY =
  'ANY (SELECT p_case UNION ALL SELECT m.id FROM cases m WHERE m.merged_into = p_case)';
const STATUS_AT = [STATUS_ENTRY_AT, CASE_STATUS_AT];

/** The functions as migration 1764300000000 made them (SQL), replacing what is there. */
const SQL_FUNCTIONS = [
  PERIODS.replace('{{members}}', FAMILY_MEMBERS),
  CURRENT_STATUSES_FOR.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'),
];

/** The trigger's lock on the entries' cases and their survivors, as one list an index finds. */
const OR_LOCK = `WHERE id IN (SELECT case_id FROM new_entries)
         OR id IN (SELECT c.merged_into FROM cases c WHERE c.id IN (SELECT case_id FROM new_entries))`;
const UNION_LOCK = `WHERE id IN (SELECT case_id FROM new_entries
                     UNION SELECT c.merged_into FROM cases c WHERE c.id IN (SELECT case_id FROM new_entries))`;
if (!FAMILY_TRIGGER_BODY.includes(OR_LOCK))
  throw new Error('the status trigger is not as expected');

/** The same statements as a PL/pgSQL body. */
// (Replacement functions: in a replacement string, `$$` would stand for one `$`.)
const asPlpgsql = (sql: string) =>
  sql
    .replace('LANGUAGE sql AS $$', () => 'LANGUAGE plpgsql AS $$ BEGIN')
    .replace(/\$\$\s*$/, () => '; END $$');

/**
 * Status reads and writes on 100,000 cases:
 * - status_entry_at() and case_status_at() matched entries with `case_id = ANY (case_family(…))`,
 *   an array the planner cannot see into: it read the case's entries through the wrong index and
 *   joined their corrections by a merge, some 0.5 ms a call, ten times the cost before merges
 *   (releases and drafted UNESCO requests call them for every case). The same family as a
 *   subquery is read as before: the case's entries, then the cases merged into it.
 * - A single status entry cost some 40 ms, in the status trigger:
 *   - it locked the entries' cases and the cases they are merged into with `id IN (…) OR id IN (…)`,
 *     which no index answers: a scan of every case (about 14 ms). The same list as one UNION is
 *     found through the primary key;
 *   - the two functions it calls (current statuses, status periods) were SQL functions, whose
 *     statements are planned anew on every call; as PL/pgSQL, with the same statements, a session
 *     plans them once and reuses the plans.
 */
export class StatusRefreshPlans1764330000000 implements MigrationInterface {
  name = 'StatusRefreshPlans1764330000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of STATUS_AT) await q.query(sql.replace('{{cases}}', () => FAMILY_SUBQUERY));
    for (const sql of SQL_FUNCTIONS) await q.query(asPlpgsql(sql));
    await q.query(
      TRIGGER.replace('{{body}}', () => FAMILY_TRIGGER_BODY.replace(OR_LOCK, () => UNION_LOCK)),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of STATUS_AT) await q.query(sql.replace('{{cases}}', () => FAMILY_ARRAY));
    for (const sql of SQL_FUNCTIONS) await q.query(sql);
    await q.query(TRIGGER.replace('{{body}}', () => FAMILY_TRIGGER_BODY));
  }
}
