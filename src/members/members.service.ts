import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { canSeeConfidential, type Principal } from '../common/auth/principal.js';
import { Problems } from '../common/errors/problems.js';
import { generateKey } from './api-keys.js';
import {
  ApiKeyDto,
  CallerDto,
  CreatedApiKeyDto,
  MemberDto,
  OrganisationDto,
} from './dto/member.dto.js';
import { CreateApiKeyDto, CreateMemberDto, CreateOrganisationDto } from './dto/member.input.js';
import {
  ApiKeyNotFound,
  MemberNotFound,
  MemberRemoved,
  OrganisationNotFound,
} from './members.errors.js';
import { MembersRepository } from './members.repository.js';

const YEAR_MS = 365 * 86_400_000;

/** Organisations, their members and the members' API keys: administrators' business. */
@Injectable()
export class MembersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersRepository,
    private readonly audit: AuditService,
  ) {}

  caller(principal: Principal): CallerDto {
    return {
      role: principal.kind,
      label: principal.label,
      memberId: principal.memberId ?? null,
      organisationId: principal.organisationId ?? null,
      organisationName: principal.organisationName ?? null,
      keyPrefix: principal.keyPrefix ?? null,
      seesConfidential: canSeeConfidential(principal),
    };
  }

  organisations(): Promise<OrganisationDto[]> {
    return this.members.organisations();
  }

  async organisation(id: string): Promise<OrganisationDto> {
    const [found] = await this.members.organisations([id]);
    if (!found) throw new OrganisationNotFound(id);
    return found;
  }

  async createOrganisation(
    input: CreateOrganisationDto,
    actor: Principal,
    manager?: EntityManager,
  ): Promise<OrganisationDto> {
    const name = input.name.trim();
    const work = async (m: EntityManager) => {
      new Problems()
        .check(name !== '', 'name', 'must not be blank')
        .check(
          !(await this.members.organisationNamed(name, m)),
          'name',
          'an organisation of this name exists already',
        )
        .throwIfAny();
      const created = await this.members.insertOrganisation(m, name, input.kind ?? 'member');
      await this.audit.record(m, actor, {
        entityType: 'organisation',
        entityId: created.id,
        action: 'create',
        after: created,
      });
      return created;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  async membersOf(organisationId: string): Promise<MemberDto[]> {
    await this.organisation(organisationId);
    return this.members.members({ organisationId });
  }

  async member(id: string): Promise<MemberDto> {
    const [found] = await this.members.members({ ids: [id] });
    if (!found) throw new MemberNotFound(id);
    return found;
  }

  async createMember(
    organisationId: string,
    input: CreateMemberDto,
    actor: Principal,
    manager?: EntityManager,
  ): Promise<MemberDto> {
    new Problems().check(input.name.trim() !== '', 'name', 'must not be blank').throwIfAny();
    const work = async (m: EntityManager) => {
      const [organisation] = await this.members.organisations([organisationId], m);
      if (!organisation) throw new OrganisationNotFound(organisationId);
      const created = await this.members.insertMember(m, organisationId, {
        ...input,
        name: input.name.trim(),
      });
      await this.audit.record(m, actor, {
        entityType: 'member',
        entityId: created.id,
        action: 'create',
        after: created,
      });
      return created;
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /** Removes a member: their keys are revoked at once; what they did stays, with their name. */
  async removeMember(id: string, actor: Principal): Promise<MemberDto> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.members.members({ ids: [id] }, m, true);
      if (!before) throw new MemberNotFound(id);
      if (before.removedAt) throw new MemberRemoved(id);
      await this.members.markRemoved(m, id);
      const [after] = await this.members.members({ ids: [id] }, m);
      await this.audit.record(m, actor, {
        entityType: 'member',
        entityId: id,
        action: 'remove',
        before,
        after,
      });
      return after;
    });
  }

  async keysOf(memberId: string): Promise<ApiKeyDto[]> {
    await this.member(memberId);
    return this.members.keys({ memberId });
  }

  /** A new key for a member; the secret is in this answer only, the database keeps its hash. */
  async createKey(
    memberId: string,
    input: CreateApiKeyDto,
    actor: Principal,
    manager?: EntityManager,
  ): Promise<CreatedApiKeyDto> {
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : new Date(Date.now() + YEAR_MS);
    const problems = new Problems();
    problems.check(!Number.isNaN(expiresAt.getTime()), 'expiresAt', 'must be a real instant');
    problems.check(expiresAt.getTime() > Date.now(), 'expiresAt', 'must be in the future');
    problems.check(
      expiresAt.getTime() <= Date.now() + 5 * YEAR_MS,
      'expiresAt',
      'must be within five years',
    );
    problems.throwIfAny();
    const work = async (m: EntityManager) => {
      const [member] = await this.members.members({ ids: [memberId] }, m, true);
      if (!member) throw new MemberNotFound(memberId);
      if (member.removedAt) throw new MemberRemoved(memberId);
      const { key, prefix, hash } = generateKey();
      const created = await this.members.insertKey(m, memberId, {
        prefix,
        hash,
        label: input.label ?? null,
        expiresAt: expiresAt.toISOString(),
      });
      await this.audit.record(m, actor, {
        entityType: 'api_key',
        entityId: created.id,
        action: 'create',
        after: created,
        note: `key ${prefix} for ${member.name} (${member.organisationName})`,
      });
      return { ...created, key };
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  async revokeKey(id: string, actor: Principal): Promise<ApiKeyDto> {
    return this.dataSource.transaction(async (m) => {
      const [before] = await this.members.keys({ ids: [id] }, m, true);
      if (!before) throw new ApiKeyNotFound(id);
      await this.members.revokeKey(m, id);
      const [after] = await this.members.keys({ ids: [id] }, m);
      await this.audit.record(m, actor, {
        entityType: 'api_key',
        entityId: id,
        action: 'revoke',
        before,
        after,
        note: `key ${before.prefix}`,
      });
      return after;
    });
  }
}
