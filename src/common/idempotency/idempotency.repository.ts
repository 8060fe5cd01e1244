import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface StoredKey {
  requestHash: string;
  state: 'pending' | 'done';
  responseStatus: number | null;
  responseBody: unknown;
  /** Seconds since the key was claimed. */
  age: number;
}

/** Idempotency keys per caller: who claimed which key for which request, and what it answered. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims a key for a request; false when the key is held already. The primary key makes the
   * claim atomic: of many concurrent retries, one claims and the others wait for its answer.
   */
  async claim(owner: string, key: string, requestHash: string, ttlHours: number): Promise<boolean> {
    // An expired key is free again.
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE owner = $1 AND key = $2 AND expires_at <= now()`,
      [owner, key],
    );
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (owner, key, request_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(hours => $4))
       ON CONFLICT (owner, key) DO NOTHING RETURNING 1`,
      [owner, key, requestHash, ttlHours],
    );
    return rows.length === 1;
  }

  async find(owner: string, key: string): Promise<StoredKey | undefined> {
    const rows: StoredKey[] = await this.dataSource.query(
      `SELECT request_hash AS "requestHash", state, response_status AS "responseStatus", response_body AS "responseBody",
              extract(epoch FROM now() - created_at)::float AS age
         FROM idempotency_keys WHERE owner = $1 AND key = $2 AND expires_at > now()`,
      [owner, key],
    );
    return rows[0];
  }

  async complete(owner: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET state = 'done', response_status = $3, response_body = $4::jsonb
        WHERE owner = $1 AND key = $2`,
      [owner, key, status, JSON.stringify(body ?? null)],
    );
  }

  /** Frees a key whose request failed unexpectedly, so that a retry runs it again. */
  async release(owner: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE owner = $1 AND key = $2`, [
      owner,
      key,
    ]);
  }

  /** Drops expired keys (run now and then; a claim frees its own key when expired). */
  async purgeExpired(): Promise<number> {
    const result: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE expires_at <= now()`,
    );
    return result[1];
  }
}
