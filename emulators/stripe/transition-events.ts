/**
 * Which Events a transition produces (facts: webhooks: payment_intent.*, setup_intent.*; plus the
 * Charge, Customer and PaymentMethod events Stripe sends alongside). Pure: the intent routes and the
 * hosted page pass what changed and record the list (events.ts).
 */
import type { Charge } from './charge-object';
import type { IntentTransition } from './intent-lifecycle';
import type { PaymentIntent, PaymentIntentStatus } from './payment-intent-object';
import type { PaymentMethod } from './payment-method-object';
import type { SetupIntent, SetupIntentStatus } from './setup-intent-object';

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

interface IntentChange<Status, Intent> {
  /** null when the intent was just created. */
  before: Status | null;
  after: Intent;
  /** The attempt failed (decline or failed authentication). */
  failed: boolean;
  attached?: PaymentMethod;
}

export interface PaymentIntentChange extends IntentChange<PaymentIntentStatus, PaymentIntent> {
  /** A charge made by this transition (new or captured). */
  charge?: Charge;
  captured?: boolean;
}

export type SetupIntentChange = IntentChange<SetupIntentStatus, SetupIntent>;

/**
 * The events of one intent change, in Stripe's order: created, what the attempt made (a charge, an
 * attached card), then the intent's own event (failure, or the status it reached). `prefix` is
 * `payment_intent` or `setup_intent`.
 */
function intentEvents<Status extends string, Intent extends { status: Status }>(
  change: IntentChange<Status, Intent>,
  names: { prefix: string; failed: string; statusEvents: Partial<Record<Status, string>> },
  made: readonly PendingEvent[],
): PendingEvent[] {
  const out: PendingEvent[] = [];
  if (change.before === null) out.push({ type: `${names.prefix}.created`, object: change.after });
  out.push(...made);
  if (change.attached !== undefined) out.push({ type: 'payment_method.attached', object: change.attached });
  if (change.failed) {
    out.push({ type: `${names.prefix}.${names.failed}`, object: change.after });
  } else if (change.after.status !== change.before || change.after.status === 'requires_action') {
    const type = names.statusEvents[change.after.status];
    if (type !== undefined) out.push({ type, object: change.after });
  }
  return out;
}

export function paymentIntentEvents(change: PaymentIntentChange): PendingEvent[] {
  const charge = change.charge;
  const made =
    charge === undefined
      ? []
      : [{ type: change.captured === true ? 'charge.captured' : charge.status === 'succeeded' ? 'charge.succeeded' : 'charge.failed', object: charge }];
  return intentEvents(change, { prefix: 'payment_intent', failed: 'payment_failed', statusEvents: PAYMENT_INTENT_STATUS_EVENTS }, made);
}

export function setupIntentEvents(change: SetupIntentChange): PendingEvent[] {
  return intentEvents(change, { prefix: 'setup_intent', failed: 'setup_failed', statusEvents: SETUP_INTENT_STATUS_EVENTS }, []);
}

function changeOf<Status, Intent>(
  before: Status | null,
  transition: IntentTransition<{ intent: Intent }>,
  failed: boolean,
): IntentChange<Status, Intent> {
  const attached = transition.attachedPaymentMethod;
  return { before, after: transition.state.intent, failed, ...(attached === undefined ? {} : { attached: attached.paymentMethod }) };
}

/**
 * The Events of a confirmation or an answered challenge; `failedAuthentication` when the customer
 * failed the challenge. A decline fails the attempt too: a failed charge for a PaymentIntent, a 402
 * for a SetupIntent's card check. `payment_method.attached` only when this attempt attached the card.
 */
export function paymentTransitionEvents(
  before: PaymentIntentStatus | null,
  transition: IntentTransition<{ intent: PaymentIntent }>,
  failedAuthentication: boolean,
): PendingEvent[] {
  const charge = transition.charge;
  const failed = failedAuthentication || charge?.status === 'failed';
  return paymentIntentEvents({ ...changeOf(before, transition, failed), ...(charge === undefined ? {} : { charge }) });
}

export function setupTransitionEvents(
  before: SetupIntentStatus | null,
  transition: IntentTransition<{ intent: SetupIntent }>,
  failedAuthentication: boolean,
): PendingEvent[] {
  return setupIntentEvents(changeOf(before, transition, failedAuthentication || transition.error?.status === 402));
}
