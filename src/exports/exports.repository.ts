import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource, EntityManager } from 'typeorm';
import { copyRows, CopyValue } from '../database/copy-rows.js';
import { instantSql } from '../common/time/instants.js';
import { BULK_WORK_SQL } from '../database/transaction-timeouts.js';
import { caseFilterSql } from '../cases/case-filter.sql.js';
import type { CaseFilterDto } from '../cases/dto/list-cases.query.js';
import { STATUS_WHEN_NO_ENTRY, statusSql } from '../statuses/status-sql.js';
import { CanonicalFields, exportRowParts } from './canonical-case.js';

export const DATASETS = ['cases', 'people', 'incidents', 'status-history'] as const;
export type ExportFormat = 'csv' | 'ndjson';
export type Dataset = (typeof DATASETS)[number];

/**
 * Rows fetched from the cursor at a time (and buffered ahead of the response). Larger batches
 * keep more rows alive across the young generation's collections: with 2,000 the server's memory
 * grew by about 55 MB with each export of 100,000 cases until a full collection (up to 420 MB);
 * with 1,000 it stays flat and the export is no slower.
 */
const BATCH = 1000;
/**
 * Rows fetched at a time when every case is read from its tables: PostgreSQL takes about ten times
 * longer over each row, and rows received over a longer fetch live long enough to reach the old
 * generation.
 */
const SLOW_BATCH = 100;
/** Instants in the API's one format (see instants.ts). */
const UTC = instantSql;
const DAY = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
const FROM = `
  FROM cases c
  JOIN incidents i ON i.id = c.incident_id
  JOIN people p ON p.id = c.person_id
  JOIN countries co ON co.code = i.country_code`;

/**
 * FROM for choosing and counting the cases in scope (every dataset's count, the cases export's
 * sort), without the joins that `sql` (the filter's conditions, the counted or sorted columns)
 * does not read. Every case has one incident, one person and
 * one country (foreign keys that are never NULL), so leaving a join out changes no count. Over
 * 100,000 cases it saves a third of the count's time and a quarter of the sort's.
 */
function scopeFrom(...sql: string[]): string {
  const reads = (alias: string) => sql.some((text) => new RegExp(`\\b${alias}\\.`).test(text));
  return `
  FROM cases c
  JOIN incidents i ON i.id = c.incident_id${reads('p') ? '\n  JOIN people p ON p.id = c.person_id' : ''}${reads('co') ? '\n  JOIN countries co ON co.code = i.country_code' : ''}`;
}

/**
 * The canonical case's own fields (see canonical-case.ts): all but its URL and statuses, which
 * depend on the request. Only public data: confidential status entries (unpublished state
 * answers) are left out. Each is [SQL expression, column name] over the aliases of FROM.
 *
 * Each list is aggregated from rows of a sub-select (`json_agg(x)`): PostgreSQL turns those into
 * JSON about twice as fast as json_build_object() calls, with the same keys in the same order.
 */
