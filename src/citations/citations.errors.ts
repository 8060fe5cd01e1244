import { DomainError } from '../common/errors/domain-error.js';

export class CitationNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'citation_not_found';

  constructor(id: string) {
    super(`No citation with the id ${id}`, [
      { field: 'id', message: `${id} is not a known citation` },
    ]);
  }
}

export class CitedReleaseNotCurrent extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'cited_release_not_current';

  constructor(version: string, releaseRevision: string, revision: string) {
    super(
      `Release ${version} holds the data of revision ${releaseRevision}; the figure is computed at revision ${revision}. ` +
        'Cite it without a release, or from a newer release',
      [{ field: 'release', message: `the data has changed since release ${version}` }],
    );
  }
}
