import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ServiceUnavailable } from '../common/errors/domain-error.js';
import { pendingMigrations } from '../database/maintenance.js';

const TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The process answers: nothing else is asked (an orchestrator restarts it when this fails). */
  live(): { status: 'ok'; uptimeSeconds: number } {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  /** Ready for traffic: the database answers and every migration this build knows is applied. */
  async ready(): Promise<{
    status: 'ok';
    database: 'up';
    databaseLatencyMs: number;
    uptimeSeconds: number;
    pendingMigrations: number;
  }> {
    const health = await this.check();
    const pending = await this.withinTimeout(pendingMigrations(this.dataSource));
    if (pending.length > 0)
      throw new ServiceUnavailable(
        `${pending.length} migration(s) pending (${pending.join(', ')}): run npm run migration:run`,
      );
    return { ...health, pendingMigrations: 0 };
  }

  async check(): Promise<{
    status: 'ok';
    database: 'up';
    databaseLatencyMs: number;
    uptimeSeconds: number;
  }> {
    const started = performance.now();
    await this.withinTimeout(this.dataSource.query('SELECT 1'));
    return {
      status: 'ok',
      database: 'up',
      databaseLatencyMs: Math.round(performance.now() - started),
      uptimeSeconds: Math.round(process.uptime()),
    };
  }

  /** The database's answer, or a 503 when it fails or takes longer than TIMEOUT_MS. */
  private async withinTimeout<T>(query: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        query,
        new Promise<never>(
          (_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS)),
        ),
      ]);
    } catch {
      throw new ServiceUnavailable('The database is not reachable');
    } finally {
      clearTimeout(timer);
    }
  }
}
