import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth/principal.js';
import type { NewEvent } from './event.types.js';
import { CaseCategories, EventsRepository } from './events.repository.js';

/** Fields that change with every write and tell nothing on their own. */
const BOOKKEEPING = new Set(['version', 'updatedAt']);

/**
 * The fields that differ between two snapshots of a record, before and after, keyed by field, so
 * that confidential fields keep their name and are removed for viewers who may not see them.
 */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const changes = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (BOOKKEEPING.has(key)) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changes.before[key] = before[key] ?? null;
      changes.after[key] = after[key] ?? null;
    }
  }
  return changes;
}

type Row = Record<string, unknown>;
/** A DTO as services hold it (any object; read here by its fields). */
type Snapshot = object;

/**
 * Records events in the transaction of the change they tell of (a transactional outbox): a
 * rolled-back change leaves none, a committed one always leaves its own. Each service calls one
 * method here with its transaction's EntityManager; `record` takes any event (releases use it).
 */
@Injectable()
export class OutboxService {
  constructor(private readonly events: EventsRepository) {}

  /** Records events in the caller's transaction. */
  async record(manager: EntityManager, actor: Principal, events: NewEvent[]): Promise<void> {
    await this.events.insert(manager, events, actor);
    markForDispatch(manager);
  }

  async caseCreated(
    manager: EntityManager,
    actor: Principal,
    created: Snapshot & { id: string },
  ): Promise<void> {
    const [categories] = await this.events.caseCategories(manager, [String(created.id)]);
    await this.record(manager, actor, [
      this.caseEvent('case.created', categories, { case: created }),
    ]);
  }

  /** An update or a retraction of a case, with the fields it changed. */
  async caseChanged(
    manager: EntityManager,
    actor: Principal,
    action: 'update' | 'retract',
    before: Snapshot,
    after: Snapshot & { id: string; retractionReason?: string | null },
  ): Promise<void> {
    const [categories] = await this.events.caseCategories(manager, [after.id]);
    await this.record(manager, actor, [
      this.caseEvent(action === 'retract' ? 'case.retracted' : 'case.updated', categories, {
        case: after,
        changes: changedFields(before as Row, after as Row),
        ...(action === 'retract' ? { reason: after.retractionReason ?? null } : {}),
      }),
    ]);
  }

  /** A change of an incident is a change of each of its cases (country, date, types…). */
  async incidentChanged(
    manager: EntityManager,
    actor: Principal,
    before: Snapshot,
    after: Snapshot & { id: string },
  ): Promise<void> {
    const caseIds = await this.events.casesOfIncident(manager, after.id);
    const changes = changedFields(before as Row, after as Row);
    const categories = await this.events.caseCategories(manager, caseIds);
    await this.record(
      manager,
      actor,
      categories.map((c) =>
        this.caseEvent('case.updated', c, {
          caseId: c.caseId,
          incidentId: after.id,
          incidentChanges: changes,
        }),
      ),
    );
  }

  /**
   * Two cases made one (or made two again): a case.updated event for each, the absorbed case's
   * with its `mergedInto` before and after.
   */
  async casesMerged(
    manager: EntityManager,
    actor: Principal,
    merge: { survivorId: string; absorbedId: string; merged: boolean },
  ): Promise<void> {
    const { survivorId, absorbedId, merged } = merge;
    const categories = await this.events.caseCategories(manager, [absorbedId, survivorId]);
    const of = (id: string) => categories.find((c) => c.caseId === id);
    await this.record(manager, actor, [
      this.caseEvent('case.updated', of(absorbedId), {
        caseId: absorbedId,
        changes: {
          before: { mergedInto: merged ? null : survivorId },
          after: { mergedInto: merged ? survivorId : null },
        },
      }),
      this.caseEvent('case.updated', of(survivorId), {
        caseId: survivorId,
        [merged ? 'merged' : 'unmerged']: { absorbedId },
      }),
    ]);
  }

  async statusRecorded(
    manager: EntityManager,
    actor: Principal,
    entry: Snapshot & { caseId: string; confidential: boolean },
  ): Promise<void> {
    const [categories] = await this.events.caseCategories(manager, [entry.caseId]);
    await this.record(manager, actor, [
      this.caseEvent(
        'status.recorded',
        categories,
        { caseId: entry.caseId, entry },
        entry.confidential ? 'reviewers' : 'public',
      ),
    ]);
  }

  async proceedingAdded(
    manager: EntityManager,
    actor: Principal,
    proceeding: Snapshot & { caseId: string },
  ): Promise<void> {
    const [categories] = await this.events.caseCategories(manager, [proceeding.caseId]);
    await this.record(manager, actor, [
      this.caseEvent('proceeding.added', categories, { caseId: proceeding.caseId, proceeding }),
    ]);
  }

