// Import jobs: their options checked, created from a file, an upload or a text, run to their end
// (progress, heartbeat, the outcome recorded and counted), and read back with their rejects.
// What a job does with its file is the importers' (case-import.ts, population-import.ts).
import { randomUUID } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { stringify as stringifySync } from 'csv-stringify/sync';
import type { Principal } from '../common/auth/principal.js';
import { databaseUnavailability } from '../common/errors/database-unavailable.js';
import { InvalidInput } from '../common/errors/domain-error.js';
import { todayIso } from '../common/errors/problems.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { CaseImporter } from './case-import.js';
import { isKnownEncoding } from './csv-source.js';
import { parseColumnMapping } from './formats/header-mapping.js';
import type { Reject } from './import-record.js';
import { IMPORT_FORMATS, IMPORT_MODES } from './import-record.js';
import type { ImportOptions, ImportProgress, ImportSummary } from './import-job.js';
import { ImportJobsRepository, JobRow } from './import-jobs.repository.js';
import { ImportJobDto, ImportQuery } from './dto/import.query.js';
import { ImportJobNotFound } from './imports.errors.js';
import { HEARTBEAT_MS, THIS_RUNNER } from './interrupted-jobs.js';
import { PopulationImporter } from './population-import.js';
import { isUpload, UPLOAD_TYPES } from './upload-body.js';

export type { ImportOptions, ImportProgress, ImportSummary } from './import-job.js';

/** How long a failure the database could not take is retried before the sweep is left to it. */
const FAILURE_RECORD_RETRY_MS = 10 * 60_000;

