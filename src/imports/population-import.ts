// Importing World Bank population figures: rows checked one by one, then upserted by code and year
// in one transaction (all or nothing, or only the valid rows; rolled back in a dry run).
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { allowBulkWork } from '../database/transaction-timeouts.js';
import { parseColumnMapping } from './formats/header-mapping.js';
import { byHeader } from './formats/import-format.js';
import type { Reject, SourceRow } from './import-record.js';
import { overflowReject } from './import-record.js';
import { DryRunRollback, ImportOptions, ImportOutcome, ImportProgress } from './import-job.js';
import { readImportRows } from './import-rows.js';
import { PopulationRepository, PopulationRow } from './population.repository.js';

@Injectable()
export class PopulationImporter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly population: PopulationRepository,
  ) {}

  /**
   * World Bank population (`Country Name, Country Code, Year, Value`): upserted by code and year;
   * rows without a value are skipped, not rejected (the World Bank leaves years blank).
   */
  async importPopulation(
    path: string,
    options: ImportOptions,
    progress: (p: ImportProgress) => void,
  ): Promise<ImportOutcome> {
    const rows: PopulationRow[] = [];
    const rejects: Reject[] = [];
    const seen = new Set<string>();
    let rowsRead = 0;
    let skipped = 0;
    const fallback = { '*': options.fallbackEncoding ?? 'windows-1252' };
    let columns: { columns: string[]; readAs: string[] } | undefined;
    const rowsIn = readImportRows(
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
            const r = await this.population.upsertPopulation(manager, rows.slice(i, i + 5000));
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
        attached: 0,
        attachedRecords: [],
        ...columns,
      },
    };
  }
}
