// `npm run import:held -- list | settle …`: imported records held for a reviewer, listed and
// settled in bulk from the command line, as through POST /api/v1/imports/held/settle.
import { userInfo } from 'node:os';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Command } from 'commander';
import type { DataSource } from 'typeorm';
import { InvalidInput } from '../common/errors/domain-error.js';
import { withDatabase } from './cli-database.js';
import { SettleHeldRecordsInput } from './dto/settle-held-records.input.js';
import { HeldRecordsService } from './held-records.service.js';
import { CaseWritesRepository } from './case-writes.repository.js';
import { HeldRecordsRepository } from './held-records.repository.js';
import { ImportSourcesRepository } from './import-sources.repository.js';

const say = (line = '') => void process.stdout.write(`${line}\n`);
const actor = () => ({ kind: 'admin' as const, label: `cli:${userInfo().username}` });

/** The service the API uses, on the CLI's connection. */
const heldRecordsService = (dataSource: DataSource) =>
  new HeldRecordsService(
    dataSource,
    new HeldRecordsRepository(dataSource),
    new ImportSourcesRepository(dataSource),
    new CaseWritesRepository(),
  );

const program = new Command('npm run import:held --').description(
  'Imported records held for a reviewer: list them, settle their country in bulk',
);

program
  .command('list')
  .description('list the held records, oldest first, with the countries they may be in')
  .option('--limit <n>', 'how many (at most 200)', '200')
  .action(async (flags: { limit: string }) => {
    await withDatabase(async (dataSource) => {
      const held = heldRecordsService(dataSource);
      const page = await held.list({ limit: Number(flags.limit) });
      for (const r of page.data)
        say(
          `${r.source}\t${r.key}\t${r.countryLabel ?? ''}\t${r.candidates.join('/')}\t${r.place ?? ''}\t${r.reason ?? ''}`,
        );
      say(`${page.data.length} held record(s) listed`);
    });
  });

program
  .command('settle')
  .description('settle the country of the held records chosen (all the options given must hold)')
  .requiredOption('--country <code>', 'the country they happened in (ISO alpha-2)')
  .option('--label <label>', 'records held under this country label')
  .option('--place-contains <text>', 'records whose place contains this text (e.g. Gaza)')
  .option(
    '--record <source:key>',
    'a record (e.g. cpj:https://cpj.org/…); repeat for several',
    (value: string, previous: string[]) => [...previous, value],
    [] as string[],
  )
  .option('--note <text>', 'why this country (kept in the audit trail)')
  .option('--dry-run', 'list what would be settled; settle nothing')
  .action(
    async (flags: {
      country: string;
      label?: string;
      placeContains?: string;
      record: string[];
      note?: string;
      dryRun?: boolean;
    }) => {
      const input = plainToInstance(SettleHeldRecordsInput, {
        countryCode: flags.country.toUpperCase(),
        label: flags.label,
        placeContains: flags.placeContains,
        records: flags.record.length
          ? flags.record.map((r) => ({ source: r.split(':')[0], key: r.slice(r.indexOf(':') + 1) }))
          : undefined,
        note: flags.note,
        dryRun: Boolean(flags.dryRun),
      });
      const problems = await validate(input, { whitelist: true, forbidNonWhitelisted: true });
      if (problems.length)
        throw new Error(
          problems
            .map((p) => `${p.property}: ${Object.values(p.constraints ?? {}).join('; ')}`)
            .join('\n'),
        );
      await withDatabase(async (dataSource) => {
        const held = heldRecordsService(dataSource);
        const result = await held.settleMany(input, actor());
        for (const r of result.records)
          say(`${r.source}:${r.key}${r.caseId ? ` → case ${r.caseId}` : ''}`);
        say(
          `${result.settled} held record(s) ${result.committed ? 'settled' : 'would be settled (dry run)'} as ${input.countryCode}`,
        );
      });
    },
  );

program.parseAsync().catch((error: unknown) => {
  console.error(
    error instanceof InvalidInput
      ? error.details.map((d) => `${d.field}: ${d.message}`).join('\n')
      : error instanceof Error
        ? error.message
        : String(error),
  );
  process.exitCode = 1;
});