/**
 * Imports files as jobs: reads them as a stream, turns rows into case records, refuses bad rows
 * with their row, field and reason, and writes the rest in one transaction (all or nothing, or
 * only the valid rows), keyed by each source's identity so that a re-import changes nothing.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    private readonly jobs: ImportJobsRepository,
    private readonly cases: CaseImporter,
    private readonly population: PopulationImporter,
    /** Absent in the import CLI, which serves no metrics. */
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /** Checks options before a job is created, so that a bad one is a 400 naming the field. */
  checkOptions(options: ImportOptions): void {
    const problems: { field: string; message: string }[] = [];
    if (!IMPORT_FORMATS.includes(options.format))
      problems.push({ field: 'format', message: `must be one of ${IMPORT_FORMATS.join(', ')}` });
    if (options.mode && !IMPORT_MODES.includes(options.mode))
      problems.push({ field: 'mode', message: `must be one of ${IMPORT_MODES.join(', ')}` });
    if (options.fallbackEncoding && !isKnownEncoding(options.fallbackEncoding))
      problems.push({
        field: 'fallbackEncoding',
        message: `${options.fallbackEncoding} is not an encoding iconv-lite knows`,
      });
    if (
      options.statusDate &&
      (!/^\d{4}-\d{2}-\d{2}$/.test(options.statusDate) || options.statusDate > todayIso())
    )
      problems.push({
        field: 'statusDate',
        message: 'must be a date written YYYY-MM-DD, not in the future',
      });
    if (problems.length) throw new InvalidInput(problems);
    parseColumnMapping(options.column);
  }

  /** Creates a job and runs it in this process; returns at once with the queued job. */
  async start(
    file: { path: string; name: string | null; removeAfter?: boolean },
    options: ImportOptions,
    actor: Principal,
  ): Promise<JobRow> {
    this.checkOptions(options);
    const job = await this.createJob(file.name, options, actor);
    setImmediate(() => {
      this.run(job.id, file.path, options, actor)
        .catch((error: unknown) => this.logger.error(`import ${job.id} failed: ${String(error)}`))
        .finally(() => {
          if (file.removeAfter) void unlink(file.path).catch(() => undefined);
        });
    });
    return job;
  }

  createJob(fileName: string | null, options: ImportOptions, actor: Principal): Promise<JobRow> {
    this.checkOptions(options);
    return this.jobs.createJob({
      format: options.format,
      fileName,
      dryRun: Boolean(options.dryRun),
      mode: options.mode ?? 'all_or_nothing',
      options: {
        statusDate: options.statusDate ?? null,
        fallbackEncoding: options.fallbackEncoding ?? null,
        column: options.column ?? null,
      },
      createdBy: actor.label,
    });
  }

  /** POST /imports: the uploaded body becomes a job, run at once (wait) or in the background. */
  async startUpload(body: unknown, query: ImportQuery, actor: Principal): Promise<ImportJobDto> {
    if (isUpload(body)) {
      body.claimed = true;
      return this.startFile(body.uploadPath, query, actor);
    }
    if (body !== undefined && body !== null && typeof body === 'object')
      // A JSON body (application/json) arrives parsed; the canonical-json reader wants the text.
      return this.startText(JSON.stringify(body), query, actor);
    throw InvalidInput.field(
      'body',
      `send the file as the request body (${UPLOAD_TYPES.join(', ')}) or as the "file" field of a multipart/form-data form`,
    );
  }

  /** A file's text (the GraphQL mutation, a JSON body) as a job, like an upload. */
  async startText(text: string, query: ImportQuery, actor: Principal): Promise<ImportJobDto> {
    this.checkOptions(query);
    const path = join(tmpdir(), `tracker-import-${randomUUID()}`);
    await writeFile(path, text);
    return this.startFile(path, query, actor);
  }

  /** A file the job owns (removed when it is done), run at once (wait) or in the background. */
  private async startFile(
    path: string,
    query: ImportQuery,
    actor: Principal,
  ): Promise<ImportJobDto> {
    const { wait, fileName, ...options } = query;
    let inBackground = false;
    try {
      if (!wait) {
        const job = await this.start(
          { path, name: fileName ?? null, removeAfter: true },
          options,
          actor,
        );
        inBackground = true;
        return this.toDto(job);
      }
      const job = await this.createJob(fileName ?? null, options, actor);
      return this.toDto(await this.run(job.id, path, options, actor));
    } finally {
      if (!inBackground) await unlink(path).catch(() => undefined);
    }
  }

  async jobDto(id: string): Promise<ImportJobDto> {
    return this.toDto(await this.job(id));
  }

  private toDto(job: JobRow): ImportJobDto {
    return { ...job, rejectsUrl: `/api/v1/imports/${job.id}/rejects.csv` };
  }

  /** The rejects of a job as CSV: row, field, reason, then the row's own columns. */
  async rejectsCsv(id: string): Promise<string> {
    const job = await this.job(id);
    const rejects = await this.jobs.rejects(id);
    // The file's columns in its order, under its names (stored rows are keyed as they were read).
    const summary = job.summary as Partial<ImportSummary> | null;
    const names = summary?.columns;
    const readAs = summary?.readAs ?? names;
    const keys = readAs ?? [...new Set(rejects.flatMap((r) => Object.keys(r.raw ?? {})))];
    return stringifySync(
      rejects.map((r) => [r.row, r.field, r.reason, ...keys.map((c) => r.raw?.[c] ?? '')]),
      { header: true, columns: ['row', 'field', 'reason', ...(names ?? keys)], bom: true },
    );
  }

  async job(id: string): Promise<JobRow> {
    const job = await this.jobs.findJob(id);
    if (!job) throw new ImportJobNotFound(id);
    return job;
  }

  async rejects(id: string): Promise<Reject[]> {
    await this.job(id);
    return this.jobs.rejects(id);
  }

  /** The first rejects of a job, without the rows as they were (GraphQL's importRejects). */
  async firstRejects(id: string, first = 100): Promise<Omit<Reject, 'raw'>[]> {
    await this.job(id);
    return this.jobs.firstRejects(id, first);
  }

  /**
   * Runs a created job to its end (the CLI awaits this; the API starts it in the background).
   * Failures are recorded on the job; the summary is returned when it succeeded.
   */
  async run(
    jobId: string,
    path: string,
    options: ImportOptions,
    actor: Principal,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<JobRow> {
    const started = Date.now();
    await this.jobs.updateJob(jobId, { state: 'running', phase: 'reading', started: true });
    // The job says which process runs it and that it is alive (see InterruptedJobs).
    const beat = () => void this.jobs.heartbeat(jobId, THIS_RUNNER).catch(() => undefined);
    beat();
    const heartbeat = setInterval(beat, HEARTBEAT_MS);
    heartbeat.unref();
    let lastSaved = 0;
    const progress = (p: ImportProgress) => {
      onProgress?.(p);
      const count = p.rowsRead + p.recordsDone;
      if (p.phase === 'done' || count - lastSaved >= 5000) {
        lastSaved = count;
        void this.jobs
          .updateJob(jobId, {
            phase: p.phase,
            rowsRead: p.rowsRead,
            recordsDone: p.recordsDone,
            recordsTotal: p.recordsTotal ?? undefined,
          })
          .catch(() => undefined);
      }
    };
    try {
      const result =
        options.format === 'population'
          ? await this.population.importPopulation(path, options, progress)
          : await this.cases.importCases(jobId, path, options, actor, progress);
      const summary = { ...result.summary, seconds: (Date.now() - started) / 1000 };
      await this.jobs.saveRejects(jobId, result.rejects);
      // A dry run fails where the import would: rejects in the all-or-nothing mode.
      const failed = summary.dryRun
        ? summary.mode === 'all_or_nothing' && summary.rejected > 0
        : !summary.committed;
      await this.jobs.updateJob(jobId, {
        state: failed ? 'failed' : 'succeeded',
        phase: 'done',
        rowsRead: summary.rowsRead,
        recordsDone: summary.records,
        recordsTotal: summary.records,
        summary: summary as unknown as Record<string, unknown>,
        error: failed
          ? summary.dryRun
            ? `dry run: the import would fail: ${summary.rejected} row(s) rejected, so nothing would be written (mode commit_valid imports the valid rows)`
            : `${summary.rejected} row(s) rejected: nothing was written (mode commit_valid imports the valid rows)`
          : undefined,
        finished: true,
      });
      this.metrics?.importFinished(
        options.format,
        summary.dryRun,
        failed ? 'failed' : 'succeeded',
        summary,
      );
    } catch (error) {
      this.metrics?.importFinished(options.format, Boolean(options.dryRun), 'failed');
      const message =
        error instanceof InvalidInput
          ? error.details.map((d) => `${d.field}: ${d.message}`).join('; ')
          : databaseUnavailability(error)
            ? `the database became unavailable during the import (${(error as Error).message}); nothing of it was committed (an import writes in one transaction): run it again`
            : String((error as Error).message ?? error);
      await this.recordFailure(jobId, message);
    } finally {
      clearInterval(heartbeat);
    }
    return this.job(jobId);
  }

  /**
   * Marks a job failed. When the database cannot take that now (it died under the import), the
   * mark is retried in the background until it is back, so that the job does not read `running`
   * for good; a process that exits meanwhile leaves it to the interrupted-jobs sweep.
   */
  private async recordFailure(jobId: string, message: string): Promise<void> {
    const record = () =>
      this.jobs.updateJob(jobId, {
        state: 'failed',
        phase: 'done',
        error: message,
        finished: true,
      });
    try {
      await record();
    } catch (error) {
      if (!databaseUnavailability(error)) throw error;
      const retry = (delay: number, until: number) =>
        setTimeout(() => {
          record().catch((again: unknown) => {
            if (databaseUnavailability(again) && Date.now() < until)
              retry(Math.min(delay * 2, 10_000), until);
            else this.logger.warn(`could not mark import job ${jobId} failed: ${String(again)}`);
          });
        }, delay).unref();
      retry(500, Date.now() + FAILURE_RECORD_RETRY_MS);
      throw error;
    }
  }
}
