import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuditEntryDto } from './dto/audit-entry.dto.js';
import type { AuditQuery } from './dto/audit.query.js';

const COLUMNS = `
  id::text AS id, occurred_at AS "occurredAt", actor, request_id AS "requestId", entity_type AS "entityType",
  entity_id AS "entityId", action, before, after, note, member_id AS "memberId", member_name AS "memberName",
  organisation_id AS "organisationId", organisation_name AS "organisationName", key_prefix AS "keyPrefix",
  role, proposal_id AS "proposalId"`;

/** An entry's time to the microsecond, for cursors (a Date keeps only milliseconds). */
const POSITION = `to_char(a.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Reads of the audit trail (writes go through AuditService.record, inside each write's transaction). */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A record's entries, oldest first (by time, then by numeric id: `id` in COLUMNS is text). */
  history(entityType: string, entityId: string): Promise<AuditEntryDto[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit_log a WHERE entity_type = $1 AND entity_id = $2 ORDER BY a.occurred_at, a.id`,
      [entityType, entityId],
    );
  }

  async entry(manager: EntityManager, id: string): Promise<AuditEntryDto | undefined> {
    const rows: AuditEntryDto[] = await manager.query(
      `SELECT ${COLUMNS} FROM audit_log a WHERE id = $1::bigint`,
      [id],
    );
    return rows[0];
  }

  /**
   * A page of entries matching every filter given, newest first (by time, then by numeric id);
   * `before` is the last entry seen: its exact time (microseconds, as `position` gives it) and id.
   */
  list(
    query: AuditQuery,
    limit: number,
    before?: { at: string; id: string },
  ): Promise<(AuditEntryDto & { position: string })[]> {
    const params: unknown[] = [];
    const $ = (v: unknown) => (params.push(v), `$${params.length}`);
    const where = this.where(query, $);
    if (before)
      where.push(`(a.occurred_at, a.id) < (${$(before.at)}::timestamptz, ${$(before.id)}::bigint)`);
    return this.dataSource.query(
      `SELECT ${COLUMNS}, ${POSITION} AS position FROM audit_log a WHERE ${where.join(' AND ')}
        ORDER BY a.occurred_at DESC, a.id DESC LIMIT ${$(limit + 1)}`,
      params,
    );
  }

  /** How many entries match the filters (every page together). */
  async count(query: AuditQuery): Promise<number> {
    const params: unknown[] = [];
    const $ = (v: unknown) => (params.push(v), `$${params.length}`);
    const rows: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_log a WHERE ${this.where(query, $).join(' AND ')}`,
      params,
    );
    return rows[0].n;
  }

  private where(query: AuditQuery, $: (v: unknown) => string): string[] {
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
    return where;
  }
}
