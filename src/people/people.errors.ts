import { DomainError } from '../common/errors/domain-error.js';

export class PersonNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'person_not_found';

  constructor(id: string, field = 'id') {
    super(`No person with the id ${id}`, [{ field, message: `${id} is not a known person` }]);
  }
}

export class PersonHasCases extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'person_has_cases';

  constructor(id: string, count: number) {
    super(
      `Person ${id} is the subject of ${count} case(s); retract the cases instead of deleting the person`,
    );
  }
}
