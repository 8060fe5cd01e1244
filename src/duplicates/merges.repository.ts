import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  CONFIDENTIAL_COLUMNS,
  CONFIDENTIAL_FIELDS,
  type ConfidentialField,
} from '../common/confidentiality/confidential.js';

/** What a merge moved from the absorbed case to the survivor, as kept in the audit trail. */
export interface MovedRows {
  /** Monitor classifications (id and monitor). */
  classifications: { id: string; monitor: string }[];
  /** Ids of proceedings. */
  proceedings: string[];
  /** Import source identities (source and the source's key). */
  sources: { source: string; sourceKey: string }[];
  /** Yearly observations (source and year). */
  observations: { source: string; year: number }[];
  /** Cases merged into the absorbed case before, now merged into the survivor. */
  cases: string[];
  /** UNESCO requests (ids) that named the absorbed case and not the survivor. */
  requests?: string[];
  /** State answers (ids) that reported on the absorbed case and not on the survivor. */
  responses?: string[];
}

export type ConfidentialTexts = Record<ConfidentialField, string | null>;

export interface LockedCase {
  id: string;
  mergedInto: string | null;
  retracted: boolean;
}

/**
 * The rows that make two cases one: moved on a merge, moved back on its undo. (An UPDATE …
 * RETURNING runs inside a WITH so that the driver answers its rows, not rows and a count.)
 */
@Injectable()
export class MergesRepository {
  /** Locks the cases (in id order, so two merges cannot deadlock). */
  lockCases(manager: EntityManager, ids: readonly string[]): Promise<LockedCase[]> {
    return manager.query(
      `SELECT id, merged_into AS "mergedInto", retracted_at IS NOT NULL AS retracted
         FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  /**
   * What both cases hold where a case may hold only one: per monitor, source, source and year. (A
   * monitor's classification may stay with the absorbed case, at the reviewer's word.)
   */
  async clashes(
    manager: EntityManager,
    survivorId: string,
    absorbedId: string,
  ): Promise<{ field: string; value: string }[]> {
    return manager.query(
      `SELECT 'classifications' AS field, a.monitor AS value
         FROM monitor_classifications a JOIN monitor_classifications b ON b.monitor = a.monitor
        WHERE a.case_id = $1 AND b.case_id = $2
       UNION ALL
       SELECT 'sources', a.source
         FROM import_sources a JOIN import_sources b ON b.source = a.source
        WHERE a.case_id = $1 AND b.case_id = $2
       UNION ALL
       SELECT 'observations', a.source || ' ' || a.year
         FROM case_observations a JOIN case_observations b ON b.source = a.source AND b.year = a.year
        WHERE a.case_id = $1 AND b.case_id = $2
       ORDER BY 1, 2`,
      [survivorId, absorbedId],
    );
  }

  /** Gives the absorbed case's movable rows to the survivor. */
  async moveAll(manager: EntityManager, from: string, to: string): Promise<MovedRows> {
    const ids = async (sql: string): Promise<string[]> =>
      ((await manager.query(sql, [from, to])) as { id: string }[]).map((r) => r.id).sort();
    const classifications: MovedRows['classifications'] = await manager.query(
      `WITH changed AS (UPDATE monitor_classifications SET case_id = $2, updated_at = now()
        WHERE case_id = $1 AND monitor NOT IN (SELECT monitor FROM monitor_classifications WHERE case_id = $2)
       RETURNING id, monitor) SELECT * FROM changed`,
      [from, to],
    );
    const proceedings = await ids(
      `WITH changed AS (UPDATE proceedings SET case_id = $2 WHERE case_id = $1 RETURNING id) SELECT * FROM changed`,
    );
    const sources: MovedRows['sources'] = await manager.query(
      `WITH changed AS (UPDATE import_sources SET case_id = $2 WHERE case_id = $1
       RETURNING source, source_key AS "sourceKey") SELECT * FROM changed`,
      [from, to],
    );
    const observations: MovedRows['observations'] = await manager.query(
      `WITH changed AS (UPDATE case_observations SET case_id = $2 WHERE case_id = $1 RETURNING source, year) SELECT * FROM changed`,
      [from, to],
    );
    const cases = await ids(
      `WITH changed AS (UPDATE cases SET merged_into = $2, version = version + 1, updated_at = now()
        WHERE merged_into = $1 RETURNING id) SELECT * FROM changed`,
    );
    // The UNESCO ledger: a request or answer that named both cases keeps its two rows as they are.
    const requests = await ids(
      `WITH changed AS (UPDATE dg_request_cases SET case_id = $2 WHERE case_id = $1
        AND request_id NOT IN (SELECT request_id FROM dg_request_cases WHERE case_id = $2)
       RETURNING request_id AS id) SELECT * FROM changed`,
    );
    const responses = await ids(
      `WITH changed AS (UPDATE dg_response_cases SET case_id = $2 WHERE case_id = $1
        AND response_id NOT IN (SELECT response_id FROM dg_response_cases WHERE case_id = $2)
       RETURNING response_id AS id) SELECT * FROM changed`,
    );
    return { classifications, proceedings, sources, observations, cases, requests, responses };
  }

  /** Gives back to `to` (the absorbed case) what a merge moved, where the survivor still holds it. */
  async moveBack(manager: EntityManager, moved: MovedRows, from: string, to: string) {
    await manager.query(
      `UPDATE monitor_classifications SET case_id = $2, updated_at = now() WHERE case_id = $1 AND id = ANY($3::uuid[])`,
      [from, to, moved.classifications.map((c) => c.id)],
    );
    await manager.query(
      `UPDATE proceedings SET case_id = $2 WHERE case_id = $1 AND id = ANY($3::uuid[])`,
      [from, to, moved.proceedings],
    );
    await manager.query(
      `UPDATE import_sources SET case_id = $2
        WHERE case_id = $1 AND (source, source_key) IN (SELECT * FROM unnest($3::text[], $4::text[]))`,
      [from, to, moved.sources.map((s) => s.source), moved.sources.map((s) => s.sourceKey)],
    );
    await manager.query(
      `UPDATE case_observations SET case_id = $2
        WHERE case_id = $1 AND (source, year) IN (SELECT * FROM unnest($3::text[], $4::int[]))`,
      [from, to, moved.observations.map((o) => o.source), moved.observations.map((o) => o.year)],
    );
    await manager.query(
      `UPDATE cases SET merged_into = $2, version = version + 1, updated_at = now()
        WHERE merged_into = $1 AND id = ANY($3::uuid[])`,
      [from, to, moved.cases],
    );
    await manager.query(
      `UPDATE dg_request_cases SET case_id = $2 WHERE case_id = $1 AND request_id = ANY($3::uuid[])`,
      [from, to, moved.requests ?? []],
    );
    await manager.query(
      `UPDATE dg_response_cases SET case_id = $2 WHERE case_id = $1 AND response_id = ANY($3::uuid[])`,
      [from, to, moved.responses ?? []],
    );
  }

  /** The confidential texts of these cases, by id. */
  async confidentialTexts(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<Map<string, ConfidentialTexts>> {
    const columns = CONFIDENTIAL_FIELDS.map((f) => `${CONFIDENTIAL_COLUMNS[f]} AS "${f}"`);
    const rows: (ConfidentialTexts & { id: string })[] = await manager.query(
      `SELECT id, ${columns.join(', ')} FROM cases WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map(({ id, ...texts }) => [id, texts]));
  }

