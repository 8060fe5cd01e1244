import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { CasesService } from '../cases/cases.service.js';
import { canSeeConfidential, type Principal } from '../common/auth/principal.js';
import { InvalidInput } from '../common/errors/domain-error.js';
import { Problems } from '../common/errors/problems.js';
import { decodeCursor, DEFAULT_LIMIT, page } from '../common/pagination/cursor.js';
import { OutboxService } from '../events/outbox.service.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { PeopleService } from '../people/people.service.js';
import { StatusesService } from '../statuses/statuses.service.js';
import { TranslationsService } from '../translations/translations.service.js';
import { ProposalDto, ProposalPageDto } from './dto/proposal.dto.js';
import {
  ListProposalsQuery,
  ProposalEvidence,
  ProposeCaseDto,
  ProposeCorrectionDto,
  ProposeIncidentDto,
  ProposeProceedingDto,
  ProposeRetractionDto,
  ProposeStatusEntryDto,
  ProposeTranslationDto,
} from './dto/proposal.input.js';
import type { ProposalKind, ProposalTarget } from './proposal.enums.js';
import { OwnProposal, ProposalAlreadyReviewed, ProposalNotFound } from './proposals.errors.js';
import { NewProposal, ProposalsRepository } from './proposals.repository.js';

/** Thrown to roll back a trial run of a proposal; never leaves this service. */
class TrialRun extends Error {
  constructor(readonly result: object) {
    super('trial run');
  }
}

/** A proposal as stored: its kind, what it targets, and the input to apply. */
interface Filed {
  kind: ProposalKind;
  target: { type: ProposalTarget; id: string; field: string } | null;
  /**
   * Field name under which the input's own fields are reported (`incident.dateStart`); null when
   * they are the input's top-level fields.
   */
  prefix: string | null;
  payload: object;
  countryCode?: string | null;
}

/**
 * The review queue. Members file proposals; nothing in the record changes until a reviewer
 * accepts one, which applies it through the same services as a direct edit, in one transaction,
 * with every change linked to the proposal in the audit trail.
 */
