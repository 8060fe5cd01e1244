import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuditEntryDto } from './dto/audit-entry.dto.js';
import type { AuditQuery } from './dto/audit.query.js';

const COLUMNS = `
  id::text AS id, occurred_at AS "occurredAt", actor, request_id AS "requestId", entity_type AS "entityType",
  entity_id AS "entityId", action, before, after, note, member_id AS "memberId", member_name AS "memberName",
  organisation_id AS "organisationId", organisation_name AS "organisationName", key_prefix AS "keyPrefix",
  role, proposal_id AS "proposalId"`;

/** Reads of the audit trail (writes go through AuditService.record, inside each write's transaction). */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  history(entityType: string, entityId: string): Promise<AuditEntryDto[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY id`,
      [entityType, entityId],
    );
  }

  /** A page of entries matching every filter given, newest first; `before` is the last id seen. */
  list(query: AuditQuery, limit: number, before?: string): Promise<AuditEntryDto[]> {
    const params: unknown[] = [];
    const $ = (v: unknown) => (params.push(v), `$${params.length}`);
    const where = ['TRUE'];
    const equal: [keyof AuditQuery, string][] = [
      ['entityType', 'entity_type'],
      ['entityId', 'entity_id'],
      ['action', 'action'],
      ['organisationId', 'organisation_id'],
      ['memberId', 'member_id'],
      ['keyPrefix', 'key_prefix'],
      ['proposalId', 'proposal_id'],
      ['requestId', 'request_id'],
    ];
    for (const [field, column] of equal)
      if (query[field] !== undefined) where.push(`${column} = ${$(query[field])}`);
    if (query.from) where.push(`occurred_at >= ${$(query.from)}::timestamptz`);
    if (query.to) where.push(`occurred_at < ${$(query.to)}::timestamptz`);
    if (before) where.push(`id < ${$(before)}::bigint`);
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${$(limit + 1)}`,
      params,
    );
  }
}
