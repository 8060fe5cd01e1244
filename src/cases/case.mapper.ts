import type { ConfidentialDetailsDto } from '../common/confidentiality/confidential.js';
import type { CaseListRow, CaseRow } from './cases.repository.js';
import { CaseDto, ClassificationDto } from './dto/case.dto.js';
import type { CaseListItemDto } from './dto/case-page.dto.js';

/** Attaches each case's classifications and drops the internal sort key. */
export function toCaseDtos(
  rows: CaseRow[],
  classifications: (ClassificationDto & { caseId: string })[],
): CaseDto[] {
  const byCase = new Map<string, ClassificationDto[]>();
  for (const { caseId, ...classification } of classifications) {
    byCase.set(caseId, [...(byCase.get(caseId) ?? []), classification]);
  }
  return rows.map(({ sortDate: _sortDate, ...row }) => ({
    ...row,
    classifications: byCase.get(row.id) ?? [],
    confidentialDetails: null,
  }));
}

/**
 * The items of a page as PostgreSQL built them, their confidential details filled in for readers
 * allowed to see them (`details`; null otherwise).
 */
export function toCaseListItems(
  rows: CaseListRow[],
  details?: Map<string, ConfidentialDetailsDto>,
): CaseListItemDto[] {
  return rows.map(({ item }) => {
    if (details) item.confidentialDetails = details.get(item.id) ?? null;
    return item;
  });
}
