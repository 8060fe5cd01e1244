import { canSeeConfidential, type Principal } from '../common/auth/principal.js';
import { forViewer } from '../common/confidentiality/confidential.js';
import type { StoredEvent } from './event.types.js';

/** Whether a viewer may learn of an event at all. */
export function mayLearnOf(event: StoredEvent, viewer: Principal): boolean {
  if (event.visibility === 'public' || canSeeConfidential(viewer)) return true;
  return (
    event.visibility === 'organisation' &&
    event.organisationId !== null &&
    event.organisationId === viewer.organisationId
  );
}

/**
 * The body of a webhook (the Standard Webhooks shape: type, timestamp, data) as the viewer may see
 * it, or null when the viewer may not learn of the event. Confidential fields are removed by the
 * same rule as every other transport.
 */
export function eventPayload(
  event: StoredEvent,
  viewer: Principal,
): { type: string; timestamp: string; data: Record<string, unknown> } | null {
  if (!mayLearnOf(event, viewer)) return null;
  const data = forViewer(event.data, viewer);
  if (!canSeeConfidential(viewer)) dropHiddenChanges(data);
  return {
    type: event.type,
    timestamp: new Date(event.committedAt).toISOString(),
    data: {
      eventId: event.id,
      subject: { type: event.subjectType, id: event.subjectId },
      countryCode: event.countryCode,
      attackTypes: event.attackTypes,
      monitors: event.monitors,
      revision: event.revision,
      ...data,
    },
  };
}

/** A change list keeps no trace of a confidential field for those who may not see it. */
function dropHiddenChanges(data: Record<string, unknown>): void {
  for (const key of ['changes', 'incidentChanges']) {
    const changes = data[key] as { before?: object; after?: object } | undefined;
    if (!changes) continue;
    for (const side of [changes.before, changes.after] as Record<string, unknown>[])
      if (side) delete side.confidentialDetails;
  }
}
