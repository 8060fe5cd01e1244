import { DomainError } from '../common/errors/domain-error.js';

export class ProposalNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'proposal_not_found';

  constructor(id: string) {
    super(`No proposal with the id ${id}`, [
      { field: 'id', message: `${id} is not a proposal you can see` },
    ]);
  }
}

export class ProposalAlreadyReviewed extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'proposal_already_reviewed';

  constructor(id: string, status: string) {
    super(`Proposal ${id} has been ${status} already`);
  }
}

export class OwnProposal extends DomainError {
  readonly kind = 'forbidden';
  readonly code = 'own_proposal';

  constructor() {
    super('You filed this proposal: another reviewer must review it');
  }
}
