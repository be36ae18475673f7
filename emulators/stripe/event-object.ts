/**
 * The Event wire object, as stripe-node's `Stripe.Event` declares it: a snapshot of the object a
 * transition left, rendered at the version it was recorded at. Who records and delivers Events is
 * events.ts and webhook-delivery.ts.
 */

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: unknown; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export interface EventOrigin {
  /** The version the object was rendered at (the account default for events: Stripe renders them so). */
  apiVersion: string;
  now: Date;
  /** The API request that caused it; null for transitions made on a hosted page. */
  requestId?: string | null;
  idempotencyKey?: string | null;
}

export function eventObject(
  id: string,
  type: string,
  object: unknown,
  origin: EventOrigin,
  previousAttributes?: Record<string, unknown>,
): StripeEvent {
  return {
    id,
    object: 'event',
    api_version: origin.apiVersion,
    created: Math.floor(origin.now.getTime() / 1000),
    // A snapshot: later changes to the object must not rewrite history.
    data: previousAttributes === undefined ? { object: structuredClone(object) } : { object: structuredClone(object), previous_attributes: previousAttributes },
    livemode: false,
    pending_webhooks: 0,
    request: { id: origin.requestId ?? null, idempotency_key: origin.idempotencyKey ?? null },
    type,
  };
}
