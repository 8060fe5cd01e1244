import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource, EntityManager } from 'typeorm';
import { instantSql } from '../common/time/instants.js';
import { BULK_WORK_SQL } from '../database/transaction-timeouts.js';
import { caseFilterSql } from '../cases/case-filter.sql.js';
import type { CaseFilterDto } from '../cases/dto/list-cases.query.js';
import { STATUS_WHEN_NO_ENTRY, statusSql } from '../statuses/status-sql.js';
import type { CanonicalFields } from './canonical-case.js';

export const DATASETS = ['cases', 'people', 'incidents', 'status-history'] as const;
export type ExportFormat = 'csv' | 'ndjson';
export type Dataset = (typeof DATASETS)[number];

/**
 * Rows fetched from the cursor at a time (and buffered ahead of the response). Each case is read
 * from seven tables; rows received over a longer fetch live long enough to reach V8's old
 * generation, and the server's memory then grows with each export until a full collection.
 */
const BATCH = 100;
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
         FROM status_entries se WHERE se.case_id = ANY (case_family(c.id)) AND NOT se.confidential) x), '[]')`,
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
 * The cases export: every column of the canonical format (CANONICAL_COLUMNS, in that order), each
 * case read from its tables, with its URL and its status on the export's date.
 */
function casesSql(where: string, status: StatusColumns, base: string): string {
  const fields = CANONICAL_FIELDS.map(([sql, name]) => `${sql} AS "${name}"`);
  const tail = CANONICAL_FIELDS.findIndex(([, name]) => name === 'classifications');
  return `
  SELECT c.id AS "caseId", ${base} || '/cases/' || c.id AS url, ${fields.slice(0, tail).join(', ')},
         ${status.unesco} AS "unescoStatus", ${status.cpj} AS "cpjStatus", ${fields.slice(tail).join(', ')}
  ${FROM}${status.joins}
  WHERE ${where}
  ORDER BY i.sort_date, c.id`;
}

/** Memory for an export's sorts (PostgreSQL's default, 4 MB, spills 100,000 cases to disk). */
const SORT_MEMORY = '16MB';

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

/** The public status entries of case `c` and of the cases merged into it (its history). */
const FAMILY_ENTRIES = `JOIN cases m ON coalesce(m.merged_into, m.id) = c.id
  JOIN status_entries se ON se.case_id = m.id AND NOT se.confidential`;

function statusHistorySql(where: string, base: string): string {
  return `
  SELECT se.id::text AS "entryId", c.id AS "caseId", se.scheme, se.status, se.resolution_reason AS "resolutionReason",
         ${DAY('se.effective_date')} AS "effectiveDate", ${UTC('se.recorded_at')} AS "recordedAt", se.reported_by AS "reportedBy",
         se.source, se.note, se.supersedes_id::text AS "supersedesId", se.created_by AS "createdBy",
         ${base} || '/cases/' || c.id AS "caseUrl"
  ${FROM}
  ${FAMILY_ENTRIES}
  WHERE ${where}
  ORDER BY c.id, se.id`;
}

function countSql(dataset: Dataset, where: string): string {
  const what = {
    cases: 'count(*)',
    people: 'count(DISTINCT p.id)',
    incidents: 'count(DISTINCT i.id)',
  } as const;
  if (dataset === 'status-history')
    return `SELECT count(*)::int AS n ${scopeFrom(where)} ${FAMILY_ENTRIES} WHERE ${where}`;
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
  ): { sql: string; count: string; params: unknown[] } {
    const params: unknown[] = [];
    const where = caseFilterSql(filter, params);
    const $ = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    // Parameters only the row query uses (the status columns, the URL base) follow the filter's.
    const status = dataset === 'cases' ? statusColumns(filter, $) : undefined;
    // Each row's permanent URL is written by the query, in its place among the columns.
    const base = `${$(baseUrl)}::text`;
    const sql =
      dataset === 'cases'
        ? casesSql(where, status!, base)
        : dataset === 'people'
          ? peopleSql(where, base)
          : dataset === 'incidents'
            ? incidentsSql(where, base)
            : statusHistorySql(where, base);
    return { sql, count: countSql(dataset, where), params };
  }

  /**
   * Opens an export; `baseUrl` is the API's public address, which rows' URLs start with. Rows are
   * objects of the dataset's columns, in the order the export writes them.
   */
  async open(dataset: Dataset, filter: CaseFilterDto, baseUrl: string): Promise<ExportCursor> {
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
      await client.query(`SET LOCAL work_mem = '${SORT_MEMORY}'`);
      // A stream to a slow reader is long work: bounded by the bulk timeout, not the read one.
      await client.query(BULK_WORK_SQL);
      const { sql, count, params } = this.query(dataset, filter, baseUrl);
      const countParams = params.slice(
        0,
        (count.match(/\$\d+/g) ?? []).reduce((m, p) => Math.max(m, +p.slice(1)), 0),
      );
      const [{ rows: counted }, { rows: revision }] = [
        await client.query<{ n: number }>(count, countParams),
        await client.query<{ revision: string }>(`SELECT revision::text FROM dataset_revision`),
      ];
      const rows = client.query(
        new QueryStream(sql, params, { batchSize: BATCH, highWaterMark: BATCH }),
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
   * arrays at once, most of which reach V8's old generation before they are used.
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
}
