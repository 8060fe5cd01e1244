import type { CaseRow } from './cases.repository.js';
import { CaseDto, ClassificationDto } from './dto/case.dto.js';

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
