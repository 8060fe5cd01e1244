import { DomainError } from '../common/errors/domain-error.js';

export class WebhookNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'webhook_not_found';

  constructor(id: string) {
    super(`No webhook subscription with the id ${id}`, [
      { field: 'id', message: `${id} is not a webhook subscription you can see` },
    ]);
  }
}

export class DeliveryNotFound extends DomainError {
  readonly kind = 'not_found';
  readonly code = 'webhook_delivery_not_found';

  constructor(id: string) {
    super(`No delivery ${id} in this subscription's log`, [
      { field: 'deliveryId', message: `${id} is not a delivery of this subscription` },
    ]);
  }
}

export class DeliveryInFlight extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'webhook_delivery_in_flight';

  constructor(id: string) {
    super(`Delivery ${id} is being sent right now; ask again when it has settled`);
  }
}

export class TooManyWebhooks extends DomainError {
  readonly kind = 'conflict';
  readonly code = 'too_many_webhooks';

  constructor(limit: number) {
    super(`An organisation may have at most ${limit} webhook subscriptions; delete one first`);
  }
}
