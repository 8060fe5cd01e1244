import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../common/auth/principal.js';
import { AuditAction, AuditEntry } from './audit-entry.entity.js';
import { AuditEntryDto } from './dto/audit-entry.dto.js';

export interface Change {
  entityType: 'person' | 'incident' | 'case' | 'classification';
  entityId: string;
  action: AuditAction;
  before?: object;
  after?: object;
  note?: string;
}

/** Writes and reads the audit trail. Writes join the caller's transaction. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, actor: Principal, change: Change): Promise<void> {
    await manager.insert(AuditEntry, {
      actor: actor.label,
      requestId: actor.requestId ?? null,
      entityType: change.entityType,
      entityId: change.entityId,
      action: change.action,
      before: change.before ?? null,
      after: change.after ?? null,
      note: change.note ?? null,
    });
  }

  async historyOf(entityType: Change['entityType'], entityId: string): Promise<AuditEntryDto[]> {
    return this.dataSource
      .getRepository(AuditEntry)
      .find({ where: { entityType, entityId }, order: { id: 'ASC' } });
  }
}
