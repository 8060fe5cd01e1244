// Import jobs left unfinished by a process that died: found on start and every minute after,
// and marked failed with the reason (their writes were one transaction, so none was committed).
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ImportJobsRepository } from './import-jobs.repository.js';

/** How often a running job says it is alive, and how long a silent one is taken for dead. */
export const HEARTBEAT_MS = 15_000;
const DEAD_AFTER_S = 90;
const SWEEP_MS = 60_000;

/** This process, as a job records its runner: host, pid and a per-start id (pids are reused). */
export const THIS_RUNNER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** Whether a runner recorded on this host is a process that no longer runs. */
function deadOnThisHost(runner: string): boolean {
  const [host, pid, start] = runner.split(':');
  if (host !== hostname()) return false;
  if (runner === THIS_RUNNER) return false;
  if (Number(pid) === process.pid) return start !== THIS_RUNNER.split(':')[2];
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

@Injectable()
export class InterruptedJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InterruptedJobs.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly jobs: ImportJobsRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep().catch((error: unknown) =>
      this.logger.warn(`could not look for interrupted import jobs: ${String(error)}`),
    );
    this.timer = setInterval(() => void this.sweep().catch(() => undefined), SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * Marks failed the unfinished jobs whose process is gone: one on this host whose pid no longer
   * runs (or that ran before this start), or any not heard of for a while (another replica that
   * died). Returns how many.
   */
  async sweep(): Promise<number> {
    const jobs = await this.jobs.unfinishedJobs();
    const dead = jobs.filter((j) =>
      j.runner
        ? deadOnThisHost(j.runner) || j.silentFor > DEAD_AFTER_S
        : j.silentFor > DEAD_AFTER_S,
    );
    const byId = new Map(dead.map((j) => [j.id, j]));
    const failed = await this.jobs.failJobs([...byId.keys()], (id) => {
      const job = byId.get(id)!;
      return `interrupted: the process ${job.runner ? `running it (${job.runner}) ` : 'that queued it '}stopped before the job finished; nothing of it was committed (an import writes in one transaction): run it again`;
    });
    if (failed) this.logger.warn(`${failed} interrupted import job(s) marked failed`);
    return failed;
  }
}
