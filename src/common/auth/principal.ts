/** Who is calling, as established by the access guard and attached to the request. */
export interface Principal {
  kind: 'anonymous' | 'admin';
  /** A short, non-secret label for logs and the audit trail. */
  label: string;
  /** The request id, for the audit trail. */
  requestId?: string;
}

export const ANONYMOUS: Principal = { kind: 'anonymous', label: 'anonymous' };

/** Whether a caller may see confidential data (unpublished state answers and the like). */
export const canSeeConfidential = (principal: Principal | undefined): boolean =>
  principal?.kind === 'admin';
