import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** What became of an import's records, as its summary counts them. */
const IMPORT_OUTCOMES = ['created', 'updated', 'unchanged', 'held', 'rejected'] as const;

/**
 * Prometheus metrics of this process: Node's defaults, HTTP request durations, and the imports and
 * exports it ran (each replica counts its own; Prometheus sums them).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests, by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly importJobs = new Counter({
    name: 'tracker_import_jobs_total',
    help: 'Import jobs finished, by format, dry run or not, and state (succeeded or failed)',
    labelNames: ['format', 'dry_run', 'state'],
    registers: [this.registry],
  });
  private readonly importRecords = new Counter({
    name: 'tracker_import_records_total',
    help: 'Records of finished imports, by format, dry run or not, and what became of them',
    labelNames: ['format', 'dry_run', 'outcome'],
    registers: [this.registry],
  });
  private readonly exportRows = new Counter({
    name: 'tracker_export_rows_total',
    help: 'Rows sent by exports, by dataset and format',
    labelNames: ['dataset', 'format'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requestDuration.observe({ method, route, status: String(status) }, seconds);
  }

  /** An import job has finished; `counts` is its summary (absent when it failed before one). */
  importFinished(
    format: string,
    dryRun: boolean,
    state: 'succeeded' | 'failed',
    counts?: Partial<Record<(typeof IMPORT_OUTCOMES)[number], number>>,
  ): void {
    const dry_run = String(dryRun);
    this.importJobs.inc({ format, dry_run, state });
    for (const outcome of IMPORT_OUTCOMES)
      if (counts?.[outcome]) this.importRecords.inc({ format, dry_run, outcome }, counts[outcome]);
  }

  exported(dataset: string, format: string, rows: number): void {
    if (rows > 0) this.exportRows.inc({ dataset, format }, rows);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
