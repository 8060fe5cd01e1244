import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { CaseMerged, CaseRetracted } from '../cases/cases.errors.js';
import type { Principal } from '../common/auth/principal.js';
import {
  CONFIDENTIAL_FIELDS,
  type ConfidentialField,
} from '../common/confidentiality/confidential.js';
import { InvalidInput } from '../common/errors/domain-error.js';
import { OutboxService } from '../events/outbox.service.js';
import { CaseMergeDto, MergeCasesInput, UndoCaseMergeInput } from './dto/case-merge.dto.js';
import {
  DuplicatePairNotFound,
  MergeClash,
  MergedDetailsTooLong,
  MergeNotFound,
  MergeNotUndoable,
} from './duplicates.errors.js';
import { CandidateRow, DuplicatesRepository } from './duplicates.repository.js';
import { ConfidentialTexts, MergesRepository, MovedRows } from './merges.repository.js';

/** A merge as the audit trail keeps it: enough to undo it exactly. */
interface MergeRecord {
  survivorId: string;
  absorbedId: string;
  /** The candidate pair's decision before the merge, restored by an undo. */
  pair: { status: CandidateRow['status']; decidedBy: string | null; decidedAt: string | null };
  moved: MovedRows;
  /** Monitors whose classification stayed with the absorbed case (the survivor kept its own). */
  keptApart?: string[];
  /** The survivor's confidential texts before the absorbed case's were added to them. */
  survivorBefore?: { confidentialDetails: ConfidentialTexts };
}

/** The longest confidential text a case holds (as the column allows). */
const CONFIDENTIAL_TEXT_LIMIT = 20000;

/**
 * The survivor's confidential texts with the absorbed case's added (a text only one holds is
 * taken, a differing one is appended under a line naming the case), or null when nothing changes.
 */
function combineTexts(
  survivor: ConfidentialTexts,
  absorbed: ConfidentialTexts,
  absorbedId: string,
): ConfidentialTexts | null {
  const combined = { ...survivor };
  let changed = false;
  for (const field of CONFIDENTIAL_FIELDS) {
    const [mine, theirs] = [survivor[field], absorbed[field]];
    if (theirs === null || theirs === mine) continue;
    combined[field] =
      mine === null ? theirs : `${mine}\n\n[From merged case ${absorbedId}]\n${theirs}`;
    if (combined[field]!.length > CONFIDENTIAL_TEXT_LIMIT)
      throw new MergedDetailsTooLong(field, CONFIDENTIAL_TEXT_LIMIT);
    changed = true;
  }
  return changed ? combined : null;
}

const sameTexts = (a: ConfidentialTexts, b: ConfidentialTexts) =>
  CONFIDENTIAL_FIELDS.every((f: ConfidentialField) => a[f] === b[f]);

const isMergeRecord = (value: unknown): value is MergeRecord =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as MergeRecord).survivorId === 'string' &&
  typeof (value as MergeRecord).absorbedId === 'string' &&
  typeof (value as MergeRecord).moved === 'object';

/**
 * Merging a candidate pair into one case, and undoing a merge from its audit entry. The absorbed
 * case is kept, marked as merged into the survivor; its movable rows go to the survivor and its
 * status history (append-only) counts for the survivor from where it is.
 */
