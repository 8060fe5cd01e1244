import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AppConfig } from '../src/config/app-config.js';
import { startEmbeddedDatabase } from '../src/database/embedded-postgres.js';
import { ensureDatabase, prepareDatabase } from '../src/database/maintenance.js';

/** A benchmark's database, migrated and seeded, and its working folder. */
export interface BenchDatabase {
  url: string;
  config: AppConfig;
  /** A temporary folder for the benchmark's files, removed by `close`. */
  work: string;
  /** Stops the embedded cluster (if one was started) and removes the working folder. */
  close(): Promise<void>;
}

/**
 * BENCH_DATABASE_URL (a database the benchmark may fill, or one a previous run filled) or a
 * throwaway embedded cluster, migrated and seeded.
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  const work = mkdtempSync(path.join(tmpdir(), 'tracker-bench-'));
  chmodSync(work, 0o755); // the unprivileged postgres user must reach the cluster folder
  let stop = async () => undefined as void;
  const close = async () => {
    await stop();
    rmSync(work, { recursive: true, force: true });
  };
  try {
    let url = process.env.BENCH_DATABASE_URL;
    if (!url) {
      const embedded = await startEmbeddedDatabase(path.join(work, 'pg'));
      stop = () => embedded.stop();
      await ensureDatabase(embedded.adminUrl, 'bench');
      url = embedded.urlFor('bench');
    }
    const config = AppConfig.fromEnv({ DATABASE_URL: url, LOG_LEVEL: 'warn', PORT: '0' });
    await prepareDatabase(config);
    return { url, config, work, close };
  } catch (error) {
    await close();
    throw error;
  }
}
