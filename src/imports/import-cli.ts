import { EventsRepository } from '../events/events.repository.js';
import { OutboxService } from '../events/outbox.service.js';
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { userInfo } from 'node:os';
import { SingleBar, Presets } from 'cli-progress';
import { Command, Option } from 'commander';
import { withDatabase } from './cli-database.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { DuplicatesRepository } from '../duplicates/duplicates.repository.js';
import { DuplicatesService } from '../duplicates/duplicates.service.js';
import { ExportsRepository } from '../exports/exports.repository.js';
import { countRecords } from './csv-source.js';
import { IMPORT_FORMATS, IMPORT_MODES, ImportFormat, ImportMode } from './import-record.js';
import { CaseAttacher } from './case-attacher.js';
import { CaseBatchWriter } from './case-batch-writer.js';
import { CaseIdentities } from './case-identities.js';
import { CaseImporter } from './case-import.js';
import { CaseWritesRepository } from './case-writes.repository.js';
import type { ImportOptions, ImportSummary } from './import-job.js';
import { ImportJobsRepository } from './import-jobs.repository.js';
import { ImportSourcesRepository } from './import-sources.repository.js';
import { ImportsService } from './imports.service.js';
import { PopulationImporter } from './population-import.js';
import { PopulationRepository } from './population.repository.js';

/**
 * `npm run import -- --format cpj-api FILE`: the same import job as POST /api/v1/imports, run in
 * this process with a progress bar and a summary. Uses DATABASE_URL, or the embedded cluster under
 * DATA_DIR (the database the server uses, migrated first like the server does).
 */

const say = (line = '') => void process.stdout.write(`${line}\n`);

/** How many held and flagged records the summary printed lists. */
const LISTED = 20;

function printSummary(summary: ImportSummary, state: string, error: string | null): void {
  say();
  say(
    `${summary.dryRun ? 'Dry run' : 'Import'} ${state}${summary.committed ? '' : ' (nothing written)'} in ${summary.seconds.toFixed(1)} s`,
  );
  say(`  rows read   ${summary.rowsRead}`);
  say(`  records     ${summary.records}`);
  say(`  created     ${summary.created}`);
  if (summary.attached) say(`  attached    ${summary.attached}  (joined a stored case they match)`);
  say(`  updated     ${summary.updated}`);
  say(`  unchanged   ${summary.unchanged}`);
  say(`  held        ${summary.held}  (waiting for a reviewer)`);
  say(`  rejected    ${summary.rejected}`);
  say(`  flagged     ${summary.flagged}`);
  if (summary.skipped) say(`  skipped     ${summary.skipped}  (no value)`);
  for (const held of summary.heldRecords.slice(0, LISTED))
    say(`  held: row ${held.rows.join(', ')}: ${held.reason}`);
  for (const attached of (summary.attachedRecords ?? []).slice(0, LISTED))
    say(`  attached: row ${attached.rows.join(', ')}: to case ${attached.caseId}`);
  for (const flagged of summary.flaggedRecords.slice(0, LISTED))
    say(`  flagged: row ${flagged.rows.join(', ')}: ${flagged.flags.join('; ')}`);
  if (summary.held > LISTED || summary.flagged > LISTED)
    say(`  (the first ${LISTED} of each are listed; the job's summary lists more)`);
  if (error) say(`\n${error}`);
}

