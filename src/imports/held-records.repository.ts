// SQL of the records an import held for review: listed for reviewers, locked while they are
// settled, and linked to the case they became.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CaseRecord, SourceName } from './import-record.js';

@Injectable()
export class HeldRecordsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * At most `limit` records waiting for a reviewer, oldest first, then by source and key, after
   * a position in that order (a page's last `position`, `source` and `key`).
   */
  heldSources(
    filter: { source?: SourceName },
    limit: number,
    after?: { position: string; source: string; key: string },
  ): Promise<HeldSource[]> {
    const params: unknown[] = [limit];
    const where = [`case_id IS NULL`, `review_state = 'needs_review'`];
    if (filter.source) {
      params.push(filter.source);
      where.push(`source = $${params.length}`);
    }
    if (after) {
      params.push(after.position, after.source, after.key);
      const n = params.length;
      where.push(`(created_at, source, source_key) > ($${n - 2}::timestamptz, $${n - 1}, $${n})`);
    }
    return this.dataSource.query(
      `SELECT ${HELD_COLUMNS} FROM import_sources
        WHERE ${where.join(' AND ')}
        ORDER BY created_at, source, source_key
        LIMIT $1`,
      params,
    );
  }

  /** One source record, locked until the transaction ends (a reviewer settling it). */
  async lockSource(
    manager: EntityManager,
    source: SourceName,
    key: string,
  ): Promise<HeldSource | undefined> {
    const rows: HeldSource[] = await manager.query(
      `SELECT ${HELD_COLUMNS} FROM import_sources WHERE source = $1 AND source_key = $2 FOR UPDATE`,
      [source, key],
    );
    return rows[0];
  }

  /** Held records under a label and/or in a list, locked until the transaction ends (oldest first). */
  async lockHeld(
    manager: EntityManager,
    filter: { source?: SourceName; label?: string; records?: { source: string; key: string }[] },
  ): Promise<HeldSource[]> {
    const params: unknown[] = [];
    const where = [`case_id IS NULL`, `review_state = 'needs_review'`];
    if (filter.source) {
      params.push(filter.source);
      where.push(`source = $${params.length}`);
    }
    if (filter.label) {
      params.push(filter.label.trim());
      where.push(`lower(country_label) = lower($${params.length})`);
    }
    if (filter.records?.length) {
      params.push(
        filter.records.map((r) => r.source),
        filter.records.map((r) => r.key),
      );
      where.push(
        `(source, source_key) IN (SELECT * FROM unnest($${params.length - 1}::text[], $${params.length}::text[]))`,
      );
    }
    return manager.query(
      `SELECT ${HELD_COLUMNS} FROM import_sources WHERE ${where.join(' AND ')}
        ORDER BY created_at, source, source_key FOR UPDATE`,
      params,
    );
  }

  /**
   * A held record a reviewer settled: linked to the case it became, kept as settled. Its content
   * hash stays the file's, so that importing the same file again finds it unchanged.
   */
  async settleSource(
    manager: EntityManager,
    source: SourceName,
    key: string,
    caseId: string,
    record: CaseRecord,
  ): Promise<void> {
    await manager.query(
      `UPDATE import_sources SET case_id = $3, review_state = 'resolved', raw = $4, flags = $5::text[], updated_at = now()
        WHERE source = $1 AND source_key = $2`,
      [source, key, caseId, record, record.flags],
    );
  }
}

/** A source record as a reviewer sees it; `position` is where it sorts among held records. */
export interface HeldSource {
  source: SourceName;
  key: string;
  caseId: string | null;
  contentHash: string;
  countryLabel: string | null;
  flags: string[];
  record: CaseRecord;
  firstJobId: string | null;
  lastJobId: string | null;
  heldSince: Date;
  /** created_at as text to the microsecond (a Date would round it and skip or repeat rows). */
  position: string;
}

const HELD_COLUMNS = `source, source_key AS key, case_id AS "caseId", content_hash AS "contentHash",
  country_label AS "countryLabel", flags,
  raw AS record, first_job_id AS "firstJobId", last_job_id AS "lastJobId", created_at AS "heldSince",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position`;
