import { Readable, Transform } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { create as contentDisposition } from 'content-disposition';
import { stringify } from 'csv-stringify/sync';
import { CasesService } from '../cases/cases.service.js';
import { todayIso } from '../common/errors/problems.js';
import { AppConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { CANONICAL_COLUMNS, INCIDENT_COLUMNS, PERSON_COLUMNS } from './canonical-case.js';
import { CSV_OPTIONS } from './csv-cells.js';
import type { ExportQuery } from './dto/export.query.js';
import { Dataset, ExportFormat, ExportsRepository } from './exports.repository.js';

/** An export ready to send: its response headers and its body, a stream. */
export interface ExportResponse {
  headers: Record<string, string>;
  body: Readable;
}

type Row = Record<string, unknown>;

/** Columns of each dataset, in the order of its rows (the cases': the canonical format's). */
const COLUMNS: Record<Dataset, readonly string[]> = {
  cases: CANONICAL_COLUMNS,
  people: ['personId', 'url', ...PERSON_COLUMNS, 'caseIds'],
  incidents: ['incidentId', 'url', ...INCIDENT_COLUMNS, 'caseIds'],
  'status-history': [
    'entryId',
    'caseId',
    'caseUrl',
    'scheme',
    'status',
    'resolutionReason',
    'effectiveDate',
    'recordedAt',
    'reportedBy',
    'source',
    'note',
    'supersedesId',
    'createdBy',
  ],
};
/**
 * Filtered exports of public data, streamed from the database: cases in the canonical format
 * (which the importer reads back), people, incidents and status history. Each row carries its
 * permanent URL; the filters, asOf, revision and row count are stated in response headers (CSV)
 * or in a first header line (NDJSON).
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly exports: ExportsRepository,
    private readonly cases: CasesService,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** The public address of the API: PUBLIC_BASE_URL, else http://HOST:PORT. */
  baseUrl(): string {
    return this.config.publicBaseUrl ?? `http://${this.config.host}:${this.config.port}`;
  }

  async export(
    dataset: Dataset,
    format: ExportFormat,
    query: ExportQuery,
  ): Promise<ExportResponse> {
    const { bom, ...filter } = query;
    await this.cases.validateFilter(filter);
    const base = `${this.baseUrl()}/api/v1`;
    const cursor = await this.exports.open(dataset, filter, base);
    const filters = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
    const meta = {
      dataset,
      filters,
      asOf: filter.asOf ?? todayIso(),
      knownAsOf: filter.knownAsOf ?? null,
      revision: cursor.revision,
      rowCount: cursor.rowCount,
      generatedAt: new Date().toISOString(),
    };
    const fileName = `${dataset}-${meta.asOf}.${format}`;
    const headers: Record<string, string> = {
      'content-disposition': contentDisposition(fileName),
      'x-export-dataset': dataset,
      'x-export-filters': JSON.stringify(filters),
      'x-export-as-of': meta.asOf,
      'x-export-revision': meta.revision,
      'x-export-row-count': String(meta.rowCount),
      'cache-control': 'no-store',
    };
    if (meta.knownAsOf) headers['x-export-known-as-of'] = meta.knownAsOf;
    const contentType =
      format === 'ndjson' ? 'application/x-ndjson; charset=utf-8' : 'text/csv; charset=utf-8';
    const columns = COLUMNS[dataset];
    const csv = { ...CSV_OPTIONS, columns: [...columns] };
    const header =
      format === 'ndjson'
        ? `${JSON.stringify({ type: 'header', ...meta })}\n`
        : stringify([], { ...csv, header: true, bom: bom !== false });
    // The query names and orders each row's columns as the file does. CSV rows go to the
    // stringifier as arrays: with records, it would look each column up as a property path.
    const { columns: _named, ...cells } = csv;
    const text =
      format === 'ndjson'
        ? (rows: Row[]) => rows.map((row) => `${JSON.stringify(row)}\n`).join('')
        : (rows: Row[]) =>
            stringify(
              rows.map((row) => columns.map((column) => row[column])),
              cells,
            );
    const body = lines(header, text, cursor.rows, (rows) =>
      this.metrics.exported(dataset, format, rows),
    );
    return { headers: { ...headers, 'content-type': contentType }, body: cursor.rows.pipe(body) };
  }
}

/** Rows turned into text and handed to the response at a time (fewer, larger writes). */
const ROWS_PER_CHUNK = 256;

/**
 * Rows to text: `first` (the header), then the rows as `text` makes them, ROWS_PER_CHUNK at a
 * time. An error of the source ends the output with it. `sent` is told how many rows were made
 * once the output closes (also when the client went away).
 */
function lines(
  first: string,
  text: (rows: Row[]) => string,
  source: Readable,
  sent: (rows: number) => void,
): Transform {
  let pending: Row[] = [];
  let rows = 0;
  const out = new Transform({
    writableObjectMode: true,
    writableHighWaterMark: 64,
    transform(row: Row, _encoding, done) {
      rows += 1;
      pending.push(row);
      if (pending.length < ROWS_PER_CHUNK) return done();
      const chunk = text(pending);
      pending = [];
      done(null, chunk);
    },
    flush(done) {
      done(null, pending.length ? text(pending) : '');
    },
  });
  out.push(first);
  source.once('error', (error) => out.destroy(error));
  out.once('close', () => sent(rows));
  return out;
}
