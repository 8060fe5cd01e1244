// SQL of import jobs: created, followed while they run (progress, heartbeat), finished or failed
// when their process died, and the rows they rejected.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Reject } from './import-record.js';

export interface JobRow {
  id: string;
  format: string;
  fileName: string | null;
  dryRun: boolean;
  mode: string;
  options: Record<string, unknown>;
  state: string;
  phase: string | null;
  rowsRead: number;
  recordsTotal: number | null;
  recordsDone: number;
  summary: Record<string, unknown> | null;
  error: string | null;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const JOB_COLUMNS = `id, format, file_name AS "fileName", dry_run AS "dryRun", mode, options, state, phase,
  rows_read AS "rowsRead", records_total AS "recordsTotal", records_done AS "recordsDone", summary, error,
  created_by AS "createdBy", created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

@Injectable()
export class ImportJobsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async createJob(job: {
    format: string;
    fileName: string | null;
    dryRun: boolean;
    mode: string;
    options: object;
    createdBy: string;
  }): Promise<JobRow> {
    const [row]: JobRow[] = await this.dataSource.query(
      `INSERT INTO import_jobs (format, file_name, dry_run, mode, options, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${JOB_COLUMNS}`,
      [job.format, job.fileName, job.dryRun, job.mode, job.options, job.createdBy],
    );
    return row;
  }

  async findJob(id: string): Promise<JobRow | undefined> {
    const rows: JobRow[] = await this.dataSource.query(
      `SELECT ${JOB_COLUMNS} FROM import_jobs WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async updateJob(
    id: string,
    fields: Partial<
      Pick<
        JobRow,
        'state' | 'phase' | 'rowsRead' | 'recordsTotal' | 'recordsDone' | 'summary' | 'error'
      >
    > & { started?: boolean; finished?: boolean },
  ): Promise<void> {
    const columns: Record<string, string> = {
      state: 'state',
      phase: 'phase',
      rowsRead: 'rows_read',
      recordsTotal: 'records_total',
      recordsDone: 'records_done',
      summary: 'summary',
      error: 'error',
    };
    const params: unknown[] = [id];
    const sets: string[] = [];
    for (const [field, column] of Object.entries(columns)) {
      const value = (fields as Record<string, unknown>)[field];
      if (value !== undefined) {
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      }
    }
    if (fields.started) sets.push('started_at = now()');
    if (fields.finished) sets.push('finished_at = now()');
    if (sets.length)
      await this.dataSource.query(
        `UPDATE import_jobs SET ${sets.join(', ')} WHERE id = $1`,
        params,
      );
  }

  /** The process running a job says it is alive (and which it is). */
  async heartbeat(id: string, runner: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE import_jobs SET runner = $2, heartbeat_at = now() WHERE id = $1 AND state IN ('queued', 'running')`,
      [id, runner],
    );
  }

  /** Unfinished jobs: their runner and how long since it was last heard of (or the job made). */
  unfinishedJobs(): Promise<
    { id: string; state: string; runner: string | null; silentFor: number }[]
  > {
    return this.dataSource.query(
      `SELECT id, state, runner,
              extract(epoch FROM now() - coalesce(heartbeat_at, started_at, created_at))::float8 AS "silentFor"
         FROM import_jobs WHERE state IN ('queued', 'running') ORDER BY created_at`,
    );
  }

  /** Marks jobs failed with a reason, unless they finished meanwhile. */
  async failJobs(ids: string[], reason: (id: string) => string): Promise<number> {
    if (ids.length === 0) return 0;
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH failed AS (
         UPDATE import_jobs j SET state = 'failed', phase = 'done', error = r.reason, finished_at = now()
           FROM unnest($1::uuid[], $2::text[]) AS r(id, reason)
          WHERE j.id = r.id AND j.state IN ('queued', 'running') RETURNING j.id)
       SELECT count(*)::int AS n FROM failed`,
      [ids, ids.map(reason)],
    );
    return n;
  }

  async saveRejects(jobId: string, rejects: Reject[]): Promise<void> {
    for (let i = 0; i < rejects.length; i += 5000) {
      const chunk = rejects.slice(i, i + 5000);
      await this.dataSource.query(
        `INSERT INTO import_rejects (job_id, row_number, field, reason, raw)
         SELECT $1, x.row_number, x.field, x.reason, x.raw
           FROM jsonb_to_recordset($2::jsonb) AS x(row_number int, field text, reason text, raw jsonb)`,
        [
          jobId,
          JSON.stringify(
            chunk.map((r) => ({
              row_number: r.row,
              field: r.field,
              reason: r.reason,
              raw: r.raw ?? null,
            })),
          ),
        ],
      );
    }
  }

  rejects(jobId: string): Promise<Reject[]> {
    return this.dataSource.query(
      `SELECT row_number AS row, field, reason, raw FROM import_rejects WHERE job_id = $1 ORDER BY row_number, id`,
      [jobId],
    );
  }

  /** The first `limit` rejects of a job in file order, without the rows as they were. */
  firstRejects(jobId: string, limit: number): Promise<Omit<Reject, 'raw'>[]> {
    return this.dataSource.query(
      `SELECT row_number AS row, field, reason FROM import_rejects WHERE job_id = $1
        ORDER BY row_number, id LIMIT $2`,
      [jobId, limit],
    );
  }
}
