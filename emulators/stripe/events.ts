/**
 * Events: the record of every PaymentIntent and SetupIntent transition, kept per account (so
 * `GET /v1/events` and webhook deliveries never cross accounts) and published to listeners, which
 * is how webhook delivery learns of them without the domain code knowing about HTTP.
 *
 * The domain side calls `record` where a transition happens (facts: webhooks lists the types); the
 * delivery side calls `subscribe`. Neither knows the other.
 */
import type { Account } from './accounts';
import { newId } from './ids';

/** The Event object as stripe-node's `Stripe.Event` declares it. */
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

export type EventListener = (account: Account, event: StripeEvent) => void;

export class EventLog {
  private readonly listeners = new Set<EventListener>();

  /** Stores the event on the account and tells every listener; returns it. */
  record(account: Account, type: string, object: unknown, origin: EventOrigin, previousAttributes?: Record<string, unknown>): StripeEvent {
    const event: StripeEvent = {
      id: newId('evt'),
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
    account.objects.events.set(event.id, event);
    for (const listener of this.listeners) listener(account, event);
    return event;
  }

  /** Returns an unsubscriber. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
