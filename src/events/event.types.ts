import { registerEnumType } from '@nestjs/graphql';

/** Every kind of event the outbox records; subscribers choose among them. */
export const EVENT_TYPES = [
  'case.created',
  'case.updated',
  'case.retracted',
  'status.recorded',
  'proceeding.added',
  'proposal.submitted',
  'proposal.accepted',
  'proposal.rejected',
  'state_answer.recorded',
  'import.finished',
  'release.published',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** GraphQL cannot spell a dot: its names use an underscore (`case_created` is case.created). */
export const EventTypeEnum = Object.fromEntries(
  EVENT_TYPES.map((t) => [t.replace('.', '_'), t]),
) as Record<string, EventType>;
registerEnumType(EventTypeEnum, {
  name: 'EventType',
  description: 'A kind of event; `case_created` is case.created',
});

export type SubjectType = 'case' | 'proposal' | 'dg_request' | 'import' | 'release';

/**
 * Who may learn of an event: everyone (public data; confidential fields are still removed for
 * those who may not see them), the organisation it concerns and reviewers (proposals), or
 * reviewers and administrators only (unpublished state answers, imports).
 */
export type EventVisibility = 'public' | 'organisation' | 'reviewers';

/** One event as a service records it, inside its own transaction. */
export interface NewEvent {
  type: EventType;
  subject: { type: SubjectType; id: string };
  countryCode?: string | null;
  /** Attack types of the incident; their ancestors in the taxonomy are added for filtering. */
  attackTypes?: readonly string[];
  monitors?: readonly string[];
  organisationId?: string | null;
  visibility: EventVisibility;
  /** Whether the change is one of the published data (it advances the dataset revision). */
  changesData: boolean;
  /** What changed: the record after the change, and for updates the fields before and after. */
  data: Record<string, unknown>;
}

/** An event as stored, after its commit. */
export interface StoredEvent {
  id: string;
  position: string;
  revision: string;
  type: EventType;
  subjectType: SubjectType;
  subjectId: string;
  countryCode: string | null;
  attackTypes: string[];
  monitors: string[];
  organisationId: string | null;
  visibility: EventVisibility;
  data: Record<string, unknown>;
  committedAt: Date;
}
