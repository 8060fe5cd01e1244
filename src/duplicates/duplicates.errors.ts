import { DomainError } from '../common/errors/domain-error.js';

export class DuplicatePairNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'duplicate_pair_not_found';

  constructor(caseId: string, otherCaseId: string) {
    super(`Cases ${caseId} and ${otherCaseId} are not a candidate pair`, [
      { field: 'otherCaseId', message: `${otherCaseId} is not a candidate for ${caseId}` },
    ]);
  }
}

/** Both cases hold what a case may hold once (a monitor's classification, a source's record). */
export class MergeClash extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'merge_clash';

  constructor(clashes: { field: string; value: string }[]) {
    const classifications = clashes.some((c) => c.field === 'classifications');
    super(
      `Both cases hold ${clashes.map((c) => `${c.field} ${c.value}`).join(', ')}: ${
        classifications && clashes.every((c) => c.field === 'classifications')
          ? 'merge with keepSurvivorClassifications true to keep the survivor’s (after editing it if the other is right)'
          : 'remove one of each'
      }, or keep the cases apart`,
      clashes.map((c) => ({ field: c.field, message: `both cases hold ${c.value}` })),
    );
  }
}

export class MergeNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'merge_not_found';

  constructor(auditEntryId: string) {
    super(`Audit entry ${auditEntryId} does not record a merge of two cases`, [
      { field: 'auditEntryId', message: `${auditEntryId} is not the audit entry of a merge` },
    ]);
  }
}

/** The merge was undone already, or the survivor has since been merged into another case. */
export class MergeNotUndoable extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'merge_not_undoable';

  constructor(message: string) {
    super(message, [{ field: 'auditEntryId', message }]);
  }
}

/** The survivor's and the absorbed case's confidential texts would be too long together. */
export class MergedDetailsTooLong extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'merge_clash';

  constructor(field: string, limit: number) {
    super(
      `Both cases hold ${field}, together longer than ${limit} characters: shorten one before merging`,
      [
        {
          field: `confidentialDetails.${field}`,
          message: `together longer than ${limit} characters`,
        },
      ],
    );
  }
}
