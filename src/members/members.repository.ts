import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../common/auth/principal.js';
import type { ApiKeyDto, MemberDto, OrganisationDto } from './dto/member.dto.js';

const ORGANISATION_COLUMNS = `
  o.id, o.name, o.kind, o.created_at AS "createdAt",
  (SELECT count(*)::int FROM members m WHERE m.organisation_id = o.id AND m.removed_at IS NULL) AS "memberCount"`;
const MEMBER_COLUMNS = `
  m.id, m.organisation_id AS "organisationId", o.name AS "organisationName", m.name, m.email, m.role,
  m.created_at AS "createdAt", m.removed_at AS "removedAt"`;
const KEY_COLUMNS = `
  k.id, k.member_id AS "memberId", k.prefix, k.label, k.created_at AS "createdAt", k.expires_at AS "expiresAt",
  k.revoked_at AS "revokedAt", k.last_used_at AS "lastUsedAt",
  CASE WHEN k.revoked_at IS NOT NULL THEN 'revoked' WHEN k.expires_at <= now() THEN 'expired' ELSE 'active' END AS state`;

/** The holder of a key, as the access guard needs it. */
export interface KeyHolder {
  keyId: string;
  prefix: string;
  expired: boolean;
  revoked: boolean;
  memberId: string;
  memberName: string;
  role: Role;
  removed: boolean;
  organisationId: string;
  organisationName: string;
  /** Whether last_used_at is older than the refresh interval (or unset). */
  stale: boolean;
}

/** Organisations, members and their API keys. */
@Injectable()
export class MembersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  async keyHolder(hash: Buffer): Promise<KeyHolder | undefined> {
    const rows: KeyHolder[] = await this.dataSource.query(
      `SELECT k.id AS "keyId", k.prefix, coalesce(k.expires_at <= now(), false) AS expired, k.revoked_at IS NOT NULL AS revoked,
              m.id AS "memberId", m.name AS "memberName", m.role, m.removed_at IS NOT NULL AS removed,
              o.id AS "organisationId", o.name AS "organisationName",
              (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute') AS stale
         FROM api_keys k JOIN members m ON m.id = k.member_id JOIN organisations o ON o.id = m.organisation_id
        WHERE k.key_hash = $1`,
      [hash],
    );
    return rows[0];
  }

  /** Last use, to the minute: enough to spot unused keys without a write per request. */
  async touchKey(keyId: string): Promise<void> {
    await this.dataSource.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [keyId]);
  }

  async insertOrganisation(
    manager: EntityManager,
    name: string,
    kind: string,
  ): Promise<OrganisationDto> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO organisations (name, kind) VALUES ($1, $2) RETURNING id`,
      [name, kind],
    );
    return (await this.organisations([id], manager))[0];
  }

  organisations(ids?: readonly string[], manager?: EntityManager): Promise<OrganisationDto[]> {
    return this.m(manager).query(
      `SELECT ${ORGANISATION_COLUMNS} FROM organisations o
        WHERE $1::uuid[] IS NULL OR o.id = ANY($1::uuid[]) ORDER BY o.name, o.id`,
      [ids ?? null],
    );
  }

  async organisationNamed(name: string, manager?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await this.m(manager).query(
      `SELECT 1 FROM organisations WHERE lower(name) = lower($1)`,
      [name],
    );
    return rows.length > 0;
  }

  async insertMember(
    manager: EntityManager,
    organisationId: string,
    input: { name: string; email?: string | null; role: Role },
  ): Promise<MemberDto> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO members (organisation_id, name, email, role) VALUES ($1, $2, $3, $4) RETURNING id`,
      [organisationId, input.name, input.email ?? null, input.role],
    );
    return (await this.members({ ids: [id] }, manager))[0];
  }

  members(
    filter: { ids?: readonly string[]; organisationId?: string },
    manager?: EntityManager,
    lock = false,
  ): Promise<MemberDto[]> {
    return this.m(manager).query(
      `SELECT ${MEMBER_COLUMNS} FROM members m JOIN organisations o ON o.id = m.organisation_id
        WHERE ($1::uuid[] IS NULL OR m.id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR m.organisation_id = $2)
        ORDER BY m.name, m.id ${lock ? 'FOR UPDATE OF m' : ''}`,
      [filter.ids ?? null, filter.organisationId ?? null],
    );
  }

  async markRemoved(manager: EntityManager, memberId: string): Promise<void> {
    await manager.query(`UPDATE members SET removed_at = now() WHERE id = $1`, [memberId]);
    await manager.query(
      `UPDATE api_keys SET revoked_at = now() WHERE member_id = $1 AND revoked_at IS NULL`,
      [memberId],
    );
  }

  async insertKey(
    manager: EntityManager,
    memberId: string,
    key: { prefix: string; hash: Buffer; label: string | null; expiresAt: string | null },
  ): Promise<ApiKeyDto> {
    const [{ id }]: { id: string }[] = await manager.query(
      `INSERT INTO api_keys (member_id, prefix, key_hash, label, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [memberId, key.prefix, key.hash, key.label, key.expiresAt],
    );
    return (await this.keys({ ids: [id] }, manager))[0];
  }

  keys(
    filter: { ids?: readonly string[]; memberId?: string },
    manager?: EntityManager,
    lock = false,
  ): Promise<ApiKeyDto[]> {
    return this.m(manager).query(
      `SELECT ${KEY_COLUMNS} FROM api_keys k
        WHERE ($1::uuid[] IS NULL OR k.id = ANY($1::uuid[])) AND ($2::uuid IS NULL OR k.member_id = $2)
        ORDER BY k.created_at, k.id ${lock ? 'FOR UPDATE' : ''}`,
      [filter.ids ?? null, filter.memberId ?? null],
    );
  }

  async revokeKey(manager: EntityManager, keyId: string): Promise<void> {
    await manager.query(
      `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1`,
      [keyId],
    );
  }
}
