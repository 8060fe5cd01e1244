import { DomainError } from '../common/errors/domain-error.js';

export class ReleaseNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'release_not_found';

  constructor(version: string) {
    super(`No release ${version}`, [{ field: 'version', message: `${version} is not a release` }]);
  }
}

export class ReleaseFileNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'release_file_not_found';

  constructor(version: string, file: string) {
    super(`Release ${version} has no file ${file}`, [
      { field: 'file', message: `${file} is not a file of release ${version}` },
    ]);
  }
}

export class ReleaseExists extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'release_exists';

  constructor(version: string) {
    super(`Release ${version} exists already; releases never change`, [
      { field: 'version', message: `${version} is taken: choose another version` },
    ]);
  }
}

/** The data changed while a release was being built, more often than a retry could absorb. */
export class DataChangedDuringRelease extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'data_changed_during_release';

  constructor() {
    super('The data kept changing while the release was built; try again in a moment');
  }
}

export class RebuildAtOtherRevision extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'rebuild_at_other_revision';

  constructor(version: string, revision: string, current: string) {
    super(
      `Release ${version} was made at dataset revision ${revision}; the data is now at revision ${current}, ` +
        'so it can no longer be rebuilt from the database',
    );
  }
}

export class SigningKeyNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'signing_key_not_found';

  constructor(id: string) {
    super(`No release signing key ${id}`, [{ field: 'id', message: `${id} is not a signing key` }]);
  }
}

export class SigningKeyUnusable extends DomainError {
  readonly kind = 'unavailable';
  readonly code = 'signing_key_unusable';
}