  /**
   * A proposal filed, accepted or rejected: told to its organisation and to reviewers, never to
   * the public (what an accepted one changes is told by the events of that change).
   */
  async proposalChanged(
    manager: EntityManager,
    actor: Principal,
    proposal: Snapshot & {
      id: string;
      status: string;
      kind: string;
      countryCode: string | null;
      organisationId: string | null;
      targetType: string | null;
      targetId: string | null;
      payload: unknown;
    },
  ): Promise<void> {
    const payload = (proposal.payload ?? {}) as { incidentId?: string; attackTypes?: string[] };
    let attackTypes: readonly string[] = [];
    let monitors: readonly string[] = [];
    let countryCode = proposal.countryCode;
    if (proposal.targetType === 'case' && proposal.targetId) {
      const [c] = await this.events.caseCategories(manager, [proposal.targetId]);
      ({ attackTypes, monitors } = c ?? { attackTypes: [], monitors: [] });
      countryCode ??= c?.countryCode ?? null;
    } else if (proposal.targetType === 'incident' || payload.incidentId) {
      const incident = await this.events.incidentCategories(
        manager,
        proposal.targetId ?? payload.incidentId!,
      );
      attackTypes = incident?.attackTypes ?? [];
      countryCode ??= incident?.countryCode ?? null;
    } else if (Array.isArray(payload.attackTypes)) {
      attackTypes = payload.attackTypes;
    }
    const type =
      proposal.status === 'accepted'
        ? 'proposal.accepted'
        : proposal.status === 'rejected'
          ? 'proposal.rejected'
          : 'proposal.submitted';
    await this.record(manager, actor, [
      {
        type,
        subject: { type: 'proposal', id: proposal.id },
        countryCode,
        attackTypes,
        monitors,
        organisationId: proposal.organisationId,
        visibility: 'organisation',
        changesData: type === 'proposal.accepted',
        data: { proposal },
      },
    ]);
  }

  /**
   * A state's answer to a DG request: one event for the answer, and one status event for each
   * case it reports on. An answer the state did not ask to publish is told to reviewers only.
   */
  async stateAnswerRecorded(
    manager: EntityManager,
    actor: Principal,
    answer: {
      requestId: string;
      responseId: string;
      cycleYear: number;
      countryCode: string;
      receivedOn: string;
      publicationRequested: boolean;
    },
  ): Promise<void> {
    const visibility = answer.publicationRequested ? 'public' : 'reviewers';
    const entries = await this.events.entriesOfAnswer(manager, answer.responseId);
    const categories = await this.events.caseCategories(
      manager,
      entries.map((e) => e.caseId),
    );
    const byCase = new Map(categories.map((c) => [c.caseId, c]));
    await this.record(manager, actor, [
      {
        type: 'state_answer.recorded',
        subject: { type: 'dg_request', id: answer.requestId },
        countryCode: answer.countryCode,
        visibility,
        changesData: true,
        data: { ...answer, cases: entries.map((e) => ({ caseId: e.caseId, status: e.status })) },
      },
      ...entries.map((entry) =>
        this.caseEvent(
          'status.recorded',
          byCase.get(entry.caseId),
          { caseId: entry.caseId, entry },
          visibility,
        ),
      ),
    ]);
  }

  /**
   * An import's data committed: one event with its counts, for reviewers and administrators. The
   * rows it wrote advance the dataset revision themselves; an import that changed nothing (a
   * re-import) leaves it where it was.
   */
  async importFinished(
    manager: EntityManager,
    actor: Principal,
    job: { id: string; format: string; counts: Record<string, number> },
  ): Promise<void> {
    await this.record(manager, actor, [
      {
        type: 'import.finished',
        subject: { type: 'import', id: job.id },
        visibility: 'reviewers',
        changesData: false,
        data: { importId: job.id, format: job.format, counts: job.counts },
      },
    ]);
  }

  /** A release of the public data published (a dated, immutable snapshot). */
  async releasePublished(
    manager: EntityManager,
    actor: Principal,
    release: Snapshot & { id: string },
  ): Promise<void> {
    await this.record(manager, actor, [
      {
        type: 'release.published',
        subject: { type: 'release', id: release.id },
        visibility: 'public',
        changesData: false,
        data: { release },
      },
    ]);
  }

  private caseEvent(
    type: NewEvent['type'],
    categories: CaseCategories | undefined,
    data: Row,
    visibility: NewEvent['visibility'] = 'public',
  ): NewEvent {
    const caseId = String(categories?.caseId ?? data.caseId ?? (data.case as Row)?.id);
    return {
      type,
      subject: { type: 'case', id: caseId },
      countryCode: categories?.countryCode ?? null,
      attackTypes: categories?.attackTypes ?? [],
      monitors: categories?.monitors ?? [],
      visibility,
      changesData: true,
      data,
    };
  }
}

/** Transactions that recorded events wake this process's dispatcher when they commit. */
export const OUTBOX_MARK = 'outboxEvents';

function markForDispatch(manager: EntityManager): void {
  const runner = manager.queryRunner;
  if (runner) runner.data = { ...(runner.data ?? {}), [OUTBOX_MARK]: true };
}
