import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ReviewFeedKeyDto } from './dto/review-feed-key.dto.js';

const COLUMNS = `k.id, k.member_id AS "memberId", m.name AS "memberName", k.prefix, k.label,
  k.created_at AS "createdAt", k.revoked_at AS "revokedAt"`;

@Injectable()
export class ReviewFeedKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    memberId: string,
    prefix: string,
    keyHash: Buffer,
    label: string | null,
  ): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO review_feed_keys (member_id, prefix, key_hash, label) VALUES ($1, $2, $3, $4) RETURNING id`,
      [memberId, prefix, keyHash, label],
    );
    return id as string;
  }

  async find(id: string): Promise<ReviewFeedKeyDto | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM review_feed_keys k JOIN members m ON m.id = k.member_id WHERE k.id = $1`,
      [id],
    );
    return row;
  }

  list(memberId: string | null): Promise<ReviewFeedKeyDto[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM review_feed_keys k JOIN members m ON m.id = k.member_id
        WHERE $1::text IS NULL OR k.member_id::text = $1 ORDER BY k.created_at, k.id LIMIT 500`,
      [memberId],
    );
  }

  async revoke(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      `UPDATE review_feed_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1`,
      [id],
    );
  }

  async holder(keyHash: Buffer): Promise<
    | {
        memberId: string;
        organisationId: string;
        role: string;
        prefix: string;
        revoked: boolean;
        removed: boolean;
      }
    | undefined
  > {
    const [row] = await this.dataSource.query(
      `SELECT k.member_id AS "memberId", m.organisation_id AS "organisationId", m.role, k.prefix,
         k.revoked_at IS NOT NULL AS revoked, m.removed_at IS NOT NULL AS removed
       FROM review_feed_keys k JOIN members m ON m.id = k.member_id WHERE k.key_hash = $1`,
      [keyHash],
    );
    return row;
  }
}
