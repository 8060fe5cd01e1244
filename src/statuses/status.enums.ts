import { graphqlEnum } from '../common/validation/fields.js';

export const SCHEMES = ['unesco', 'cpj'] as const;
export const UNESCO_STATUSES = ['no_information', 'ongoing', 'resolved'] as const;
export const CPJ_STATUSES = ['complete_impunity', 'partial_justice', 'full_justice'] as const;
export const STATUSES = [...UNESCO_STATUSES, ...CPJ_STATUSES] as const;
export const STATUSES_BY_SCHEME: Record<Scheme, readonly string[]> = {
  unesco: UNESCO_STATUSES,
  cpj: CPJ_STATUSES,
};
export const RESOLUTION_REASONS = [
  'perpetrators_convicted',
  'perpetrator_deceased',
  'other',
] as const;
export const REPORTERS = ['state', 'organisation', 'monitor', 'staff'] as const;
export const DEFENDANT_ROLES = ['perpetrator', 'mastermind', 'accomplice'] as const;
export const STEPS = [
  'investigation_opened',
  'suspect_identified',
  'arrest',
  'charged',
  'trial',
  'convicted',
  'acquitted',
  'appeal',
  'case_closed',
  'perpetrator_deceased',
] as const;

export type Scheme = (typeof SCHEMES)[number];
export type Status = (typeof STATUSES)[number];
export type ResolutionReason = (typeof RESOLUTION_REASONS)[number];
export type Reporter = (typeof REPORTERS)[number];
export type DefendantRole = (typeof DEFENDANT_ROLES)[number];
export type Step = (typeof STEPS)[number];

export const SchemeEnum = graphqlEnum(
  SCHEMES,
  'StatusScheme',
  'unesco: no_information / ongoing / resolved; cpj: complete_impunity / partial_justice / full_justice',
);
export const StatusEnum = graphqlEnum(STATUSES, 'JudicialStatus', 'A status of either scheme');
export const ResolutionReasonEnum = graphqlEnum(
  RESOLUTION_REASONS,
  'ResolutionReason',
  'Why a case counts as resolved',
);
export const ReporterEnum = graphqlEnum(REPORTERS, 'Reporter', 'Who reported a status');
export const DefendantRoleEnum = graphqlEnum(
  DEFENDANT_ROLES,
  'DefendantRole',
  'Role of a defendant',
);
export const StepEnum = graphqlEnum(STEPS, 'ProceedingStep', 'A judicial or investigative step');
