/**
 * Which Events a transition produces (facts: webhooks — payment_intent.*, setup_intent.*; plus the
 * Charge, Customer and PaymentMethod events Stripe sends alongside). Pure: the handlers and the
 * hosted pages pass what changed and record the list with `recordEvents`.
 */
import type { Account } from './accounts';
import type { EventLog, EventOrigin } from './events';
import type { Charge, PaymentIntent, PaymentIntentStatus, Transition } from './payment-intents';
import type { PaymentMethod } from './payment-methods';
import type { SetupIntent, SetupIntentStatus, SetupTransition } from './setup-intents';

export interface PendingEvent {
  type: string;
  object: unknown;
}

/** Status → the event announcing it, when the status is reached (not when it stays). */
const PAYMENT_INTENT_STATUS_EVENTS: Partial<Record<PaymentIntentStatus, string>> = {
  requires_action: 'payment_intent.requires_action',
  processing: 'payment_intent.processing',
  requires_capture: 'payment_intent.amount_capturable_updated',
  succeeded: 'payment_intent.succeeded',
  canceled: 'payment_intent.canceled',
};

const SETUP_INTENT_STATUS_EVENTS: Partial<Record<SetupIntentStatus, string>> = {
  requires_action: 'setup_intent.requires_action',
  succeeded: 'setup_intent.succeeded',
  canceled: 'setup_intent.canceled',
};

export interface PaymentIntentChange {
  /** null when the intent was just created. */
  before: PaymentIntentStatus | null;
  after: PaymentIntent;
  /** A charge made by this transition (new or captured). */
  charge?: Charge;
  captured?: boolean;
  /** The attempt failed (decline or failed authentication). */
  failed: boolean;
  attached?: PaymentMethod;
}

export function paymentIntentEvents(change: PaymentIntentChange): PendingEvent[] {
  const out: PendingEvent[] = [];
  if (change.before === null) out.push({ type: 'payment_intent.created', object: change.after });
  if (change.charge !== undefined) {
    const type = change.captured === true ? 'charge.captured' : change.charge.status === 'succeeded' ? 'charge.succeeded' : 'charge.failed';
    out.push({ type, object: change.charge });
  }
  if (change.attached !== undefined) out.push({ type: 'payment_method.attached', object: change.attached });
  if (change.failed) {
    out.push({ type: 'payment_intent.payment_failed', object: change.after });
  } else if (change.after.status !== change.before || change.after.status === 'requires_action') {
    const type = PAYMENT_INTENT_STATUS_EVENTS[change.after.status];
    if (type !== undefined) out.push({ type, object: change.after });
  }
  return out;
}

/** The Events of a confirm or an answered challenge; `failedAuthentication` when the customer failed it. */
export function paymentTransitionEvents(before: PaymentIntentStatus | null, transition: Transition, failedAuthentication: boolean): PendingEvent[] {
  const attached = transition.attachedPaymentMethod;
  return paymentIntentEvents({
    before,
    after: transition.state.intent,
    ...(transition.charge === undefined ? {} : { charge: transition.charge }),
    ...(attached === undefined ? {} : { attached: attached.paymentMethod }),
    failed: failedAuthentication || transition.charge?.status === 'failed',
  });
}

export interface SetupIntentChange {
  before: SetupIntentStatus | null;
  after: SetupIntent;
  failed: boolean;
  attached?: PaymentMethod;
}

export function setupIntentEvents(change: SetupIntentChange): PendingEvent[] {
  const out: PendingEvent[] = [];
  if (change.before === null) out.push({ type: 'setup_intent.created', object: change.after });
  if (change.attached !== undefined) out.push({ type: 'payment_method.attached', object: change.attached });
  if (change.failed) {
    out.push({ type: 'setup_intent.setup_failed', object: change.after });
  } else if (change.after.status !== change.before || change.after.status === 'requires_action') {
    const type = SETUP_INTENT_STATUS_EVENTS[change.after.status];
    if (type !== undefined) out.push({ type, object: change.after });
  }
  return out;
}

/** The Events of a SetupIntent confirm or answered challenge; `payment_method.attached` only when this success attached it. */
export function setupTransitionEvents(before: SetupIntentStatus | null, transition: SetupTransition, failed: boolean): PendingEvent[] {
  const attached = transition.attachedPaymentMethod;
  return setupIntentEvents({
    before,
    after: transition.state.intent,
    failed,
    ...(attached === undefined || transition.newlyAttached !== true ? {} : { attached: attached.paymentMethod }),
  });
}

export interface EventSink {
  account: Account;
  log: EventLog;
  origin: EventOrigin;
}

export function recordEvents(sink: EventSink, events: readonly PendingEvent[]): void {
  for (const event of events) sink.log.record(sink.account, event.type, event.object, sink.origin);
}