  /** Sets a case's confidential texts. */
  async setConfidentialTexts(
    manager: EntityManager,
    id: string,
    texts: ConfidentialTexts,
  ): Promise<void> {
    const sets = CONFIDENTIAL_FIELDS.map((f, n) => `${CONFIDENTIAL_COLUMNS[f]} = $${n + 2}`);
    await manager.query(`UPDATE cases SET ${sets.join(', ')} WHERE id = $1`, [
      id,
      ...CONFIDENTIAL_FIELDS.map((f) => texts[f]),
    ]);
  }

  /** Marks a case merged into another (or no longer, with `into` null); bumps both versions. */
  async setMergedInto(
    manager: EntityManager,
    id: string,
    into: string | null,
    survivorId: string,
  ): Promise<Date | null> {
    const [row]: { mergedAt: Date | null }[] = await manager.query(
      `WITH changed AS (UPDATE cases SET merged_into = $2, merged_at = CASE WHEN $2::uuid IS NULL THEN NULL ELSE now() END,
                        version = version + 1, updated_at = now()
        WHERE id = $1 RETURNING merged_at AS "mergedAt") SELECT * FROM changed`,
      [id, into],
    );
    await manager.query(
      `UPDATE cases SET version = version + 1, updated_at = now() WHERE id = $1`,
      [survivorId],
    );
    return row.mergedAt;
  }

  /** Recomputes the current statuses and status periods of these cases over their families. */
  async refreshStatuses(manager: EntityManager, ids: readonly string[]): Promise<void> {
    await manager.query(`SELECT refresh_current_statuses_for($1::uuid[], ARRAY['unesco', 'cpj'])`, [
      ids,
    ]);
    await manager.query(`SELECT refresh_status_periods($1::uuid[])`, [ids]);
  }
}
