import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../common/auth/principal.js';
import { InvalidInput } from '../common/errors/domain-error.js';
import { decodeCursor, page, pageLimit } from '../common/pagination/cursor.js';
import { DuplicatePairNotFound } from './duplicates.errors.js';
import {
  CandidateRow,
  DuplicatesRepository,
  PairRow,
  RecordFacts,
} from './duplicates.repository.js';
import {
  DuplicateCandidateDto,
  DuplicatePairDto,
  DuplicatePairPageDto,
} from './dto/duplicate.dto.js';
import { DuplicatePairInput, ListDuplicatesQuery } from './dto/duplicate.input.js';

/**
 * Whether a candidate is confident enough to be taken as the same killing without a reviewer:
 * the same name (across scripts through a transliteration), the same country and dates that
 * agree, and a name that identifies someone.
 */
export function isConfidentMatch(reasons: readonly string[], score: number): boolean {
  const sameName =
    reasons.includes('same_person') ||
    reasons.includes('same_name') ||
    reasons.some((r) => r.startsWith('similar_name:') && Number(r.split(':')[1]) >= 0.9);
  const datesAgree = reasons.includes('same_date') || reasons.includes('dates_overlap');
  return sameName && datesAgree && !reasons.includes('unidentified_name') && score >= 0.9;
}

/**
 * Likely duplicates: found when a case is created (in its transaction), listed for review with
 * their score and reasons, and kept apart for good when a reviewer says they are not the same.
 */
@Injectable()
export class DuplicatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly duplicates: DuplicatesRepository,
    private readonly audit: AuditService,
  ) {}

  /** Records the candidates of newly created cases (in the creating transaction). */
  detect(manager: EntityManager, caseIds: readonly string[]): Promise<CandidateRow[]> {
    return this.duplicates.detect(manager, caseIds);
  }

  /**
   * For records about to be stored (an import's rows), the stored case each one matches with
   * confidence (isConfidentMatch), when it matches exactly one; the others are left out.
   */
  async confidentMatches(
    manager: EntityManager,
    records: readonly RecordFacts[],
  ): Promise<Map<string, string>> {
    const ids = new Set(records.map((r) => r.id));
    const found = new Map<string, string[]>();
    for (const row of await this.duplicates.scoreRecords(manager, records)) {
      if (!isConfidentMatch(row.reasons, Number(row.score))) continue;
      const [record, other] = ids.has(row.case_a)
        ? [row.case_a, row.case_b]
        : [row.case_b, row.case_a];
      found.set(record, [...(found.get(record) ?? []), other]);
    }
    return new Map(
      [...found].filter(([, cases]) => new Set(cases).size === 1).map(([id, [c]]) => [id, c]),
    );
  }

  /** The open candidates of these cases, described for the answer to their creation. */
  async candidatesOf(
    caseIds: readonly string[],
    manager?: EntityManager,
  ): Promise<DuplicateCandidateDto[]> {
    const rows = await this.duplicates.openFor(caseIds, manager);
    const summaries = new Map(
      (
        await this.duplicates.summaries(
          rows.map((r) => r.candidateCaseId),
          manager,
        )
      ).map((s) => [s.id, s]),
    );
    return rows.map((row) => {
      const other = summaries.get(row.candidateCaseId);
      return {
        caseId: row.caseId,
        candidateCaseId: row.candidateCaseId,
        candidateName: other?.fullName ?? '',
        candidateDate: other?.dateStart ?? null,
        candidateCountry: other?.countryCode ?? '',
        score: row.score,
        reasons: row.reasons,
        status: row.status,
      };
    });
  }

  async list(query: ListDuplicatesQuery): Promise<DuplicatePairPageDto> {
    const limit = pageLimit(query.limit);
    const after = query.cursor
      ? (decodeCursor(query.cursor, ['text', 'uuid', 'uuid']) as [string, string, string])
      : undefined;
    if (after && !/^[01](\.\d{1,3})?$/.test(after[0]))
      throw InvalidInput.field('cursor', 'is not a cursor this API returned');
    const rows = await this.duplicates.list(
      query.status ?? 'open',
      limit + 1,
      after ? [Number(after[0]), after[1], after[2]] : undefined,
    );
    const result = page(rows, limit, (r) => [String(r.score), r.case_a, r.case_b], null);
    const data = await this.toPairDtos(result.data);
    return { data, pageInfo: result.pageInfo };
  }

  /** A reviewer keeps two cases apart: the pair is never proposed again. Audited on both cases. */
  async markNotTheSame(input: DuplicatePairInput, actor: Principal): Promise<DuplicatePairDto> {
    const [a, b] = [input.caseId, input.otherCaseId].sort();
    await this.dataSource.transaction(async (manager) => {
      const pair = await this.duplicates.find(manager, a, b, true);
      if (!pair) throw new DuplicatePairNotFound(input.caseId, input.otherCaseId);
      if (pair.status === 'not_same') return;
      await this.duplicates.decide(manager, a, b, 'not_same', actor.label);
      for (const [id, other] of [
        [a, b],
        [b, a],
      ])
        await this.audit.record(manager, actor, {
          entityType: 'case',
          entityId: id,
          action: 'update',
          before: { duplicateCandidate: { caseId: other, status: 'open' } },
          after: { duplicateCandidate: { caseId: other, status: 'not_same' } },
          note: `not the same killing as case ${other}`,
        });
    });
    const row = await this.duplicates.find(this.dataSource.manager, a, b);
    return (await this.toPairDtos([row!]))[0];
  }

  private async toPairDtos(rows: PairRow[]): Promise<DuplicatePairDto[]> {
    const names = new Map(
      (await this.duplicates.summaries(rows.flatMap((r) => [r.case_a, r.case_b]))).map((s) => [
        s.id,
        s.fullName,
      ]),
    );
    return rows.map((r) => ({
      caseA: r.case_a,
      nameA: names.get(r.case_a) ?? '',
      caseB: r.case_b,
      nameB: names.get(r.case_b) ?? '',
      score: Number(r.score),
      reasons: r.reasons,
      status: r.status,
      foundAt: r.foundAt,
      decidedBy: r.decidedBy,
      decidedAt: r.decidedAt,
    }));
  }
}
