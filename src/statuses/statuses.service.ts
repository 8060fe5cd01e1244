import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { canSeeConfidential, type Principal } from '../common/auth/principal.js';
import { OutboxService } from '../events/outbox.service.js';
import { Problems, todayIso } from '../common/errors/problems.js';
import {
  CaseStatusDto,
  CpjComparisonDto,
  ProceedingDto,
  ProceedingsDto,
  StatusEntryDto,
} from './dto/status.dto.js';
import { ProceedingInput, StatusEntryInput, StatusQuery } from './dto/status.input.js';
import { knownInstant, STATUS_WHEN_NO_ENTRY } from './status-sql.js';
import { Scheme, STATUSES_BY_SCHEME } from './status.enums.js';
import { CaseMerged, CaseMoved } from '../cases/cases.errors.js';
import { StatusCaseNotFound } from './statuses.errors.js';
import { StatusesRepository } from './statuses.repository.js';

@Injectable()
export class StatusesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly statuses: StatusesRepository,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  /** The history as the viewer may see it: unpublished state answers only for those allowed. */
  async history(
    caseId: string,
    scheme: Scheme | undefined,
    viewer: Principal,
  ): Promise<StatusEntryDto[]> {
    await this.assertCase(caseId);
    return this.statuses.history([caseId], scheme, canSeeConfidential(viewer));
  }

  /** Checks a status query's dates: asOf not in the future; knownAsOf a real instant. */
  checkQuery(query: StatusQuery): void {
    const problems = new Problems();
    if (query.asOf)
      problems.check(
        !Number.isNaN(Date.parse(query.asOf)) && query.asOf <= todayIso(),
        'asOf',
        'must be a real date, not in the future',
      );
    if (query.knownAsOf)
      problems.check(
        !Number.isNaN(Date.parse(knownInstant(query.knownAsOf)!)),
        'knownAsOf',
        'must be a real date or instant',
      );
    problems.throwIfAny();
  }

  async statusOf(caseId: string, query: StatusQuery, viewer: Principal): Promise<CaseStatusDto> {
    this.checkQuery(query);
    await this.assertCase(caseId);
    return (await this.statusesOf([caseId], query, canSeeConfidential(viewer)))[0];
  }

  /** Status of several cases under one query; what the GraphQL loader batches into. */
  async statusesOf(
    caseIds: readonly string[],
    query: StatusQuery,
    confidential: boolean,
  ): Promise<CaseStatusDto[]> {
    const scheme = query.scheme ?? 'unesco';
    const asOf = query.asOf ?? todayIso();
    const rows = await this.statuses.statusesAt(
      caseIds,
      scheme,
      asOf,
      knownInstant(query.knownAsOf),
      confidential,
    );
    const byCase = new Map(rows.map((r) => [r.caseId, r]));
    return caseIds.map((id) => ({
      scheme,
      status: byCase.get(id)?.status ?? STATUS_WHEN_NO_ENTRY[scheme],
      entry: byCase.get(id)?.entry ?? null,
      asOf,
      knownAsOf: query.knownAsOf ?? null,
    }));
  }

  /**
   * Appends an entry. The history is never changed: a correction is a new entry that names the one
   * it supersedes, and both stay visible.
   */
  async append(
    caseId: string,
    input: StatusEntryInput,
    actor: Principal,
    manager?: EntityManager,
  ): Promise<StatusEntryDto> {
    const problems = new Problems();
    problems.check(
      STATUSES_BY_SCHEME[input.scheme].includes(input.status),
      'status',
      `must be one of ${STATUSES_BY_SCHEME[input.scheme].join(', ')} for the ${input.scheme} scheme`,
    );
    problems.check(input.effectiveDate <= todayIso(), 'effectiveDate', 'must not be in the future');
    problems.check(
      !input.resolutionReason || input.status === 'resolved',
      'resolutionReason',
      'is only given with status resolved',
    );
    problems.throwIfAny();
    return this.inTransaction(manager, async (manager) => {
      const target = await this.statuses.lockCase(caseId, manager);
      if (!target) throw new StatusCaseNotFound(caseId);
      if (target.mergedInto) throw new CaseMerged(caseId, target.mergedInto);
      // A correction is recorded for the case that holds the entry it corrects (one merged into this one).
      let recordFor = caseId;
      const later = new Problems();
      later.check(
        !target.retracted,
        'caseId',
        'the case has been retracted; its status can no longer change',
      );
      if (input.supersedes) {
        // A confidential entry is, to whoever may not see it, an entry that does not exist.
        const sees = canSeeConfidential(actor);
        const found = await this.statuses.entry(input.supersedes, manager);
        const earlier = found && (sees || !found.confidential) ? found : undefined;
        later.check(Boolean(earlier), 'supersedes', `${input.supersedes} is not a status entry`);
        if (earlier) {
          if (earlier.ownerCaseId === caseId) recordFor = earlier.caseId;
          later.check(
            earlier.ownerCaseId === caseId && earlier.scheme === input.scheme,
            'supersedes',
            'must be an entry of the same case and scheme',
          );
          later.check(
            !earlier.supersededById,
            'supersedes',
            sees || !earlier.supersededByConfidential
              ? `entry ${input.supersedes} was already corrected by entry ${earlier.supersededById}`
              : `entry ${input.supersedes} was already corrected`,
          );
        }
      }
      later.throwIfAny();
      const entry = await this.statuses.append(manager, recordFor, input, actor.label);
      await this.audit.record(manager, actor, {
        entityType: 'case',
        entityId: caseId,
        action: 'update',
        after: { statusEntry: entry },
        note: `status ${entry.scheme}: ${entry.status}`,
      });
      await this.outbox.statusRecorded(manager, actor, entry);
      return entry;
    });
  }

  async proceedings(caseId: string, asOf?: string): Promise<ProceedingsDto> {
    await this.assertCase(caseId);
    const [data, [cpj]] = await Promise.all([
      this.statuses.proceedings([caseId]),
      this.cpjComparisons([caseId], asOf),
    ]);
    return { data, cpj };
  }

  /** The proceedings of several cases (for cases known to exist). */
  proceedingsOf(caseIds: readonly string[]): Promise<ProceedingDto[]> {
    return this.statuses.proceedings(caseIds);
  }

  cpjComparisons(
    caseIds: readonly string[],
    asOf?: string,
  ): Promise<(CpjComparisonDto & { caseId: string })[]> {
    return this.statuses.cpjComparisons(caseIds, asOf ?? todayIso());
  }

  async addProceeding(
    caseId: string,
    input: ProceedingInput,
    actor: Principal,
    manager?: EntityManager,
  ): Promise<ProceedingDto> {
    new Problems()
      .check(input.stepDate <= todayIso(), 'stepDate', 'must not be in the future')
      .throwIfAny();
    return this.inTransaction(manager, async (manager) => {
      const target = await this.statuses.lockCase(caseId, manager);
      if (!target) throw new StatusCaseNotFound(caseId);
      if (target.mergedInto) throw new CaseMerged(caseId, target.mergedInto);
      new Problems().check(!target.retracted, 'caseId', 'the case has been retracted').throwIfAny();
      const proceeding = await this.statuses.addProceeding(manager, caseId, input, actor.label);
      await this.audit.record(manager, actor, {
        entityType: 'case',
        entityId: caseId,
        action: 'update',
        after: { proceeding },
        note: `proceeding: ${proceeding.step}`,
      });
      await this.outbox.proceedingAdded(manager, actor, proceeding);
      return proceeding;
    });
  }

  /** Joins the caller's transaction (accepting a proposal) or opens one. */
  private inTransaction<T>(
    manager: EntityManager | undefined,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /** The case exists and answers for itself (a merged case's reads are the survivor's). */
  private async assertCase(caseId: string): Promise<void> {
    const found = await this.statuses.caseRef(caseId);
    if (!found) throw new StatusCaseNotFound(caseId);
    if (found.mergedInto) throw new CaseMoved(caseId, found.mergedInto);
  }
}
