import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth/principal.js';
import { canSeeConfidential } from '../common/auth/principal.js';
import { forViewer } from '../common/confidentiality/confidential.js';
import { Problems } from '../common/errors/problems.js';
import { decodeCursor, DEFAULT_LIMIT, page } from '../common/pagination/cursor.js';
import { AuditAction, AuditEntry } from './audit-entry.entity.js';
import { AuditRepository } from './audit.repository.js';
import { AuditEntryDto, AuditPageDto } from './dto/audit-entry.dto.js';
import { AuditQuery } from './dto/audit.query.js';

export type AuditedEntity =
  | 'person'
  | 'incident'
  | 'case'
  | 'classification'
  | 'organisation'
  | 'member'
  | 'api_key'
  | 'proposal'
  | 'webhook'
  | 'review_feed_key';

export interface Change {
  entityType: AuditedEntity;
  entityId: string;
  action: AuditAction;
  before?: object;
  after?: object;
  note?: string;
}

/** Writes and reads the audit trail. Writes join the caller's transaction. */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  /** Appends an entry in the caller's transaction; returns its id. */
  async record(manager: EntityManager, actor: Principal, change: Change): Promise<string> {
    const result = await manager.insert(AuditEntry, {
      actor: actor.label,
      requestId: actor.requestId ?? null,
      entityType: change.entityType,
      entityId: change.entityId,
      action: change.action,
      before: change.before ?? null,
      after: change.after ?? null,
      note: change.note ?? null,
      memberId: actor.memberId ?? null,
      memberName: actor.memberName ?? null,
      organisationId: actor.organisationId ?? null,
      organisationName: actor.organisationName ?? null,
      keyPrefix: actor.keyPrefix ?? null,
      role: actor.kind === 'anonymous' ? null : actor.kind,
      proposalId: actor.proposalId ?? null,
    });
    return String((result.identifiers[0] as { id: string | number }).id);
  }

  /** One entry, whole (for services that act on what it records, such as undoing a merge). */
  entry(manager: EntityManager, id: string): Promise<AuditEntryDto | undefined> {
    return this.audit.entry(manager, id);
  }

  /** A record's history, as the viewer may see it. */
  async historyOf(
    entityType: AuditedEntity,
    entityId: string,
    viewer?: Principal,
  ): Promise<AuditEntryDto[]> {
    return (await this.audit.history(entityType, entityId)).map((e) => this.shown(e, viewer));
  }

  async list(query: AuditQuery, viewer: Principal): Promise<AuditPageDto> {
    const problems = new Problems();
    for (const field of ['from', 'to'] as const)
      if (query[field])
        problems.check(
          !Number.isNaN(Date.parse(query[field])),
          field,
          'must be a real date or instant',
        );
    if (query.limit !== undefined)
      problems.check(
        Number.isInteger(query.limit) && query.limit >= 1 && query.limit <= 200,
        'limit',
        'must be a whole number from 1 to 200',
      );
    if (query.from && query.to)
      problems.check(Date.parse(query.to) > Date.parse(query.from), 'to', 'must be after from');
    problems.throwIfAny();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const cursor = query.cursor
      ? decodeCursor(query.cursor, ['instant', 'integer']).map(String)
      : undefined;
    const before = cursor ? { at: cursor[0], id: cursor[1] } : undefined;
    const [rows, total] = await Promise.all([
      this.audit.list(query, limit, before),
      query.withTotal ? this.audit.count(query) : Promise.resolve(null),
    ]);
    const result = page(rows, limit, (e) => [e.position, e.id], total);
    return {
      data: result.data.map(({ position: _, ...e }) => this.shown(e, viewer)),
      pageInfo: result.pageInfo,
    };
  }

  /**
   * The public sees what changed and which organisation changed it, but not the member, the key
   * or confidential values; reviewers and administrators see the whole entry.
   */
  private shown(entry: AuditEntryDto, viewer: Principal | undefined): AuditEntryDto {
    if (canSeeConfidential(viewer)) return entry;
    return {
      ...entry,
      actor: entry.organisationName ?? entry.actor,
      requestId: null,
      memberId: null,
      memberName: null,
      keyPrefix: null,
      before: forViewer(entry.before, viewer),
      after: forViewer(entry.after, viewer),
    };
  }
}
