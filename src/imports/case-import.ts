// Importing a file of cases: its records read (case-records.ts), then written batch by batch in
// one transaction under the source's lock (all or nothing, or only the valid rows; rolled back in
// a dry run), with the event that says it was imported, and the summary of what it did.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../common/auth/principal.js';
import { todayIso } from '../common/errors/problems.js';
import { allowBulkWork } from '../database/transaction-timeouts.js';
import { OutboxService } from '../events/outbox.service.js';
import { CaseBatchWriter } from './case-batch-writer.js';
import { readCaseRecords } from './case-records.js';
import type { FormatContext } from './formats/import-format.js';
import {
  DryRunRollback,
  ImportOptions,
  ImportOutcome,
  ImportProgress,
  ImportSummary,
  LISTED,
} from './import-job.js';
import { CSV_FORMATS } from './import-rows.js';
import { ImportSourcesRepository } from './import-sources.repository.js';

const BATCH = 1000;
/** Records written by an import from which the tables it wrote are analysed at its end. */
const ANALYZE_AFTER = 10_000;
/** Records written from which the tables are analysed during an import, if they were smaller. */
const ANALYZE_DURING = 5_000;

@Injectable()
export class CaseImporter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sources: ImportSourcesRepository,
    private readonly writer: CaseBatchWriter,
    private readonly outbox: OutboxService,
  ) {}

  async importCases(
    jobId: string,
    path: string,
    options: ImportOptions,
    actor: Principal,
    progress: (p: ImportProgress) => void,
  ): Promise<ImportOutcome> {
    const format = CSV_FORMATS[options.format];
    const context: FormatContext = {
      countries: await this.sources.countries(),
      statusDate: options.statusDate ?? todayIso(),
    };
    const [attackTypes, perpetratorTypes] = await Promise.all([
      this.sources.codes('attack_types'),
      this.sources.codes('perpetrator_types'),
    ]);
    const { records, rejects, rowsRead, columns } = await readCaseRecords(
      path,
      options,
      context,
      { attackTypes, perpetratorTypes },
      progress,
    );
    const mode = options.mode ?? 'all_or_nothing';
    const dryRun = Boolean(options.dryRun);
    const counts = { created: 0, updated: 0, unchanged: 0, held: 0 };
    const heldRecords: ImportSummary['heldRecords'] = [];
    const attachedRecords: ImportSummary['attachedRecords'] = [];
    let attached = 0;
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
          await this.sources.lockSourceImports(manager, format?.source ?? 'tracker');
          let done = 0;
          /** Stored keys a record of this file was matched to under another key (see matchUndated). */
          const aliased = new Set<string>();
          let analysed = await this.sources.analysedCases(manager);
          for (let i = 0; i < all.length; i += BATCH) {
            const batch = all.slice(i, i + BATCH);
            const result = await this.writer.writeBatch(
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
            attached += result.attached.length;
            for (const a of result.attached)
              if (attachedRecords.length < LISTED) attachedRecords.push(a);
            done += batch.length;
            // Statistics taken on much smaller tables (an empty database, or one left with dead
            // rows by an import rolled back) plan the triggers' queries with sequential scans
            // that grow with every batch: analysed once here, they use the indexes.
            if (done >= ANALYZE_DURING && done > analysed) {
              await this.sources.analyze(manager);
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
    if (committed && counts.created + counts.updated >= ANALYZE_AFTER) await this.sources.analyze();
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
        attached,
        attachedRecords,
        ...columns,
      },
    };
  }
}
