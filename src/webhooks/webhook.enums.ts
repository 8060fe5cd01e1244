import { graphqlEnum } from '../common/validation/fields.js';

export const DELIVERY_STATES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const DeliveryStateEnum = graphqlEnum(
  DELIVERY_STATES,
  'WebhookDeliveryState',
  'pending: waiting or being retried; delivered: a 2xx came back; failed: given up after the retry window; skipped: the subscription may no longer see the event',
);
