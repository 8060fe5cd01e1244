import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { ExportsRepository } from './exports.repository.js';

/** Cases whose export rows are stored per transaction. */
const BATCH = 2000;
/** Rows stored in one pass from which the table is vacuumed and analysed. */
const VACUUM_AFTER = 10_000;

/**
 * Keeps the stored export rows (case_export_rows) filled: after an import, or an export that met
 * cases without one, it stores the missing rows in the background, a batch per transaction.
 * Writes remove the rows they change (database triggers); an export sends those cases from their
 * tables meanwhile, so a stored row is only ever a faster way to the same line.
 */
@Injectable()
export class ExportRowsRefresher implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ExportRowsRefresher.name);
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly exports: ExportsRepository) {}

  /** Starts filling in the background; a call while it runs makes it go round once more. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.store()
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.warn(`storing export rows failed (exports read the tables): ${String(error)}`),
      )
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * Stores the missing rows (cases that writes hold are left for the next fill), after a
   * background fill of this process has ended; returns how many it stored.
   */
  async fill(): Promise<number> {
    await this.settle();
    return this.store();
  }

  /** One pass over the cases without a row, a batch per transaction. */
  private async store(): Promise<number> {
    const ids = await this.exports.casesWithoutExportRow();
    let stored = 0;
    for (let i = 0; i < ids.length && !this.stopped; i += BATCH) {
      const n = await this.exports.storeExportRows(ids.slice(i, i + BATCH));
      if (n === null) break; // another process is storing them
      stored += n;
    }
    // Fresh statistics, and the new rows marked visible to all, before exports read them all.
    if (stored >= VACUUM_AFTER && !this.stopped) await this.exports.vacuumExportRows();
    return stored;
  }

  /** Whether a fill is running. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Waits until no fill runs (one asked for while another ran included). */
  async settle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Waits for a running fill (it stops after its current batch) before connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
