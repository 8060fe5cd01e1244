import { DomainError } from '../errors/domain-error.js';

/**
 * The version a writer says it read: a number, `undefined` when it said nothing (REST without
 * If-Match), or `null` when it sent an entity tag that can match no version.
 */
export type ExpectedVersion = number | null | undefined;

export class VersionRequired extends DomainError {
  readonly kind = 'precondition_required';
  readonly code = 'version_required';

  constructor(what: string) {
    super(
      `Say which version of the ${what} you changed: send If-Match with the ETag of your GET (REST) or expectedVersion (GraphQL)`,
      [{ field: 'If-Match', message: 'is required' }],
    );
  }
}

export class StaleVersion extends DomainError {
  readonly kind = 'precondition_failed';
  readonly code = 'stale_version';

  constructor(what: string, id: string, current: number) {
    super(
      `The ${what} ${id} has changed since you read it: it is at version ${current}. Read it again and reapply your change`,
      [{ field: 'If-Match', message: `does not match the current version (${current})` }],
    );
  }
}

/**
 * The optimistic-concurrency check, made under the row lock of the write's transaction: of
 * concurrent writers who read the same version, exactly one passes.
 */
export function assertVersion(
  what: string,
  id: string,
  current: number,
  expected: ExpectedVersion,
): void {
  if (expected === undefined) throw new VersionRequired(what);
  if (expected !== current) throw new StaleVersion(what, id, current);
}

/** `W/"3"`, `"3"` or `3` → 3; a list takes its first tag; anything else matches no version. */
export function parseIfMatch(header: string | string[] | undefined): ExpectedVersion {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*(?:,|$)/.exec(value);
  return match ? Number(match[1]) : null;
}

export const etagOf = (version: number) => `W/"${version}"`;