const CANONICAL_FIELDS: [string, keyof CanonicalFields][] = [
  ['c.incident_id', 'incidentId'],
  ['c.person_id', 'personId'],
  ['p.full_name', 'fullName'],
  ['p.transliterated_name', 'transliteratedName'],
  ['p.gender', 'gender'],
  ['p.nationalities::text[]', 'nationalities'],
  ['p.role', 'role'],
  ['p.employment', 'employment'],
  ['p.media_types', 'mediaTypes'],
  ['p.outlets', 'outlets'],
  ['p.beats', 'beats'],
  [DAY('i.date_start'), 'dateStart'],
  [DAY('i.date_end'), 'dateEnd'],
  ['i.date_precision', 'datePrecision'],
  ['i.country_code::text', 'countryCode'],
  ['co.name', 'countryName'],
  ['i.place', 'place'],
  ['i.context', 'context'],
  [
    'ARRAY(SELECT attack_type_code FROM incident_attack_types WHERE incident_id = i.id ORDER BY 1)',
    'attackTypes',
  ],
  [
    'ARRAY(SELECT perpetrator_type_code FROM incident_perpetrator_types WHERE incident_id = i.id ORDER BY 1)',
    'perpetratorTypes',
  ],
  ['i.description', 'description'],
  ['i.source_links', 'sourceLinks'],
  ['c.outcome', 'outcome'],
  ['c.local_foreign', 'localForeign'],
  [DAY('c.date_of_death'), 'dateOfDeath'],
  [UTC('c.retracted_at'), 'retractedAt'],
  ['c.retraction_reason', 'retractionReason'],
  [
    `coalesce((SELECT json_agg(x ORDER BY x.monitor) FROM (
       SELECT mc.monitor, mc.external_id AS "externalId", mc.url, mc.included, mc.motive,
              mc.type_of_death AS "typeOfDeath", mc.condemnation, ${DAY('mc.recorded_date')} AS "recordedDate"
         FROM monitor_classifications mc WHERE mc.case_id = c.id) x), '[]')`,
    'classifications',
  ],
  [
    `coalesce((SELECT json_agg(x ORDER BY x.id::bigint) FROM (
       SELECT se.id::text AS id, se.scheme, se.status, se.resolution_reason AS "resolutionReason",
              ${DAY('se.effective_date')} AS "effectiveDate", ${UTC('se.recorded_at')} AS "recordedAt",
              se.reported_by AS "reportedBy", se.source, se.note, se.supersedes_id::text AS "supersedesId",
              se.created_by AS "createdBy"
         FROM status_entries se WHERE se.case_id = c.id AND NOT se.confidential) x), '[]')`,
    'statusHistory',
  ],
];

/** The canonical fields of the cases matching `where`, with their ids (`caseId`). */
function canonicalSql(where: string): string {
  return `
  SELECT c.id AS "caseId", ${CANONICAL_FIELDS.map(([sql, name]) => `${sql} AS "${name}"`).join(', ')}
  ${FROM}
  WHERE ${where}`;
}

/**
 * The cases export: per case, its stored export row in `format` (head and tail, see
 * exportRowParts()) and its status columns. A case without a stored row (new, or changed since it
 * was stored) brings its canonical fields instead; for the others they are NULL and not read.
 *
 * The cases are sorted first with only their ids and statuses, and the stored rows (about 1 KB
 * each) looked up afterwards in that order, case by case (a lateral subquery the planner cannot
 * flatten): joined as a whole, they were hashed and sorted again with the cases, spilling to
 * disk, and the first row came only after the whole result had been sorted.
 */
function casesSql(where: string, status: StatusColumns, format: 'json' | 'csv'): string {
  return `
  SELECT o."caseId", e.${format}_head AS "storedHead", e.${format}_tail AS "storedTail",
         o."unescoStatus", o."cpjStatus", ${CANONICAL_FIELDS.map(([, name]) => `f."${name}"`).join(', ')}
  FROM (SELECT c.id AS "caseId", i.sort_date, ${status.unesco} AS "unescoStatus", ${status.cpj} AS "cpjStatus"
        ${scopeFrom(where, status.unesco, status.cpj)}${status.joins}
        WHERE ${where}
        ORDER BY i.sort_date, c.id) o
  LEFT JOIN LATERAL (SELECT r.case_id, r.${format}_head, r.${format}_tail FROM case_export_rows r
                     WHERE r.case_id = o."caseId" OFFSET 0) e ON true
  LEFT JOIN LATERAL (${canonicalSql('c.id = o."caseId" AND e.case_id IS NULL')} OFFSET 0) f ON true
  ORDER BY o.sort_date, o."caseId"`;
}

/**
 * The rows of casesSql, every case read from its tables (joined all at once rather than looked
 * up case by case): the faster way when most cases have no stored row, e.g. after a change
 * touching every case.
 */
function casesFromTablesSql(where: string, status: StatusColumns): string {
  return `
  SELECT c.id AS "caseId", NULL::text AS "storedHead", NULL::text AS "storedTail",
         ${status.unesco} AS "unescoStatus", ${status.cpj} AS "cpjStatus",
         ${CANONICAL_FIELDS.map(([sql, name]) => `${sql} AS "${name}"`).join(', ')}
  ${FROM}${status.joins}
  WHERE ${where}
  ORDER BY i.sort_date, c.id`;
}

