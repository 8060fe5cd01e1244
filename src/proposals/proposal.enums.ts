import { graphqlEnum } from '../common/validation/fields.js';

export const PROPOSAL_KINDS = [
  'new_incident',
  'new_case',
  'status_entry',
  'proceeding',
  'correction',
  'retraction',
  'translation',
] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export const PROPOSAL_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const PROPOSAL_TARGETS = ['case', 'incident', 'person'] as const;
export type ProposalTarget = (typeof PROPOSAL_TARGETS)[number];

export const ProposalKindEnum = graphqlEnum(
  PROPOSAL_KINDS,
  'ProposalKind',
  'What a proposal asks for',
);
export const ProposalStatusEnum = graphqlEnum(
  PROPOSAL_STATUSES,
  'ProposalStatus',
  'Where a proposal stands in review',
);
export const ProposalTargetEnum = graphqlEnum(
  PROPOSAL_TARGETS,
  'ProposalTarget',
  'The kind of record a correction changes',
);
