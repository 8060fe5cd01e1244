import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { CaseMerged, CaseRetracted } from '../cases/cases.errors.js';
import type { Principal } from '../common/auth/principal.js';
import { InvalidInput } from '../common/errors/domain-error.js';
import { CaseMergeDto, MergeCasesInput, UndoCaseMergeInput } from './dto/case-merge.dto.js';
import {
  DuplicatePairNotFound,
  MergeClash,
  MergeNotFound,
  MergeNotUndoable,
} from './duplicates.errors.js';
import { CandidateRow, DuplicatesRepository } from './duplicates.repository.js';
import { MergesRepository, MovedRows } from './merges.repository.js';

/** A merge as the audit trail keeps it: enough to undo it exactly. */
interface MergeRecord {
  survivorId: string;
  absorbedId: string;
  /** The candidate pair's decision before the merge, restored by an undo. */
  pair: { status: CandidateRow['status']; decidedBy: string | null; decidedAt: string | null };
  moved: MovedRows;
}

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
      const clashes = await this.merges.clashes(manager, survivorId, absorbedId);
      if (clashes.length > 0) throw new MergeClash(clashes);

      const before = await this.duplicates.decision(manager, a, b);
      const moved = await this.merges.moveAll(manager, absorbedId, survivorId);
      await this.merges.setMergedInto(manager, absorbedId, survivorId, survivorId);
      await this.merges.refreshStatuses(manager, [survivorId, absorbedId, ...moved.cases]);
      await this.duplicates.decide(manager, a, b, 'merged', actor.label);
      const record: MergeRecord = {
        survivorId,
        absorbedId,
        pair: before,
        moved,
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
      return toDto(record, input.auditEntryId, false);
    });
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
    proceedings: record.moved.proceedings.length,
    sourceIdentities: record.moved.sources.map((s) => `${s.source}:${s.sourceKey}`).sort(),
    cases: record.moved.cases,
  };
}