@Injectable()
export class ProposalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly proposals: ProposalsRepository,
    private readonly cases: CasesService,
    private readonly incidents: IncidentsService,
    private readonly people: PeopleService,
    private readonly statuses: StatusesService,
    private readonly translations: TranslationsService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  proposeIncident(input: ProposeIncidentDto, actor: Principal): Promise<ProposalDto> {
    return this.file(input, actor, {
      kind: 'new_incident',
      target: null,
      prefix: 'incident',
      payload: input.incident,
      countryCode: input.incident.countryCode,
    });
  }

  proposeCase(input: ProposeCaseDto, actor: Principal): Promise<ProposalDto> {
    return this.file(input, actor, {
      kind: 'new_case',
      target: { type: 'incident', id: input.case.incidentId, field: 'case.incidentId' },
      prefix: 'case',
      payload: input.case,
    });
  }

  proposeStatusEntry(input: ProposeStatusEntryDto, actor: Principal): Promise<ProposalDto> {
    return this.file(input, actor, {
      kind: 'status_entry',
      target: { type: 'case', id: input.caseId, field: 'caseId' },
      prefix: 'entry',
      payload: input.entry,
    });
  }

  proposeProceeding(input: ProposeProceedingDto, actor: Principal): Promise<ProposalDto> {
    return this.file(input, actor, {
      kind: 'proceeding',
      target: { type: 'case', id: input.caseId, field: 'caseId' },
      prefix: 'proceeding',
      payload: input.proceeding,
    });
  }

  proposeCorrection(input: ProposeCorrectionDto, actor: Principal): Promise<ProposalDto> {
    const given = {
      case: input.caseChanges,
      incident: input.incidentChanges,
      person: input.personChanges,
    };
    const problems = new Problems();
    for (const [type, changes] of Object.entries(given)) {
      const field = `${type}Changes`;
      if (type === input.targetType)
        problems.check(
          Boolean(changes) && Object.keys(changes!).length > 0,
          field,
          `must name at least one change to the ${type}`,
        );
      else problems.check(!changes, field, `is only given when targetType is ${type}`);
    }
    problems.throwIfAny();
    return this.file(input, actor, {
      kind: 'correction',
      target: { type: input.targetType, id: input.targetId, field: 'targetId' },
      prefix: `${input.targetType}Changes`,
      payload: given[input.targetType]!,
    });
  }

  proposeRetraction(input: ProposeRetractionDto, actor: Principal): Promise<ProposalDto> {
    return this.file(input, actor, {
      kind: 'retraction',
      target: { type: 'case', id: input.caseId, field: 'caseId' },
      prefix: 'reason',
      payload: { reason: input.reason },
    });
  }

  proposeTranslation(input: ProposeTranslationDto, actor: Principal): Promise<ProposalDto> {
    return this.file({ evidenceLinks: input.evidenceLinks ?? [], note: input.note }, actor, {
      kind: 'translation',
      target: { type: 'incident', id: input.incidentId, field: 'incidentId' },
      prefix: null,
      payload: { language: input.language, description: input.description },
    });
  }

  /**
   * Files a proposal after a trial run: it is applied through the services in a transaction that
   * is then rolled back, so that a proposal that could never be accepted is refused now, with the
   * bad fields named, and the queue holds only what a reviewer can accept.
   */
  private async file(
    evidence: ProposalEvidence,
    actor: Principal,
    filed: Filed,
  ): Promise<ProposalDto> {
    let baseVersion: number | null = null;
    let countryCode = filed.countryCode ?? null;
    if (filed.target) {
      const target = await this.proposals.target(filed.target.type, filed.target.id);
      if (!target)
        throw InvalidInput.field(
          filed.target.field,
          `${filed.target.id} is not a known ${filed.target.type}`,
        );
      countryCode = target.countryCode;
      if (filed.kind !== 'new_case') baseVersion = target.version;
    }
    const stored: NewProposal = {
      kind: filed.kind,
      organisationId: actor.organisationId ?? null,
      memberId: actor.memberId ?? null,
      submittedBy: actor.label,
      countryCode,
      targetType: filed.kind === 'new_case' ? null : (filed.target?.type ?? null),
      targetId: filed.kind === 'new_case' ? null : (filed.target?.id ?? null),
      baseVersion,
      payload: filed.payload,
      evidenceLinks: evidence.evidenceLinks,
      note: evidence.note ?? null,
    };
    await this.trial(stored, actor, filed.prefix);
    return this.dataSource.transaction(async (manager) => {
      const id = await this.proposals.insert(manager, stored);
      const proposal = (await this.proposals.find(id, manager))!;
      await this.audit.record(manager, actor, {
        entityType: 'proposal',
        entityId: id,
        action: 'create',
        after: proposal,
        note: `${filed.kind} proposed`,
      });
      await this.outbox.proposalChanged(manager, actor, proposal);
      return proposal;
    });
  }

  private async trial(
    proposal: NewProposal,
    actor: Principal,
    prefix: string | null,
  ): Promise<void> {
    try {
      await this.dataSource.transaction(async (manager) => {
        throw new TrialRun(await this.apply(proposal, actor, manager));
      });
    } catch (error) {
      if (error instanceof TrialRun) return;
      if (error instanceof InvalidInput)
        throw new InvalidInput(
          error.details.map((d) => ({
            ...d,
            field:
              prefix === null || prefix === 'reason' || d.field === 'caseId'
                ? d.field
                : `${prefix}.${d.field}`,
          })),
        );
      throw error;
    }
  }

  /** Applies a proposal through the services, in the given transaction. */
  private async apply(
    proposal: NewProposal | ProposalDto,
    actor: Principal,
    manager: EntityManager,
  ): Promise<object> {
    const payload = proposal.payload as never;
    const targetId = proposal.targetId!;
    switch (proposal.kind as ProposalKind) {
      case 'new_incident': {
        const incident = await this.incidents.create(payload, actor, manager);
        return { incidentId: incident.id, caseIds: incident.victims.map((v) => v.caseId) };
      }
      case 'new_case':
        return { caseId: (await this.cases.create(payload, actor, manager)).id };
      case 'status_entry': {
        const entry = await this.statuses.append(targetId, payload, actor, manager);
        return { caseId: targetId, statusEntryId: entry.id };
      }
      case 'proceeding': {
        const step = await this.statuses.addProceeding(targetId, payload, actor, manager);
        return { caseId: targetId, proceedingId: step.id };
      }
      case 'retraction': {
        const version = await this.currentVersion('case', targetId, manager);
        const { reason } = payload as { reason: string };
        await this.cases.retract(targetId, reason, actor, version, manager);
        return { caseId: targetId, version: version + 1 };
      }
      case 'translation': {
        const { language, description } = payload as { language: string; description: string };
        const translation = await this.translations.translate(
          targetId,
          language,
          description,
          actor,
          manager,
        );
        return { incidentId: targetId, language: translation.language };
      }
      case 'correction': {
        const type = proposal.targetType as ProposalTarget;
        // Applied to the record as it is now (under its row lock); baseVersion shows the reviewer
        // what the member saw, and the audit entry shows before and after.
        const version = await this.currentVersion(type, targetId, manager);
        if (type === 'case') await this.cases.update(targetId, payload, actor, version, manager);
        else if (type === 'incident')
          await this.incidents.update(targetId, payload, actor, version, manager);
        else await this.people.update(targetId, payload, actor, version, manager);
        return { [`${type}Id`]: targetId, version: version + 1 };
      }
    }
  }

  private async currentVersion(
    type: ProposalTarget,
    id: string,
    manager: EntityManager,
  ): Promise<number> {
    const target = await this.proposals.target(type, id, manager);
    if (!target) throw InvalidInput.field('targetId', `${id} is no longer a known ${type}`);
    return target.version;
  }

  /** The queue as the viewer may see it: a contributor sees its own organisation's proposals. */
  async list(query: ListProposalsQuery, viewer: Principal): Promise<ProposalPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    new Problems()
      .check(Number.isInteger(limit) && limit >= 1 && limit <= 200, 'limit', 'must be 1 to 200')
      .throwIfAny();
    const after = query.cursor ? (decodeCursor(query.cursor) as [string, string]) : undefined;
    const filter = canSeeConfidential(viewer)
      ? query
      : {
          ...query,
          organisationId: viewer.organisationId ?? '00000000-0000-0000-0000-000000000000',
        };
    if (
      !canSeeConfidential(viewer) &&
      query.organisationId &&
      query.organisationId !== viewer.organisationId
    )
      return {
        data: [],
        pageInfo: {
          nextCursor: null,
          hasNextPage: false,
          limit,
          total: query.withTotal ? 0 : null,
        },
      };
    const [rows, total] = await Promise.all([
      this.proposals.list(filter, limit, after),
      query.withTotal ? this.proposals.count(filter) : Promise.resolve(null),
    ]);
    const result = page(rows, limit, (r) => [r.sortKey, r.id], total);
    return { data: result.data.map(({ sortKey: _s, ...p }) => p), pageInfo: result.pageInfo };
  }

  async get(id: string, viewer: Principal): Promise<ProposalDto> {
    const proposal = await this.proposals.find(id);
    if (!proposal || !this.visible(proposal, viewer)) throw new ProposalNotFound(id);
    return proposal;
  }

  private visible(proposal: ProposalDto, viewer: Principal): boolean {
    return (
      canSeeConfidential(viewer) ||
      (proposal.organisationId !== null && proposal.organisationId === viewer.organisationId)
    );
  }

  /** Applies the proposal in one transaction with its review; it counts from then on. */
  async accept(id: string, note: string | null, reviewer: Principal): Promise<ProposalDto> {
    return this.review(id, reviewer, async (proposal, manager) => {
      const result = await this.apply(proposal, { ...reviewer, proposalId: id }, manager);
      return { status: 'accepted', note, result };
    });
  }

  async reject(id: string, reason: string, reviewer: Principal): Promise<ProposalDto> {
    return this.review(id, reviewer, () =>
      Promise.resolve({ status: 'rejected', note: reason, result: null }),
    );
  }

  private async review(
    id: string,
    reviewer: Principal,
    decide: (
      proposal: ProposalDto,
      manager: EntityManager,
    ) => Promise<{ status: 'accepted' | 'rejected'; note: string | null; result: object | null }>,
  ): Promise<ProposalDto> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.proposals.find(id, manager, true);
      if (!before || !this.visible(before, reviewer)) throw new ProposalNotFound(id);
      if (before.status !== 'pending') throw new ProposalAlreadyReviewed(id, before.status);
      if (this.filedBy(before, reviewer)) throw new OwnProposal();
      const decision = await decide(before, manager);
      await this.proposals.markReviewed(manager, id, {
        ...decision,
        reviewerMemberId: reviewer.memberId ?? null,
        reviewedBy: reviewer.label,
      });
      const after = (await this.proposals.find(id, manager))!;
      await this.audit.record(manager, reviewer, {
        entityType: 'proposal',
        entityId: id,
        action: decision.status === 'accepted' ? 'accept' : 'reject',
        before,
        after,
        note: decision.note ?? undefined,
      });
      await this.outbox.proposalChanged(manager, reviewer, after);
      return after;
    });
  }

  /** The bootstrap admin has no member id: its own proposals are those filed under its label. */
  private filedBy(proposal: ProposalDto, reviewer: Principal): boolean {
    return reviewer.memberId
      ? proposal.memberId === reviewer.memberId
      : proposal.memberId === null && proposal.submittedBy === reviewer.label;
  }
}
