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
  StatusEntryRef,
} from './dto/status.dto.js';
import { ProceedingInput, StatusEntryInput, StatusQuery } from './dto/status.input.js';
import { knownInstant, STATUS_WHEN_NO_ENTRY } from './status-sql.js';
import { Scheme, STATUSES_BY_SCHEME } from './status.enums.js';
import { CaseMerged, CaseMoved } from '../cases/cases.errors.js';
import { StatusCaseNotFound } from './statuses.errors.js';
import { StatusesRepository } from './statuses.repository.js';

/**
 * A case's current status for the public (asOf today, as known now) from its case_current_status
 * row (none: the scheme's status without entries), with a reference to the entry that sets it.
 */
export function currentStatus(
  caseId: string,
  scheme: Scheme,
  row: { status: string | null; entryId: string | null } | null | undefined,
  asOf: string,
): CaseStatusDto {
  return {
    scheme,
    status: row?.status ?? STATUS_WHEN_NO_ENTRY[scheme],
    entryRef: { caseId, scheme, asOf, confidential: false, entryId: row?.entryId ?? null },
    asOf,
    knownAsOf: null,
  };
}

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

  /**
   * Status of several cases under one query, each with the entry that sets it (`withEntries`) or
   * with a reference to read that entry later (GraphQL reads it only when it is asked for). The
   * status as known now comes from the maintained tables: today's for the public from
   * case_current_status, on another date (or counting confidential entries) from
   * case_status_periods; "as known at" an earlier instant walks the history.
   */
  async statusesOf(
    caseIds: readonly string[],
    query: StatusQuery,
    confidential: boolean,
    withEntries = true,
  ): Promise<CaseStatusDto[]> {
    const scheme = query.scheme ?? 'unesco';
    const asOf = query.asOf ?? todayIso();
    const known = knownInstant(query.knownAsOf);
    const answer = (
      status: string | null | undefined,
      entry: StatusEntryDto | null | undefined,
      entryRef?: StatusEntryRef,
    ): CaseStatusDto => ({
      scheme,
      status: status ?? STATUS_WHEN_NO_ENTRY[scheme],
      ...(entry === undefined ? { entryRef } : { entry }),
      asOf,
      knownAsOf: query.knownAsOf ?? null,
    });
    if (known) {
      const rows = await this.statuses.statusesAt(caseIds, scheme, asOf, known, confidential);
      const byCase = new Map(rows.map((r) => [r.caseId, r]));
      return caseIds.map((id) => answer(byCase.get(id)?.status, byCase.get(id)?.entry ?? null));
    }
    const ref = (caseId: string, entryId?: string | null): StatusEntryRef => ({
      caseId,
      scheme,
      asOf,
      confidential,
      entryId,
    });
    if (!query.asOf && !confidential) {
      const current = new Map(
        (await this.statuses.currentStatuses(caseIds))
          .filter((r) => r.scheme === scheme)
          .map((r) => [r.caseId, r]),
      );
      const entries = withEntries
        ? await this.entriesOf(caseIds.map((id) => ref(id, current.get(id)?.entryId ?? null)))
        : undefined;
      return caseIds.map((id, i) =>
        answer(current.get(id)?.status, entries?.[i], ref(id, current.get(id)?.entryId ?? null)),
      );
    }
    const on = new Map(
      (await this.statuses.statusesOn(caseIds, scheme, asOf, confidential)).map((r) => [
        r.caseId,
        r.status,
      ]),
    );
    const entries = withEntries ? await this.entriesOf(caseIds.map((id) => ref(id))) : undefined;
    return caseIds.map((id, i) => answer(on.get(id), entries?.[i], ref(id)));
  }

  /**
   * The public's current status of cases in both schemes (case_current_status), with references
   * to the entries that set them; what GraphQL's Case.status without arguments batches into.
   */
  async currentStatusesOf(caseIds: readonly string[]): Promise<Record<Scheme, CaseStatusDto>[]> {
    const asOf = todayIso();
    const found = new Map<string, { status: string | null; entryId: string | null }>();
    for (const row of await this.statuses.currentStatuses(caseIds))
      found.set(`${row.caseId}|${row.scheme}`, row);
    const statusIn = (caseId: string, scheme: Scheme) =>
      currentStatus(caseId, scheme, found.get(`${caseId}|${scheme}`), asOf);
    return caseIds.map((id) => ({ unesco: statusIn(id, 'unesco'), cpj: statusIn(id, 'cpj') }));
  }

  /**
   * The entries that statuses found without them refer to: by id when known (current statuses),
   * otherwise the entry that sets the status on its date as known now (status_entry_at).
   */
  async entriesOf(refs: readonly StatusEntryRef[]): Promise<(StatusEntryDto | null)[]> {
    const results = new Array<StatusEntryDto | null>(refs.length).fill(null);
    const groups = new Map<string, number[]>();
    refs.forEach((ref, i) => {
      if (ref.entryId === null) return; // the status has no entry
      const key =
        ref.entryId === undefined
          ? JSON.stringify([ref.scheme, ref.asOf, ref.confidential])
          : JSON.stringify([ref.confidential]);
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    for (const indexes of groups.values()) {
      const first = refs[indexes[0]];
      const rows =
        first.entryId === undefined
          ? await this.statuses.entriesAt(
              indexes.map((i) => refs[i].caseId),
              first.scheme,
              first.asOf,
              null,
              first.confidential,
            )
          : await this.statuses.entriesById(
              indexes.map((i) => refs[i].entryId!),
              first.confidential,
            );
      const byKey = new Map(
        rows.map((e) => [first.entryId === undefined ? e.caseId : e.id, e] as const),
      );
      for (const i of indexes)
        results[i] =
          byKey.get(first.entryId === undefined ? refs[i].caseId : refs[i].entryId!) ?? null;
    }
    return results;
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
