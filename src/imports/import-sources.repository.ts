// SQL of source identities (import_sources): what a file's records were imported as, the lock
// that keeps two imports of a source apart, the reference data a reader checks records against,
// and the planner statistics refreshed during large imports.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { copyRows } from '../database/copy-rows.js';
import type { CountryRule } from './formats/cpj-common.js';
import type { CaseRecord, SourceName } from './import-record.js';

export interface ExistingSource {
  key: string;
  caseId: string | null;
  contentHash: string;
  /** The case's person and incident, and the record as last imported: read only for the records
   * whose content changed (storedRecords). */
  personId?: string;
  incidentId?: string;
  record?: CaseRecord | null;
}

/** What an update of an imported case needs: its person and incident, its record as imported. */
export interface StoredRecord {
  personId: string;
  incidentId: string;
  record: CaseRecord | null;
}

/** The date a CPJ key ends with when its file gave one (see cpjKey), as the migration strips it. */
const DATED_KEY = /\|\d{4}-\d{2}-\d{2}(?:\/\d{4}-\d{2}-\d{2})?$/;

/** A record's source identity, as import_sources keeps it (no case while it is held). */
export interface SourceIdentity {
  source: SourceName;
  key: string;
  caseId: string | null;
  hash: string;
  record: CaseRecord;
}