const program = new Command('npm run import --')
  .description('Import a file into the impunity case tracker')
  .addOption(
    new Option('--format <format>', 'file format').choices(IMPORT_FORMATS).makeOptionMandatory(),
  )
  .addOption(
    new Option('--mode <mode>', 'all_or_nothing or commit_valid')
      .choices(IMPORT_MODES)
      .default('all_or_nothing'),
  )
  .option('--dry-run', 'report what would change; write nothing')
  .option(
    '--status-date <date>',
    'the date the file states its facts on (YYYY-MM-DD; default today)',
  )
  .option(
    '--fallback-encoding <name>',
    'encoding for bytes that are not UTF-8 (default: the format’s)',
  )
  .option(
    '--column <format=file>',
    'read a column of the file as the format’s (--column country=location), or give every row a value for a column the file lacks (--column status==Killed); repeat for several',
    (value: string, previous: string[]) => [...previous, value],
    [] as string[],
  )
  .option(
    '--rejects <file>',
    'where to write the rejected rows as CSV (default: FILE.rejects.csv beside the file)',
  )
  .argument('<file>', 'the file to import')
  .showHelpAfterError()
  .action(
    async (
      file: string,
      flags: {
        format: ImportFormat;
        mode: ImportMode;
        dryRun?: boolean;
        statusDate?: string;
        fallbackEncoding?: string;
        column: string[];
        rejects?: string;
      },
    ) => {
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) throw new Error(`${file}: there is no such file to import`);
      const options: ImportOptions = {
        format: flags.format,
        mode: flags.mode,
        dryRun: Boolean(flags.dryRun),
        statusDate: flags.statusDate,
        fallbackEncoding: flags.fallbackEncoding,
        column: flags.column.length ? flags.column : undefined,
      };
      const total = await countRecords(
        () => createReadStream(file),
        flags.format === 'canonical-json',
      );
      await withDatabase(async (dataSource) => {
        // The services the API uses, on the CLI's connection (no metrics served here).
        const sources = new ImportSourcesRepository(dataSource);
        const writes = new CaseWritesRepository();
        const duplicates = new DuplicatesService(
          dataSource,
          new DuplicatesRepository(dataSource),
          new AuditService(new AuditRepository(dataSource)),
        );
        const writer = new CaseBatchWriter(
          sources,
          writes,
          new CaseIdentities(sources, new ExportsRepository(dataSource)),
          new CaseAttacher(sources, writes, duplicates),
          duplicates,
        );
        const service = new ImportsService(
          new ImportJobsRepository(dataSource),
          new CaseImporter(dataSource, sources, writer, new OutboxService(new EventsRepository())),
          new PopulationImporter(dataSource, new PopulationRepository()),
        );
        const actor = { kind: 'admin' as const, label: `cli:${userInfo().username}` };
        const job = await service.createJob(path.basename(file), options, actor);
        say(`Import job ${job.id}: ${flags.format} ${file}${options.dryRun ? ' (dry run)' : ''}`);
        const bar = new SingleBar(
          { format: '{phase} |{bar}| {value}/{total} {unit}', hideCursor: true },
          Presets.shades_classic,
        );
        bar.start(Math.max(total ?? 1, 1), 0, { phase: 'reading', unit: 'records' });
        let phase = 'reading';
        const done = await service.run(job.id, file, options, actor, (p) => {
          if (p.phase === 'writing' && phase !== 'writing') {
            phase = 'writing';
            bar.setTotal(p.recordsTotal ?? 1);
            bar.update(0, { phase: 'writing', unit: 'records' });
          }
          bar.update(
            p.phase === 'writing'
              ? p.recordsDone
              : p.phase === 'reading'
                ? p.rowsRead
                : bar.getTotal(),
          );
        });
        bar.stop();
        if (done.summary)
          printSummary(done.summary as unknown as ImportSummary, done.state, done.error);
        else say(`\nImport ${done.state}: ${done.error ?? ''}`);
        const rejects = await service.rejects(job.id);
        if (rejects.length) {
          const target = flags.rejects ?? `${file}.rejects.csv`;
          await writeFile(target, await service.rejectsCsv(job.id));
          say(`\n${rejects.length} rejected row(s), written to ${target}:`);
          for (const r of rejects.slice(0, 20)) say(`  row ${r.row}, ${r.field}: ${r.reason}`);
          if (rejects.length > 20) say(`  … and ${rejects.length - 20} more`);
        }
        if (done.state !== 'succeeded') process.exitCode = 1;
      });
    },
  );

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
