import { DomainError } from '../common/errors/domain-error.js';

export class IncidentNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'incident_not_found';

  constructor(id: string) {
    super(`No incident with the id ${id}`, [
      { field: 'id', message: `${id} is not a known incident` },
    ]);
  }
}

export class IncidentHasCases extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'incident_has_cases';

  constructor(id: string, count: number) {
    super(
      `Incident ${id} has ${count} case(s); retract the cases instead of deleting the incident`,
    );
  }
}