/** Memory for an export's sorts (PostgreSQL's default, 4 MB, spills 100,000 cases to disk). */
const SORT_MEMORY = '16MB';

/** Below this share of cases with a stored row, an export reads every case from its tables. */
const STORED_SHARE = 0.5;

/**
 * A row of the cases export (casesSql), read as an array (pg's rowMode 'array': a hundred thousand
 * objects of 34 keys, mostly NULL, cost more than the rest of a stored row's way out).
 */
export type CaseExportValues = unknown[];

/** The case id, stored parts and statuses of a cases export row. */
export function caseExportFacts(values: CaseExportValues): {
  caseId: string;
  storedHead: string | null;
  storedTail: string | null;
  unescoStatus: string | null;
  cpjStatus: string | null;
} {
  const [caseId, storedHead, storedTail, unescoStatus, cpjStatus] = values as (string | null)[];
  return { caseId: caseId!, storedHead, storedTail, unescoStatus, cpjStatus };
}

/** The canonical fields of a cases export row without stored parts. */
export function caseExportFields(values: CaseExportValues): CanonicalFields {
  const fields: Record<string, unknown> = { caseId: values[0] };
  CANONICAL_FIELDS.forEach(([, name], i) => (fields[name] = values[5 + i]));
  return fields as unknown as CanonicalFields;
}

/** The status columns of the cases export, and the joins they read from. */
interface StatusColumns {
  unesco: string;
  cpj: string;
  joins: string;
}

/**
 * The public's current status is joined from the maintained table (one hash join, not a look-up
 * per case); a status on another date or as known at another instant is an expression per case.
 */
function statusColumns(filter: CaseFilterDto, $: (value: unknown) => string): StatusColumns {
  if (!filter.asOf && !filter.knownAsOf) {
    return {
      unesco: `coalesce(unesco.status, '${STATUS_WHEN_NO_ENTRY.unesco}')`,
      cpj: 'cpj.status',
      joins: `
  LEFT JOIN case_current_status unesco ON unesco.case_id = c.id AND unesco.scheme = 'unesco'
  LEFT JOIN case_current_status cpj ON cpj.case_id = c.id AND cpj.scheme = 'cpj'`,
    };
  }
  return {
    unesco: statusSql('unesco', filter.asOf, filter.knownAsOf, false, $),
    cpj: statusSql('cpj', filter.asOf, filter.knownAsOf, false, $),
    joins: '',
  };
}

function peopleSql(where: string, base: string): string {
  return `
  SELECT p.id AS "personId", ${base} || '/people/' || p.id AS url, p.full_name AS "fullName", p.transliterated_name AS "transliteratedName", p.gender,
         p.nationalities::text[] AS nationalities, p.role, p.employment, p.media_types AS "mediaTypes", p.outlets, p.beats,
         array_agg(c.id ORDER BY c.id)::text[] AS "caseIds"
  ${FROM}
  WHERE ${where}
  GROUP BY p.id
  ORDER BY p.full_name, p.id`;
}

function incidentsSql(where: string, base: string): string {
  return `
  SELECT i.id AS "incidentId", ${base} || '/incidents/' || i.id AS url, ${DAY('i.date_start')} AS "dateStart", ${DAY('i.date_end')} AS "dateEnd",
         i.date_precision AS "datePrecision", i.country_code::text AS "countryCode", co.name AS "countryName", i.place, i.context,
         ARRAY(SELECT attack_type_code FROM incident_attack_types WHERE incident_id = i.id ORDER BY 1) AS "attackTypes",
         ARRAY(SELECT perpetrator_type_code FROM incident_perpetrator_types WHERE incident_id = i.id ORDER BY 1) AS "perpetratorTypes",
         i.description, i.source_links AS "sourceLinks", array_agg(c.id ORDER BY c.id)::text[] AS "caseIds"
  ${FROM}
  WHERE ${where}
  GROUP BY i.id, co.name
  ORDER BY i.sort_date, i.id`;
}