@Injectable()
export class MergesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly duplicates: DuplicatesRepository,
    private readonly merges: MergesRepository,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async merge(input: MergeCasesInput, actor: Principal): Promise<CaseMergeDto> {
    const { caseId, otherCaseId, survivorId } = input;
    if (caseId === otherCaseId)
      throw InvalidInput.field('otherCaseId', 'must be another case than caseId');
    if (survivorId !== caseId && survivorId !== otherCaseId)
      throw InvalidInput.field('survivorId', 'must be caseId or otherCaseId');
    const absorbedId = survivorId === caseId ? otherCaseId : caseId;
    const [a, b] = [caseId, otherCaseId].sort();
    return this.dataSource.transaction(async (manager) => {
      const pair = await this.duplicates.find(manager, a, b, true);
      if (!pair) throw new DuplicatePairNotFound(caseId, otherCaseId);
      for (const found of await this.merges.lockCases(manager, [a, b])) {
        if (found.mergedInto) throw new CaseMerged(found.id, found.mergedInto);
        if (found.retracted) throw new CaseRetracted(found.id);
      }
      const both = await this.merges.clashes(manager, survivorId, absorbedId);
      const keptApart = input.keepSurvivorClassifications
        ? both.filter((c) => c.field === 'classifications').map((c) => c.value)
        : [];
      const clashes = both.filter((c) => !(c.field === 'classifications' && keptApart.length));
      if (clashes.length > 0) throw new MergeClash(clashes);
      const texts = await this.merges.confidentialTexts(manager, [survivorId, absorbedId]);
      const combined = combineTexts(texts.get(survivorId)!, texts.get(absorbedId)!, absorbedId);

      const before = await this.duplicates.decision(manager, a, b);
      const moved = await this.merges.moveAll(manager, absorbedId, survivorId);
      if (combined) await this.merges.setConfidentialTexts(manager, survivorId, combined);
      await this.merges.setMergedInto(manager, absorbedId, survivorId, survivorId);
      await this.merges.refreshStatuses(manager, [survivorId, absorbedId, ...moved.cases]);
      await this.duplicates.decide(manager, a, b, 'merged', actor.label);
      const record: MergeRecord = {
        survivorId,
        absorbedId,
        pair: before,
        moved,
        keptApart,
        ...(combined ? { survivorBefore: { confidentialDetails: texts.get(survivorId)! } } : {}),
      };
      const auditEntryId = await this.audit.record(manager, actor, {
        entityType: 'case',
        entityId: absorbedId,
        action: 'update',
        before: { mergedInto: null },
        after: { mergedInto: survivorId, merge: record },
        note: `merged into case ${survivorId}`,
      });
      await this.audit.record(manager, actor, {
        entityType: 'case',
        entityId: survivorId,
        action: 'update',
        after: { merge: record },
        note: `case ${absorbedId} merged into this case (audit entry ${auditEntryId})`,
      });
      await this.outbox.casesMerged(manager, actor, { survivorId, absorbedId, merged: true });
      return toDto(record, auditEntryId, true);
    });
  }

  /** Undoes a merge named by its audit entry: both cases as they were, the pair back on the list. */
  async undo(input: UndoCaseMergeInput, actor: Principal): Promise<CaseMergeDto> {
    return this.dataSource.transaction(async (manager) => {
      const record = await this.mergeRecord(manager, input.auditEntryId);
      const { survivorId, absorbedId, moved } = record;
      const locked = new Map(
        (await this.merges.lockCases(manager, [survivorId, absorbedId])).map((c) => [c.id, c]),
      );
      if (locked.get(absorbedId)?.mergedInto !== survivorId)
        throw new MergeNotUndoable(
          `Case ${absorbedId} is not merged into case ${survivorId} any more: this merge was undone already`,
        );
      const later = locked.get(survivorId)?.mergedInto;
      if (later)
        throw new MergeNotUndoable(
          `Case ${survivorId} has since been merged into case ${later}: undo that merge first`,
        );

      await this.merges.moveBack(manager, moved, survivorId, absorbedId);
      await this.restoreTexts(manager, record);
      await this.merges.setMergedInto(manager, absorbedId, null, survivorId);
      await this.merges.refreshStatuses(manager, [survivorId, absorbedId, ...moved.cases]);
      const [a, b] = [survivorId, absorbedId].sort();
      await this.duplicates.restore(manager, a, b, record.pair);
      for (const [id, note] of [
        [absorbedId, `merge into case ${survivorId} undone (audit entry ${input.auditEntryId})`],
        [survivorId, `merge of case ${absorbedId} undone (audit entry ${input.auditEntryId})`],
      ])
        await this.audit.record(manager, actor, {
          entityType: 'case',
          entityId: id,
          action: 'update',
          before: id === absorbedId ? { mergedInto: survivorId } : undefined,
          after: { mergedInto: null, unmerge: { auditEntryId: input.auditEntryId } },
          note,
        });
      await this.outbox.casesMerged(manager, actor, { survivorId, absorbedId, merged: false });
      return toDto(record, input.auditEntryId, false);
    });
  }

  /**
   * Gives the survivor back its confidential texts of before the merge, unless they were edited
   * since (then they stay as edited: the absorbed case still holds its own).
   */
  private async restoreTexts(manager: EntityManager, record: MergeRecord): Promise<void> {
    const before = record.survivorBefore?.confidentialDetails;
    if (!before) return;
    const { survivorId, absorbedId } = record;
    const texts = await this.merges.confidentialTexts(manager, [survivorId, absorbedId]);
    const merged = combineTexts(before, texts.get(absorbedId)!, absorbedId);
    if (merged && sameTexts(merged, texts.get(survivorId)!))
      await this.merges.setConfidentialTexts(manager, survivorId, before);
  }

  private async mergeRecord(manager: EntityManager, auditEntryId: string): Promise<MergeRecord> {
    const entry = await this.audit.entry(manager, auditEntryId);
    const record = (entry?.after as { merge?: unknown } | null)?.merge;
    if (entry?.entityType !== 'case' || !isMergeRecord(record))
      throw new MergeNotFound(auditEntryId);
    return record;
  }
}

function toDto(record: MergeRecord, auditEntryId: string, merged: boolean): CaseMergeDto {
  return {
    survivorId: record.survivorId,
    absorbedId: record.absorbedId,
    merged,
    auditEntryId,
    classifications: record.moved.classifications.map((c) => c.monitor).sort(),
    classificationsKeptApart: [...(record.keptApart ?? [])].sort(),
    proceedings: record.moved.proceedings.length,
    unescoLedgerEntries:
      (record.moved.requests?.length ?? 0) + (record.moved.responses?.length ?? 0),
    confidentialDetailsAdded: record.survivorBefore !== undefined,
    sourceIdentities: record.moved.sources.map((s) => `${s.source}:${s.sourceKey}`).sort(),
    cases: record.moved.cases,
  };
}
