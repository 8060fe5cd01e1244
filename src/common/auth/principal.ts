/** The roles a member's API key carries (DESIGN §2). */
export const ROLES = ['admin', 'reviewer', 'contributor'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as established by the access guard and attached to the request. */
export interface Principal {
  kind: 'anonymous' | Role;
  /** A short, non-secret label for logs, the audit trail and `created_by` columns. */
  label: string;
  /** The request id, for the audit trail. */
  requestId?: string;
  /** Set for members' keys; the bootstrap admin key belongs to no member. */
  memberId?: string;
  memberName?: string;
  organisationId?: string;
  organisationName?: string;
  /** The visible prefix of the key used (never the key itself). */
  keyPrefix?: string;
  /** Set while an accepted proposal is applied, so that each change it makes is linked to it. */
  proposalId?: string;
}

export const ANONYMOUS: Principal = { kind: 'anonymous', label: 'anonymous' };

/**
 * Whether a caller may see confidential data: source contacts, witness details, internal notes,
 * unpublished state answers and proposals not yet reviewed. The one rule every transport, export
 * and aggregate asks.
 */
export const canSeeConfidential = (principal: Principal | undefined): boolean =>
  principal?.kind === 'admin' || principal?.kind === 'reviewer';