function statusHistorySql(where: string, base: string): string {
  return `
  SELECT se.id::text AS "entryId", se.case_id AS "caseId", se.scheme, se.status, se.resolution_reason AS "resolutionReason",
         ${DAY('se.effective_date')} AS "effectiveDate", ${UTC('se.recorded_at')} AS "recordedAt", se.reported_by AS "reportedBy",
         se.source, se.note, se.supersedes_id::text AS "supersedesId", se.created_by AS "createdBy",
         ${base} || '/cases/' || se.case_id AS "caseUrl"
  ${FROM}
  JOIN status_entries se ON se.case_id = c.id AND NOT se.confidential
  WHERE ${where}
  ORDER BY se.case_id, se.id`;
}

function countSql(dataset: Dataset, where: string): string {
  const what = {
    cases: 'count(*)',
    people: 'count(DISTINCT p.id)',
    incidents: 'count(DISTINCT i.id)',
  } as const;
  if (dataset === 'status-history')
    return `SELECT count(*)::int AS n ${scopeFrom(where)} JOIN status_entries se ON se.case_id = c.id AND NOT se.confidential WHERE ${where}`;
  if (dataset === 'cases')
    return `SELECT count(*)::int AS n, count(e.case_id)::int AS stored ${scopeFrom(where)}
            LEFT JOIN case_export_rows e ON e.case_id = c.id WHERE ${where}`;
  return `SELECT ${what[dataset]}::int AS n ${scopeFrom(where, what[dataset])} WHERE ${where}`;
}

/** An export being read: its snapshot's facts and a stream of rows; close() ends the snapshot. */
export interface ExportCursor {
  rowCount: number;
  /** The dataset revision of the snapshot (the one statistics and citations state). */
  revision: string;
  rows: Readable;
}

/**
 * Streams exports through a server-side cursor (pg-query-stream) inside one read-only,
 * repeatable-read transaction, so the count, the revision and the rows come from one snapshot and
 * memory stays flat whatever the size.
 */
