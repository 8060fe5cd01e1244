import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ServiceUnavailable } from '../common/errors/domain-error.js';

const TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async check(): Promise<{
    status: 'ok';
    database: 'up';
    databaseLatencyMs: number;
    uptimeSeconds: number;
  }> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS)),
        ),
      ]);
    } catch {
      throw new ServiceUnavailable('The database is not reachable');
    } finally {
      clearTimeout(timer);
    }
    return {
      status: 'ok',
      database: 'up',
      databaseLatencyMs: Math.round(performance.now() - started),
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
