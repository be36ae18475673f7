/**
 * Events: the record of every PaymentIntent and SetupIntent transition, kept per account (so
 * `GET /v1/events` and webhook deliveries never cross accounts) and published to listeners, which
 * is how webhook delivery learns of them without the domain code knowing about HTTP.
 *
 * The route handlers and hosted pages call `record` where a transition happens (facts: webhooks lists
 * the types; transition-events.ts says which); the delivery side calls `subscribe`. Neither knows the
 * other.
 */
import type { Account } from './accounts';
import { eventObject, type EventOrigin, type StripeEvent } from './event-object';
import { newId } from './ids';
import type { PendingEvent } from './transition-events';

export type { EventOrigin, StripeEvent } from './event-object';

export type EventListener = (account: Account, event: StripeEvent) => void;

export class EventLog {
  private readonly listeners = new Set<EventListener>();

  /** Stores the event on the account and tells every listener; returns it. */
  record(account: Account, type: string, object: unknown, origin: EventOrigin, previousAttributes?: Record<string, unknown>): StripeEvent {
    const event = eventObject(newId('evt'), type, object, origin, previousAttributes);
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

/** Where a request's or a hosted page's transitions are recorded, and as what. */
export interface EventSink {
  account: Account;
  log: EventLog;
  origin: EventOrigin;
}

export function recordEvents(sink: EventSink, events: readonly PendingEvent[]): void {
  for (const event of events) sink.log.record(sink.account, event.type, event.object, sink.origin);
}