@Injectable()
export class ExportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query(
    dataset: Dataset,
    filter: CaseFilterDto,
    baseUrl: string,
    format: ExportFormat,
  ): { sql: string; fromTables?: string; count: string; params: unknown[] } {
    const params: unknown[] = [];
    const where = caseFilterSql(filter, params);
    const $ = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (dataset === 'cases') {
      const status = statusColumns(filter, $);
      const sql = casesSql(where, status, format === 'csv' ? 'csv' : 'json');
      const fromTables = casesFromTablesSql(where, status);
      return { sql, fromTables, count: countSql(dataset, where), params };
    }
    // Each row's permanent URL is written by the query, in its place among the columns (a case's
    // is added to its line by exportLine()).
    const base = `${$(baseUrl)}::text`;
    const sql =
      dataset === 'people'
        ? peopleSql(where, base)
        : dataset === 'incidents'
          ? incidentsSql(where, base)
          : statusHistorySql(where, base);
    return { sql, count: countSql(dataset, where), params };
  }

  /**
   * Opens an export; `baseUrl` is the API's public address, which rows' URLs start with. Rows of
   * the cases dataset are CaseExportValues (with the stored parts of `format`); the others' are
   * objects of their columns.
   */
  async open(
    dataset: Dataset,
    filter: CaseFilterDto,
    baseUrl: string,
    format: ExportFormat,
  ): Promise<ExportCursor> {
    const runner = this.dataSource.createQueryRunner('slave');
    const client = (await runner.connect()) as PoolClient;
    let released = false;
    const release = async (error?: unknown) => {
      if (released) return;
      released = true;
      try {
        await client.query(error ? 'ROLLBACK' : 'COMMIT');
      } catch {
        // The connection is gone; releasing it is all there is left to do.
      }
      await runner.release();
    };
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // The cases' sort (9.6 MB for 100,000 cases) then stays in memory up to about 160,000.
      await client.query(`SET LOCAL work_mem = '${SORT_MEMORY}'`);
      // A stream to a slow reader is long work: bounded by the bulk timeout, not the read one.
      await client.query(BULK_WORK_SQL);
      const { sql, fromTables, count, params } = this.query(dataset, filter, baseUrl, format);
      // Parameters only the row query uses (the URL base, the status columns) follow the filter's own.
      const countParams = params.slice(
        0,
        (count.match(/\$\d+/g) ?? []).reduce((m, p) => Math.max(m, +p.slice(1)), 0),
      );
      const [{ rows: counted }, { rows: revision }] = [
        await client.query<{ n: number; stored?: number }>(count, countParams),
        await client.query<{ revision: string }>(`SELECT revision::text FROM dataset_revision`),
      ];
      const { n, stored } = counted[0];
      const whole = fromTables !== undefined && stored! < n * STORED_SHARE;
      const batch = whole ? SLOW_BATCH : BATCH;
      const rows = client.query(
        new QueryStream(whole ? fromTables : sql, params, {
          batchSize: batch,
          highWaterMark: batch,
          rowMode: dataset === 'cases' ? 'array' : undefined,
        }),
      );
      rows.once('end', () => void release());
      rows.once('error', (error) => void release(error));
      rows.once('close', () => void release());
      return { rowCount: counted[0].n, revision: revision[0].revision, rows };
    } catch (error) {
      await release(error);
      throw error;
    }
  }

  /** Canonical fields of these cases (retracted ones too), for the importer's comparison. */
  async canonicalByIds(
    ids: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CanonicalFields[]> {
    return (await this.canonicalTextByIds(ids, manager)).map(
      (row) => JSON.parse(row.fields) as CanonicalFields,
    );
  }

  /**
   * The canonical fields of these cases, in the order given, each as one JSON text, to be parsed
   * when it is used. Read as columns, a few thousand cases make a few hundred thousand strings and
   * arrays at once, most of which reach V8's old generation before they are used (see
   * BENCHMARKS.md, import and export).
   */
  private canonicalTextByIds(ids: string[], manager: EntityManager): Promise<{ fields: string }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.query(
      `SELECT row_to_json(f)::text AS fields
         FROM unnest($1::uuid[]) WITH ORDINALITY AS given (id, position)
        CROSS JOIN LATERAL (${canonicalSql('c.id = given.id')}) f
        ORDER BY given.position`,
      [ids],
    );
  }

  /** Vacuums and analyses the stored export rows (outside any transaction). */
  async vacuumExportRows(): Promise<void> {
    await this.dataSource.query(`VACUUM (ANALYZE) case_export_rows`);
  }

  /** The cases without a stored export row, in the order exports read them. */
  async casesWithoutExportRow(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT c.id FROM cases c JOIN incidents i ON i.id = c.incident_id
        WHERE NOT EXISTS (SELECT 1 FROM case_export_rows e WHERE e.case_id = c.id)
        ORDER BY i.sort_date, c.id`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * Stores the export rows of these cases (those still without one), in one transaction on the
   * primary, in this order (the order exports read them); returns how many it stored, or null when
   * another process is storing rows. The cases are locked FOR UPDATE while their rows are
   * computed, so that a write changing one of them waits and then removes its row (see migration
   * 1764010000000); cases that writes hold are skipped.
   */
  storeExportRows(ids: string[]): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }]: { locked: boolean }[] = await manager.query(
        `SELECT pg_try_advisory_xact_lock(hashtext('case_export_rows')) AS locked`,
      );
      if (!locked) return null;
      const missing: { id: string }[] = await manager.query(
        `SELECT c.id FROM cases c
          WHERE c.id = ANY ($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM case_export_rows e WHERE e.case_id = c.id)
          FOR UPDATE OF c SKIP LOCKED`,
        [ids],
      );
      if (missing.length === 0) return 0;
      const mine = new Set(missing.map((m) => m.id));
      const cases = await this.canonicalTextByIds(
        ids.filter((id) => mine.has(id)),
        manager,
      );
      await copyRows(
        manager,
        'case_export_rows',
        ['case_id', 'json_head', 'json_tail', 'csv_head', 'csv_tail'],
        exportRows(cases),
      );
      return cases.length;
    });
  }
}

/** The export rows of these cases, each made as COPY sends it, so that none is kept long. */
function* exportRows(cases: { fields: string }[]): Generator<CopyValue[]> {
  for (const { fields } of cases) {
    const row = JSON.parse(fields) as CanonicalFields;
    const parts = exportRowParts(row);
    yield [row.caseId, parts.jsonHead, parts.jsonTail, parts.csvHead, parts.csvTail];
  }
}