@Injectable()
export class ImportSourcesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Refreshes the planner's statistics of the tables an import writes. In the import's
   * transaction, the statistics count the rows it has written so far and only it sees them until
   * it commits.
   */
  async analyze(manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `ANALYZE people, incidents, incident_attack_types, incident_perpetrator_types, cases, monitor_classifications,
               status_entries, case_current_status, case_status_periods, case_observations, import_sources`,
    );
  }

  /** How many cases the planner's statistics know of (0 when the table was never analysed). */
  async analysedCases(manager: EntityManager): Promise<number> {
    const [{ cases }]: { cases: number }[] = await manager.query(
      `SELECT greatest(reltuples, 0)::float8 AS cases FROM pg_class WHERE oid = 'cases'::regclass`,
    );
    return cases;
  }

  // ---- reference data --------------------------------------------------------------------------

  async countries(
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, CountryRule>> {
    const rows: CountryRule[] = await manager.query(
      `SELECT code, name, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo" FROM countries`,
    );
    return new Map(rows.map((r) => [r.code, r]));
  }

  async codes(table: 'attack_types' | 'perpetrator_types'): Promise<Set<string>> {
    const rows: { code: string }[] = await this.dataSource.query(`SELECT code FROM ${table}`);
    return new Set(rows.map((r) => r.code));
  }

  // ---- identities ------------------------------------------------------------------------------

  /**
   * Waits until no other import of this source is writing, and keeps the others waiting until
   * this transaction ends. Two imports of the same file at once would otherwise both find its
   * records new, and the second would fail on the first's identities; in turn, the second finds
   * them written and leaves them unchanged.
   */
  async lockSourceImports(manager: EntityManager, source: SourceName): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('import_sources'), hashtext($1))`, [
      source,
    ]);
  }

  /** The identities of these keys, without what only an update needs (see storedRecords). */
  async existingSources(
    manager: EntityManager,
    source: SourceName,
    keys: string[],
  ): Promise<Map<string, ExistingSource>> {
    if (keys.length === 0) return new Map();
    const rows: ExistingSource[] = await manager.query(
      `SELECT source_key AS key, case_id AS "caseId", content_hash AS "contentHash"
         FROM import_sources WHERE source = $1 AND source_key = ANY($2::text[])`,
      [source, keys],
    );
    return new Map(rows.map((r) => [r.key, r]));
  }

  /**
   * CPJ records stored under the same name, year, country and status as these keys but one with
   * a date and the other without (a data API file gives the year, the legacy export the day):
   * by the key asked for, those that only one stored record matches.
   */
  async sameUndatedIdentity(
    manager: EntityManager,
    keys: string[],
  ): Promise<Map<string, ExistingSource>> {
    const wanted = keys.filter((k) => !/^https?:\/\//.test(k) && !k.includes('#'));
    if (wanted.length === 0) return new Map();
    const bases = wanted.map((k) => k.replace(DATED_KEY, ''));
    const rows: (ExistingSource & { base: string })[] = await manager.query(
      `SELECT regexp_replace(source_key, '${DATED_KEY.source}', '') AS base, source_key AS key,
              case_id AS "caseId", content_hash AS "contentHash"
         FROM import_sources
        WHERE source = 'cpj' AND regexp_replace(source_key, '${DATED_KEY.source}', '') = ANY($1::text[])`,
      [bases],
    );
    const byBase = new Map<string, ExistingSource[]>();
    for (const { base, ...row } of rows) byBase.set(base, [...(byBase.get(base) ?? []), row]);
    const found = new Map<string, ExistingSource>();
    wanted.forEach((key, i) => {
      const dated = key !== bases[i];
      // A dated key meets the undated record; an undated key meets the one dated record.
      const matches = (byBase.get(bases[i]) ?? []).filter((r) =>
        dated ? r.key === bases[i] : r.key !== key,
      );
      if (matches.length === 1) found.set(key, matches[0]);
    });
    return found;
  }

  /** The cases imported under these keys: their person and incident, the record as imported. */
  async storedRecords(
    manager: EntityManager,
    source: SourceName,
    keys: string[],
  ): Promise<Map<string, StoredRecord>> {
    if (keys.length === 0) return new Map();
    const rows: (StoredRecord & { key: string })[] = await manager.query(
      `SELECT s.source_key AS key, c.person_id AS "personId", c.incident_id AS "incidentId", s.raw AS record
         FROM import_sources s JOIN cases c ON c.id = s.case_id
        WHERE s.source = $1 AND s.source_key = ANY($2::text[])`,
      [source, keys],
    );
    return new Map(rows.map(({ key, ...stored }) => [key, stored]));
  }

  /** Which of these cases hold a record of the source already. */
  async casesHoldingSource(
    manager: EntityManager,
    source: SourceName,
    caseIds: string[],
  ): Promise<Set<string>> {
    const rows: { id: string }[] = await manager.query(
      `SELECT DISTINCT case_id AS id FROM import_sources WHERE source = $1 AND case_id = ANY($2::uuid[])`,
      [source, caseIds],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** The external id each monitor gives each of these cases, keyed `case|monitor`. */
  async monitorIdsOf(
    manager: EntityManager,
    caseIds: string[],
  ): Promise<Map<string, string | null>> {
    const rows: { key: string; externalId: string | null }[] = await manager.query(
      `SELECT case_id || '|' || monitor AS key, external_id AS "externalId"
         FROM monitor_classifications WHERE case_id = ANY($1::uuid[])`,
      [caseIds],
    );
    return new Map(rows.map((r) => [r.key, r.externalId]));
  }

  /** A new version of a case whose rows an import changed without rewriting the case itself. */
  async touchCase(manager: EntityManager, caseId: string): Promise<void> {
    await manager.query(
      `UPDATE cases SET version = version + 1, updated_at = now() WHERE id = $1`,
      [caseId],
    );
  }

  /** Which of these ids exist in a table (canonical imports keep our ids). */
  async existingIds(
    manager: EntityManager,
    table: 'cases' | 'people' | 'incidents',
    ids: string[],
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Identities of records imported for the first time. */
  async insertSources(
    manager: EntityManager,
    jobId: string,
    rows: SourceIdentity[],
  ): Promise<void> {
    await copyRows(
      manager,
      'import_sources',
      [
        'source',
        'source_key',
        'case_id',
        'content_hash',
        'country_label',
        'flags',
        'review_state',
        'raw',
        'first_job_id',
        'last_job_id',
      ],
      rows.map((r) => [
        r.source,
        r.key,
        r.caseId,
        r.hash,
        r.record.countryLabel,
        r.record.flags,
        r.caseId ? null : 'needs_review',
        r.record,
        jobId,
        jobId,
      ]),
    );
  }

  /** Identities of records imported before, with their new content. */
  async upsertSources(
    manager: EntityManager,
    jobId: string,
    rows: SourceIdentity[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO import_sources (source, source_key, case_id, content_hash, country_label, flags, review_state, raw, first_job_id, last_job_id)
       SELECT x.source, x.key, x.case_id, x.hash, x.country_label, x.flags, x.review_state, x.raw, $1, $1
         FROM jsonb_to_recordset($2::jsonb) AS x(source text, key text, case_id uuid, hash text, country_label text,
                                                 flags text[], review_state text, raw jsonb)
       ON CONFLICT (source, source_key) DO UPDATE SET case_id = EXCLUDED.case_id, content_hash = EXCLUDED.content_hash,
         country_label = EXCLUDED.country_label, flags = EXCLUDED.flags,
         review_state = CASE WHEN EXCLUDED.case_id IS NULL THEN 'needs_review'
                             WHEN import_sources.review_state IS NOT NULL THEN 'resolved' END,
         raw = EXCLUDED.raw, last_job_id = $1, updated_at = now()
       -- A record that is a case stays one: an import that would hold it again (read before a
       -- reviewer settled it, or a file whose label is still ambiguous) leaves it as it is.
       WHERE import_sources.case_id IS NULL OR EXCLUDED.case_id IS NOT NULL`,
      [
        jobId,
        JSON.stringify(
          rows.map((r) => ({
            source: r.source,
            key: r.key,
            case_id: r.caseId,
            hash: r.hash,
            country_label: r.record.countryLabel,
            flags: r.record.flags,
            review_state: r.caseId ? null : 'needs_review',
            raw: r.record,
          })),
        ),
      ],
    );
  }
}
