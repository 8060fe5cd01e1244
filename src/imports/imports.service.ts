import { OutboxService } from '../events/outbox.service.js';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { DataSource, EntityManager } from 'typeorm';
import { allowBulkWork } from '../database/transaction-timeouts.js';
import type { Principal } from '../common/auth/principal.js';
import { InvalidInput } from '../common/errors/domain-error.js';
import { newId } from '../database/new-id.js';
import { todayIso } from '../common/errors/problems.js';
import { ExportsRepository } from '../exports/exports.repository.js';
import { DuplicatesService } from '../duplicates/duplicates.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { isKnownEncoding, readCsvRows } from './csv-source.js';
import { canonicalCsvFormat, canonicalRecord } from './formats/canonical.format.js';
import { cpjApiFormat } from './formats/cpj-api.format.js';
import { cpjLegacyFormat } from './formats/cpj-legacy.format.js';
import { HeaderSpec, mapHeaders, parseColumnMapping } from './formats/header-mapping.js';
import { byHeader, CsvCaseFormat, FormatContext } from './formats/import-format.js';
import type {
  CaseRecord,
  ImportFormat,
  ImportMode,
  ReadResult,
  Reject,
  SourceName,
  SourceRow,
} from './import-record.js';
import { IMPORT_FORMATS, IMPORT_MODES, overflowReject } from './import-record.js';
import { ImportJobDto, ImportQuery } from './dto/import.query.js';
import { ImportJobNotFound } from './imports.errors.js';
import { HEARTBEAT_MS, THIS_RUNNER } from './interrupted-jobs.js';
import { isUpload, UPLOAD_TYPES } from './upload-body.js';
import {
  ExistingSource,
  ImportsRepository,
  JobRow,
  NewCase,
  PopulationRow,
  SourceIdentity,
} from './imports.repository.js';

export interface ImportOptions {
  format: ImportFormat;
  dryRun?: boolean;
  mode?: ImportMode;
  /** The date the file states its facts on; a changed CPJ status takes effect then (default today). */
  statusDate?: string;
  /** Overrides the format's declared fallback encoding for bytes that are not UTF-8. */
  fallbackEncoding?: string;
  /** Columns of the file read as the format's (`country=location`). */
  column?: string[];
}

export interface ImportProgress {
  phase: 'reading' | 'writing' | 'done';
  rowsRead: number;
  recordsDone: number;
  recordsTotal: number | null;
}

export interface ImportSummary {
  format: ImportFormat;
  dryRun: boolean;
  mode: ImportMode;
  committed: boolean;
  rowsRead: number;
  records: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Records kept aside until a reviewer decides (e.g. a label covering two countries). */
  held: number;
  rejected: number;
  /** Records imported with something for a reviewer to look at (see their flags). */
  flagged: number;
  /** Rows without a value (population). */
  skipped: number;
  heldRecords: { rows: number[]; key: string; reason: string }[];
  flaggedRecords: { rows: number[]; key: string; flags: string[] }[];
  /** The file's columns in its order, and the names they were read as (aliases, mapping). */
  columns?: string[];
  readAs?: string[];
  seconds: number;
}

const CSV_FORMATS: Partial<Record<ImportFormat, CsvCaseFormat>> = {
  'cpj-api': cpjApiFormat,
  'cpj-legacy': cpjLegacyFormat,
  'canonical-csv': canonicalCsvFormat,
};
/** The columns each CSV format needs, to check a file's header row and suggest the nearest. */
const HEADER_SPECS: HeaderSpec[] = [
  ...Object.entries(CSV_FORMATS).map(([format, f]) => ({
    format,
    label: f.label,
    required: f.required,
    aliases: f.aliases,
  })),
  {
    format: 'population',
    label: 'World Bank population',
    required: ['Country Name', 'Country Code', 'Year', 'Value'],
  },
];
const BATCH = 1000;
/** Records written by an import from which the tables it wrote are analysed at its end. */
const ANALYZE_AFTER = 10_000;
/** Records written from which the tables are analysed during an import, if they were smaller. */
const ANALYZE_DURING = 5_000;
/** How many held or flagged records a summary lists (all are in import_sources). */
const LISTED = 200;

