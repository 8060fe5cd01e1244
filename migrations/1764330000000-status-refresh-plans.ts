import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  CURRENT_STATUSES_FOR,
  FAMILY_MEMBERS,
  FAMILY_TRIGGER_BODY,
  PERIODS,
  TRIGGER,
} from './1764300000000-case-merges.js';

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
 * A single status entry cost some 40 ms on 100,000 cases, in the status trigger:
 * - it locked the entries' cases and the cases they are merged into with `id IN (…) OR id IN (…)`,
 *   which no index answers: a scan of every case (about 14 ms). The same list as one UNION is
 *   found through the primary key;
 * - the two functions it calls (current statuses, status periods) were SQL functions, whose
 *   statements are planned anew on every call; as PL/pgSQL, with the same statements, a session
 *   plans them once and reuses the plans.
 */
export class StatusRefreshPlans1764330000000 implements MigrationInterface {
  name = 'StatusRefreshPlans1764330000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of SQL_FUNCTIONS) await q.query(asPlpgsql(sql));
    await q.query(
      TRIGGER.replace('{{body}}', () => FAMILY_TRIGGER_BODY.replace(OR_LOCK, () => UNION_LOCK)),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of SQL_FUNCTIONS) await q.query(sql);
    await q.query(TRIGGER.replace('{{body}}', () => FAMILY_TRIGGER_BODY));
  }
}
