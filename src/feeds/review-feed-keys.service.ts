import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal, Role } from '../common/auth/principal.js';
import { Forbidden, Unauthenticated } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { CreatedReviewFeedKeyDto, ReviewFeedKeyDto } from './dto/review-feed-key.dto.js';
import { ReviewFeedKeyNotFound } from './feeds.errors.js';
import { ReviewFeedKeysRepository } from './review-feed-keys.repository.js';

const hash = (key: string) => createHash('sha256').update(key).digest();

/**
 * Keys for the review queue's private feed. A feed reader cannot send an API key, and an API key
 * in a URL would let anyone who sees the URL write: a feed key only reads the queue, as its
 * reviewer would, and stops working when revoked or when its member is removed or loses the role.
 */
@Injectable()
export class ReviewFeedKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly keys: ReviewFeedKeysRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async create(
    label: string | null | undefined,
    actor: Principal,
  ): Promise<CreatedReviewFeedKeyDto> {
    if (!actor.memberId)
      throw new Forbidden('Feed keys belong to members; the bootstrap key belongs to none');
    const prefix = `rfk_${randomBytes(4).toString('hex')}`;
    const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
    const id = await this.dataSource.transaction(async (manager) => {
      const id = await this.keys.insert(manager, actor.memberId!, prefix, hash(key), label ?? null);
      await this.audit.record(manager, actor, {
        entityType: 'review_feed_key',
        entityId: id,
        action: 'create',
        after: { prefix, label: label ?? null },
      });
      return id;
    });
    const base = this.config.publicBaseUrl ?? `http://${this.config.host}:${this.config.port}`;
    return {
      ...(await this.keys.find(id))!,
      key,
      feedUrl: `${base}/feeds/review-queue.atom?key=${key}`,
    };
  }

  /** The caller's keys (administrators: every member's). */
  list(viewer: Principal): Promise<ReviewFeedKeyDto[]> {
    return this.keys.list(viewer.kind === 'admin' ? null : (viewer.memberId ?? ''));
  }

  async revoke(id: string, actor: Principal): Promise<ReviewFeedKeyDto> {
    const key = await this.keys.find(id);
    if (!key || (actor.kind !== 'admin' && key.memberId !== actor.memberId))
      throw new ReviewFeedKeyNotFound(id);
    await this.dataSource.transaction(async (manager) => {
      await this.keys.revoke(manager, id);
      await this.audit.record(manager, actor, {
        entityType: 'review_feed_key',
        entityId: id,
        action: 'revoke',
        before: { prefix: key.prefix },
      });
    });
    return (await this.keys.find(id))!;
  }

  /** The reviewer a feed key reads as; refused when it no longer may. */
  async resolve(key: string): Promise<Principal> {
    const holder = await this.keys.holder(hash(key));
    if (!holder || holder.revoked || holder.removed || !['reviewer', 'admin'].includes(holder.role))
      throw new Unauthenticated('This feed key is unknown, revoked, or no longer a reviewer’s');
    return {
      kind: holder.role as Role,
      label: `feed:${holder.prefix}`,
      memberId: holder.memberId,
      organisationId: holder.organisationId,
    };
  }
}