class DryRunRollback extends Error {}

/**
 * Imports files as jobs: reads them as a stream, turns rows into case records, refuses bad rows
 * with their row, field and reason, and writes the rest in one transaction (all or nothing, or
 * only the valid rows), keyed by each source's identity so that a re-import changes nothing.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly imports: ImportsRepository,
    private readonly exports: ExportsRepository,
    private readonly outbox: OutboxService,
    /** Absent in the import CLI, which serves no metrics. */
    @Optional() private readonly metrics?: MetricsService,
    @Optional() private readonly duplicates?: DuplicatesService,
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
    return this.imports.createJob({
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
      `send the file as the request body (${UPLOAD_TYPES.join(', ')})`,
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
    const rejects = await this.imports.rejects(id);
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
    const job = await this.imports.findJob(id);
    if (!job) throw new ImportJobNotFound(id);
    return job;
  }

  async rejects(id: string): Promise<Reject[]> {
    await this.job(id);
    return this.imports.rejects(id);
  }

  /** The first rejects of a job, without the rows as they were (GraphQL's importRejects). */
  async firstRejects(id: string, first = 100): Promise<Omit<Reject, 'raw'>[]> {
    await this.job(id);
    return this.imports.firstRejects(id, first);
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
    await this.imports.updateJob(jobId, { state: 'running', phase: 'reading', started: true });
    // The job says which process runs it and that it is alive (see InterruptedJobs).
    const beat = () => void this.imports.heartbeat(jobId, THIS_RUNNER).catch(() => undefined);
    beat();
    const heartbeat = setInterval(beat, HEARTBEAT_MS);
    heartbeat.unref();
    let lastSaved = 0;
    const progress = (p: ImportProgress) => {
      onProgress?.(p);
      const count = p.rowsRead + p.recordsDone;
      if (p.phase === 'done' || count - lastSaved >= 5000) {
        lastSaved = count;
        void this.imports
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
          ? await this.importPopulation(jobId, path, options, progress)
          : await this.importCases(jobId, path, options, actor, progress);
      const summary = { ...result.summary, seconds: (Date.now() - started) / 1000 };
      await this.imports.saveRejects(jobId, result.rejects);
      // A dry run fails where the import would: rejects in the all-or-nothing mode.
      const failed = summary.dryRun
        ? summary.mode === 'all_or_nothing' && summary.rejected > 0
        : !summary.committed;
      await this.imports.updateJob(jobId, {
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
          : String((error as Error).message ?? error);
      await this.imports.updateJob(jobId, {
        state: 'failed',
        phase: 'done',
        error: message,
        finished: true,
      });
    } finally {
      clearInterval(heartbeat);
    }
    return this.job(jobId);
  }

  // ---- cases -----------------------------------------------------------------------------------

  private async *rows(
    path: string,
    format: ImportFormat,
    fallback: Record<string, string>,
    mapping: Record<string, string> = {},
    /** Told the file's columns as they are and as they are read (for the rejects file). */
    onHeaders?: (columns: string[], readAs: string[]) => void,
  ): AsyncGenerator<SourceRow | { row: number; json: string }> {
    if (format === 'canonical-json') {
      // NDJSON (the export's format; its header line is skipped) or one JSON array.
      const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
      let n = 0;
      let arrayText: string[] | null = null;
      for await (const line of lines) {
        n += 1;
        if (arrayText) {
          arrayText.push(line);
          continue;
        }
        if (n === 1 && line.trimStart().startsWith('[')) {
          arrayText = [line];
          continue;
        }
        if (line.trim()) yield { row: n, json: line };
      }
      if (arrayText) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(arrayText.join('\n'));
        } catch (error) {
          throw InvalidInput.field(
            'file',
            `is not valid JSON (${(error as Error).message}): a file that starts with "[" is read as one JSON array; nothing was imported`,
          );
        }
        if (!Array.isArray(parsed)) throw InvalidInput.field('file', 'is not a JSON array');
        let i = 0;
        for (const item of parsed) yield { row: ++i, json: JSON.stringify(item) };
      }
      return;
    }
    const spec = HEADER_SPECS.find((h) => h.format === format);
    yield* readCsvRows(createReadStream(path), {
      fallbackEncoding: fallback,
      mapHeaders: (headers) => {
        const readAs = spec ? mapHeaders(headers, spec, mapping, HEADER_SPECS) : headers;
        onHeaders?.(headers, readAs);
        return readAs;
      },
    });
  }

  private async importCases(
    jobId: string,
    path: string,
    options: ImportOptions,
    actor: Principal,
    progress: (p: ImportProgress) => void,
  ): Promise<{ summary: Omit<ImportSummary, 'seconds'>; rejects: Reject[] }> {
    const format = CSV_FORMATS[options.format];
    const context: FormatContext = {
      countries: await this.imports.countries(),
      statusDate: options.statusDate ?? todayIso(),
    };
    const [attackTypes, perpetratorTypes] = await Promise.all([
      this.imports.codes('attack_types'),
      this.imports.codes('perpetrator_types'),
    ]);
    const fallback = options.fallbackEncoding
      ? { '*': options.fallbackEncoding }
      : (format?.fallbackEncoding ?? {});
    const records = new Map<string, CaseRecord>();
    /** How many records of a file share each identity that cannot tell them apart. */
    const collisions = new Map<string, number>();
    const rejects: Reject[] = [];
    let rowsRead = 0;
    let columns: { columns: string[]; readAs: string[] } | undefined;
    const items = this.rows(
      path,
      options.format,
      fallback,
      parseColumnMapping(options.column),
      (names, readAs) => (columns = { columns: names, readAs }),
    );
    for await (const item of items) {
      rowsRead += 1;
      if (rowsRead % 2000 === 0)
        progress({ phase: 'reading', rowsRead, recordsDone: 0, recordsTotal: null });
      let result: ReadResult;
      if ('json' in item) {
        let object: unknown;
        try {
          object = JSON.parse(item.json);
        } catch (error) {
          rejects.push({
            row: item.row,
            field: 'line',
            reason: `is not JSON (${(error as Error).message})`,
          });
          continue;
        }
        if (object && typeof object === 'object' && (object as { type?: string }).type === 'header')
          continue;
        if (!object || typeof object !== 'object' || Array.isArray(object)) {
          rejects.push({ row: item.row, field: 'line', reason: 'is not a JSON object' });
          continue;
        }
        result = canonicalRecord(object as Record<string, unknown>, item.row, context);
      } else {
        const overflow = overflowReject(item);
        result = overflow ? { reject: overflow } : format!.read(item, context);
      }
      if ('reject' in result) {
        rejects.push(result.reject);
        continue;
      }
      const record = result.record;
      const codeProblem =
        record.incident.attackTypes.find((c) => !attackTypes.has(c)) ??
        record.incident.perpetratorTypes.find((c) => !perpetratorTypes.has(c));
      if (codeProblem) {
        rejects.push({
          row: record.rows[0],
          field: 'attackTypes/perpetratorTypes',
          reason: `${codeProblem} is not a known type`,
        });
        continue;
      }
      const earlier = records.get(record.key);
      if (!earlier) records.set(record.key, record);
      else if (format?.merge?.(earlier, record)) continue;
      else if (format?.source === 'cpj' && !/^https?:\/\//.test(record.key)) {
        // Name, year and country (and date) do not tell these two apart: both are imported, the
        // second under its place among them, and flagged for a reviewer unless it has no name.
        const n = (collisions.get(record.key) ?? 1) + 1;
        collisions.set(record.key, n);
        if (!record.flags.some((f) => f.startsWith('placeholder_name:')))
          record.flags.push(`possible_duplicate:row ${earlier.rows[0]}`);
        record.key = `${record.key}#${n}`;
        records.set(record.key, record);
      } else
        rejects.push({
          row: record.rows[0],
          field: format?.identityField ?? 'caseId',
          reason: `the same record as row ${earlier.rows[0]} (identity ${record.key})`,
        });
    }
    progress({ phase: 'reading', rowsRead, recordsDone: 0, recordsTotal: records.size });
    const mode = options.mode ?? 'all_or_nothing';
    const dryRun = Boolean(options.dryRun);
    const counts = { created: 0, updated: 0, unchanged: 0, held: 0 };
    const heldRecords: ImportSummary['heldRecords'] = [];
    const flaggedRecords: ImportSummary['flaggedRecords'] = [];
    const all = [...records.values()];
    let flagged = 0;
    for (const r of all) {
      if (r.flags.length) {
        flagged += 1;
        if (flaggedRecords.length < LISTED)
          flaggedRecords.push({ rows: r.rows, key: r.key, flags: r.flags });
      }
    }
    const writeAllowed = rejects.length === 0 || mode === 'commit_valid';
    let committed = false;
    if (writeAllowed || dryRun) {
      try {
        await this.dataSource.transaction(async (manager) => {
          await allowBulkWork(manager);
          await this.imports.lockSourceImports(manager, format?.source ?? 'tracker');
          let done = 0;
          /** Stored keys a record of this file was matched to under another key (see matchUndated). */
          const aliased = new Set<string>();
          let analysed = await this.imports.analysedCases(manager);
          for (let i = 0; i < all.length; i += BATCH) {
            const batch = all.slice(i, i + BATCH);
            const result = await this.writeBatch(
              manager,
              jobId,
              batch,
              context,
              actor,
              options.format,
              aliased,
            );
            counts.created += result.created;
            counts.updated += result.updated;
            counts.unchanged += result.unchanged;
            counts.held += result.held.length;
            for (const h of result.held) if (heldRecords.length < LISTED) heldRecords.push(h);
            done += batch.length;
            // Statistics taken on much smaller tables (an empty database, or one left with dead
            // rows by an import rolled back) plan the triggers' queries with sequential scans
            // that grow with every batch: analysed once here, they use the indexes.
            if (done >= ANALYZE_DURING && done > analysed) {
              await this.imports.analyze(manager);
              analysed = Infinity;
            }
            progress({ phase: 'writing', rowsRead, recordsDone: done, recordsTotal: all.length });
          }
          if (dryRun || !writeAllowed) throw new DryRunRollback();
          await this.outbox.importFinished(manager, actor, {
            id: jobId,
            format: options.format,
            counts,
          });
        });
        committed = true;
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
      }
    }
    // Fresh statistics after a large import, so that the next queries (an export, the lists) are
    // not planned for the tables as they were before it.
    if (committed && counts.created + counts.updated >= ANALYZE_AFTER) await this.imports.analyze();
    progress({ phase: 'done', rowsRead, recordsDone: all.length, recordsTotal: all.length });
    return {
      rejects,
      summary: {
        format: options.format,
        dryRun,
        mode,
        committed,
        rowsRead,
        records: all.length,
        ...counts,
        rejected: rejects.length,
        flagged,
        skipped: 0,
        heldRecords,
        flaggedRecords,
        ...columns,
      },
    };
  }

  /** Sorts a batch into new, changed, unchanged and held records, and writes them. */
  private async writeBatch(
    manager: EntityManager,
    jobId: string,
    batch: CaseRecord[],
    context: FormatContext,
    actor: Principal,
    format: ImportFormat,
    aliased: Set<string>,
  ): Promise<{
    created: number;
    updated: number;
    unchanged: number;
    held: { rows: number[]; key: string; reason: string }[];
  }> {
    const source = batch[0].source;
    const existing = await this.imports.existingSources(
      manager,
      source,
      batch.map((r) => r.key),
    );
    if (source === 'tracker') await this.addTrackerCases(manager, batch, existing);
    else await this.matchUndated(manager, batch, existing, aliased);
    const note = `import ${jobId} (${format})`;
    const toCreate: NewCase[] = [];
    const sources: SourceIdentity[] = [];
    const audit: Parameters<ImportsRepository['audit']>[2] = [];
    const held: { rows: number[]; key: string; reason: string }[] = [];
    let updated = 0;
    let unchanged = 0;
    const [people, incidents] =
      source === 'tracker'
        ? await Promise.all([
            this.imports.existingIds(
              manager,
              'people',
              batch.map((r) => r.ids!.personId),
            ),
            this.imports.existingIds(
              manager,
              'incidents',
              batch.map((r) => r.ids!.incidentId),
            ),
          ])
        : [new Set<string>(), new Set<string>()];
    const hashes = batch.map(contentHash);
    await this.readChangedRecords(manager, source, batch, hashes, existing);
    for (const [index, record] of batch.entries()) {
      const hash = hashes[index];
      const before = existing.get(record.key);
      if (before && before.contentHash === hash) {
        if (before.caseId) unchanged += 1;
        else
          held.push({
            rows: record.rows,
            key: record.key,
            reason: record.heldFor ?? 'held for review',
          });
        continue;
      }
      if (record.heldFor && !before?.caseId) {
        held.push({ rows: record.rows, key: record.key, reason: record.heldFor });
        sources.push({ source, key: record.key, caseId: null, hash, record });
        continue;
      }
      if (before?.caseId) {
        // The case exists: a label that does not settle the country (held for a reviewer before,
        // or ambiguous only in this file) keeps the country the case has; the rest is updated.
        if (record.heldFor && !before.record) {
          unchanged += 1; // no stored record to take the country from
          continue;
        }
        const current = record.heldFor ? keepCountry(record, before.record!) : record;
        await this.updateExisting(manager, before, current, context, actor, note);
        sources.push({ source, key: record.key, caseId: before.caseId, hash, record: current });
        audit.push({
          caseId: before.caseId,
          action: 'update',
          before: stripForAudit(before.record ?? null),
          after: stripForAudit(current),
          note,
        });
        updated += 1;
        continue;
      }
      const ids = record.ids ?? {
        caseId: newId(),
        personId: newId(),
        incidentId: newId(),
      };
      toCreate.push({
        record,
        ...ids,
        hash,
        reusePerson: people.has(ids.personId),
        reuseIncident: incidents.has(ids.incidentId),
      });
      people.add(ids.personId);
      incidents.add(ids.incidentId);
      sources.push({ source, key: record.key, caseId: ids.caseId, hash, record });
      audit.push({
        caseId: ids.caseId,
        action: 'create',
        before: null,
        after: stripForAudit(record),
        note,
      });
    }
    await this.imports.insertCases(manager, toCreate, actor.label);
    // Likely duplicates of the new cases join the review list (src/duplicates).
    await this.duplicates?.detect(
      manager,
      toCreate.map((c) => c.caseId),
    );
    await this.imports.insertSources(
      manager,
      jobId,
      sources.filter((s) => !existing.has(s.key)),
    );
    await this.imports.upsertSources(
      manager,
      jobId,
      sources.filter((s) => existing.has(s.key)),
    );
    await this.imports.audit(manager, actor, audit);
    return { created: toCreate.length, updated, unchanged, held };
  }

  /**
   * A CPJ record new under its key that was imported before with or without its date (the data
   * API gives the year, the legacy export the day): the same record, kept under the stored key.
   * Only where one record of the file meets one stored record.
   */
  private async matchUndated(
    manager: EntityManager,
    batch: CaseRecord[],
    existing: Map<string, ExistingSource>,
    aliased: Set<string>,
  ): Promise<void> {
    const missing = batch.filter((r) => !existing.has(r.key));
    const found = await this.imports.sameUndatedIdentity(
      manager,
      missing.map((r) => r.key),
    );
    const claims = new Map<string, number>();
    for (const match of found.values()) claims.set(match.key, (claims.get(match.key) ?? 0) + 1);
    for (const record of missing) {
      const match = found.get(record.key);
      if (!match || claims.get(match.key)! > 1 || aliased.has(match.key)) continue;
      if (batch.some((r) => r.key === match.key)) continue;
      aliased.add(match.key);
      record.key = match.key;
      existing.set(match.key, match);
    }
  }

  /**
   * The person, incident and stored record of the cases whose content changed (an update writes
   * them, keeps the country when the file leaves it open, audits the record before): read only
   * for those, since most are unchanged.
   */
  private async readChangedRecords(
    manager: EntityManager,
    source: SourceName,
    batch: CaseRecord[],
    hashes: string[],
    existing: Map<string, ExistingSource>,
  ): Promise<void> {
    const changed = batch
      .map((r) => r.key)
      .filter((key, i) => {
        const before = existing.get(key);
        return before?.caseId && before.contentHash !== hashes[i] && before.record === undefined;
      });
    const stored = await this.imports.storedRecords(manager, source, changed);
    for (const key of changed) Object.assign(existing.get(key)!, stored.get(key));
  }

  /**
   * Our own cases that exist but were never imported (created through the API, or the database
   * an export came from): they count as existing, with their current content as the hash.
   */
  private async addTrackerCases(
    manager: EntityManager,
    batch: CaseRecord[],
    existing: Map<string, ExistingSource>,
  ): Promise<void> {
    const missing = batch.filter((r) => !existing.has(r.key)).map((r) => r.ids!.caseId);
    if (missing.length === 0) return;
    const rows = await this.exports.canonicalByIds(missing, manager);
    const context: FormatContext = {
      countries: await this.imports.countries(manager),
      statusDate: todayIso(),
    };
    for (const row of rows) {
      const result = canonicalRecord(row as unknown as Record<string, unknown>, 0, context);
      if ('reject' in result) continue;
      existing.set(result.record.key, {
        key: result.record.key,
        caseId: row.caseId,
        personId: row.personId,
        incidentId: row.incidentId,
        contentHash: contentHash(result.record),
        record: result.record,
      });
    }
  }

  private async updateExisting(
    manager: EntityManager,
    before: ExistingSource,
    record: CaseRecord,
    context: FormatContext,
    actor: Principal,
    note: string,
  ): Promise<void> {
    const ids = {
      caseId: before.caseId!,
      personId: before.personId!,
      incidentId: before.incidentId!,
    };
    await manager.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE`, [ids.caseId]);
    await this.imports.updateCase(manager, ids, record);
    if (record.source === 'cpj') {
      // A monitor's status that changed is a new entry from the file's date; the old one stays.
      const current = await this.imports.currentStatuses(manager, ids.caseId);
      const entries = record.statuses
        .filter((s) => current.get(s.scheme) !== s.status)
        .map((s) => ({
          caseId: ids.caseId,
          status: {
            ...s,
            effectiveDate: current.has(s.scheme) ? context.statusDate : s.effectiveDate,
            note: `${s.note ?? ''} (${note})`.trim(),
          },
        }));
      await this.imports.insertStatuses(manager, entries, actor.label);
    } else {
      const known = await this.imports.statusSignatures(manager, ids.caseId);
      const entries = record.statuses
        .filter(
          (s) =>
            !known.has(
              [s.scheme, s.status, s.effectiveDate, s.reportedBy, s.source, s.note]
                .filter((v) => v !== null)
                .join('|'),
            ),
        )
        .map((s) => ({ caseId: ids.caseId, status: { ...s, supersedesRef: null } }));
      await this.imports.insertStatuses(manager, entries, actor.label);
    }
  }

  // ---- population ------------------------------------------------------------------------------

  /**
   * World Bank population (`Country Name, Country Code, Year, Value`): upserted by code and year;
   * rows without a value are skipped, not rejected (the World Bank leaves years blank).
   */
  private async importPopulation(
    jobId: string,
    path: string,
    options: ImportOptions,
    progress: (p: ImportProgress) => void,
  ): Promise<{ summary: Omit<ImportSummary, 'seconds'>; rejects: Reject[] }> {
    const rows: PopulationRow[] = [];
    const rejects: Reject[] = [];
    const seen = new Set<string>();
    let rowsRead = 0;
    let skipped = 0;
    const fallback = { '*': options.fallbackEncoding ?? 'windows-1252' };
    let columns: { columns: string[]; readAs: string[] } | undefined;
    const rowsIn = this.rows(
      path,
      'population',
      fallback,
      parseColumnMapping(options.column),
      (names, readAs) => (columns = { columns: names, readAs }),
    ) as AsyncGenerator<SourceRow>;
    for await (const row of rowsIn) {
      rowsRead += 1;
      const overflow = overflowReject(row);
      if (overflow) {
        rejects.push(overflow);
        continue;
      }
      const get = byHeader(row);
      const code = (get('Country Code') ?? '').trim().toUpperCase();
      const name = (get('Country Name') ?? '').trim();
      const year = (get('Year') ?? '').trim();
      const value = (get('Value') ?? '').trim();
      const reject = (field: string, reason: string) =>
        rejects.push({ row: row.row, field, reason, raw: row.values });
      if (!/^[A-Z0-9]{3}$/.test(code))
        reject('Country Code', `"${code}" is not a World Bank code (3 letters or digits)`);
      else if (!name || name.length > 200)
        reject('Country Name', 'is required (at most 200 characters)');
      else if (!/^\d{4}$/.test(year) || +year < 1900 || +year > 2200)
        reject('Year', `"${year}" is not a year`);
      else if (value === '' || value === '..') skipped += 1;
      else if (!/^\d+(\.0+)?$/.test(value))
        reject('Value', `"${value}" is not a whole, non-negative number`);
      else if (seen.has(`${code}/${year}`)) reject('Year', `${code} ${year} appears twice`);
      else {
        seen.add(`${code}/${year}`);
        rows.push({ code, name, year: +year, value: value.replace(/\.0+$/, '') });
      }
      if (rowsRead % 5000 === 0)
        progress({ phase: 'reading', rowsRead, recordsDone: 0, recordsTotal: null });
    }
    const mode = options.mode ?? 'all_or_nothing';
    const dryRun = Boolean(options.dryRun);
    const writeAllowed = rejects.length === 0 || mode === 'commit_valid';
    let inserted = 0;
    let updated = 0;
    let committed = false;
    if (writeAllowed || dryRun) {
      try {
        await this.dataSource.transaction(async (manager) => {
          await allowBulkWork(manager);
          for (let i = 0; i < rows.length; i += 5000) {
            const r = await this.imports.upsertPopulation(manager, rows.slice(i, i + 5000));
            inserted += r.inserted;
            updated += r.updated;
            progress({
              phase: 'writing',
              rowsRead,
              recordsDone: Math.min(i + 5000, rows.length),
              recordsTotal: rows.length,
            });
          }
          if (dryRun || !writeAllowed) throw new DryRunRollback();
        });
        committed = true;
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
      }
    }
    void jobId;
    return {
      rejects,
      summary: {
        format: 'population',
        dryRun,
        mode,
        committed,
        rowsRead,
        records: rows.length,
        created: inserted,
        updated,
        unchanged: rows.length - inserted - updated,
        held: 0,
        rejected: rejects.length,
        flagged: 0,
        skipped,
        heldRecords: [],
        flaggedRecords: [],
        ...columns,
      },
    };
  }
}

/** What identifies a record's content: not where it was in the file, nor how it was decoded. */
/**
 * A record whose label does not settle its country, with the country the existing case has (and
 * the flags that said how it was decided), so that the rest of it can update the case.
 */
function keepCountry(record: CaseRecord, existing: CaseRecord): CaseRecord {
  const decided = existing.flags.filter((f) => f.startsWith('country_decided:'));
  return {
    ...record,
    incident: { ...record.incident, countryCode: existing.incident.countryCode },
    flags: [...new Set([...record.flags, ...decided])],
    heldFor: null,
  };
}

export function contentHash(record: CaseRecord): string {
  const statuses =
    record.source === 'cpj'
      ? record.statuses.map((s) => ({ scheme: s.scheme, status: s.status }))
      : record.statuses;
  // The record's fields in their order, without rows, flags and a held record's candidates (copied rather than deleted:
  // an object that lost properties is slow to serialise).
  const content: Record<string, unknown> = {};
  for (const key in record)
    if (key !== 'rows' && key !== 'flags' && key !== 'candidates')
      content[key] = key === 'statuses' ? statuses : record[key as keyof CaseRecord];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** A record as the audit trail keeps it. */
export function stripForAudit(record: CaseRecord | null): object | null {
  if (!record) return null;
  const rest: Record<string, unknown> = {};
  for (const key in record) if (key !== 'rows') rest[key] = record[key as keyof CaseRecord];
  return rest;
}
