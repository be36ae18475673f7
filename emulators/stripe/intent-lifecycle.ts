/**
 * What PaymentIntents and SetupIntents share (facts: PaymentIntent and SetupIntent: "SetupIntent has
 * the same minus capture, ending `succeeded`"): which status allows which action and Stripe's refusal
 * when it doesn't, the PaymentMethod a confirmation uses, the 3DS challenge, sending an intent back
 * for a new PaymentMethod, and an update's shared fields. Pure: no HTTP, no storage.
 */
import { missingReturnUrl } from './automatic-payment-methods';
import { authenticationStep, type Decline, type ThreeDSecurePolicy } from './cards';
import type { Charge } from './charge-object';
import { invalidRequest, type StripeApiError } from './errors';
import type { IntentContext } from './intent-context';
import { embedded, type IntentKind } from './intent-errors';
import { authenticationNextAction } from './next-actions';
import type { PaymentIntent } from './payment-intent-object';
import { refuseReuse, refuseReuseOnUpdate, type PaymentMethodRecord } from './payment-methods';
import type { SetupIntent } from './setup-intent-object';

export type { IntentKind } from './intent-errors';

/** The customer's answer on the hosted 3DS page. */
export type AuthenticationOutcome = 'complete' | 'fail';

/** What Stripe refuses unless the intent has one of the statuses in `ALLOWED_FROM`. */
export type IntentAction = 'confirm' | 'update' | 'cancel' | 'capture' | 'authenticate';

/**
 * The statuses each action is allowed from, in the order Stripe's refusal lists them
 * (docs.stripe.com/api/payment_intents, /api/setup_intents: confirm, update, cancel, capture).
 * `authenticate` is the customer answering the hosted 3DS page.
 */
const ALLOWED_FROM: Readonly<Record<IntentKind, Partial<Record<IntentAction, readonly string[]>>>> = {
  PaymentIntent: {
    confirm: ['requires_confirmation', 'requires_payment_method', 'requires_action'],
    update: ['requires_payment_method', 'requires_confirmation', 'requires_action'],
    cancel: ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'],
    capture: ['requires_capture'],
    authenticate: ['requires_action'],
  },
  SetupIntent: {
    confirm: ['requires_payment_method', 'requires_confirmation', 'requires_action'],
    update: ['requires_payment_method', 'requires_confirmation', 'requires_action'],
    cancel: ['requires_payment_method', 'requires_confirmation', 'requires_action'],
    authenticate: ['requires_action'],
  },
};

/** Stripe's refusal per action, naming the kind, the status it has and the statuses allowed. */
const REFUSALS: Readonly<Record<IntentAction, (kind: IntentKind, status: string, allowed: string) => string>> = {
  confirm: (kind, status, allowed) =>
    `You cannot confirm this ${kind} because it has a status of ${status}. Only a ${kind} with one of the following statuses may be confirmed: ${allowed}.`,
  update: (kind, status, allowed) =>
    `You cannot update this ${kind} because it has a status of ${status}. Updates are only allowed when the ${kind} has one of the following statuses: ${allowed}.`,
  cancel: (kind, status, allowed) =>
    `You cannot cancel this ${kind} because it has a status of ${status}. Only a ${kind} with one of the following statuses may be canceled: ${allowed}.`,
  capture: (kind, status, allowed) =>
    `This ${kind} could not be captured because it has a status of ${status}. Only a ${kind} with one of the following statuses may be captured: ${allowed}.`,
  authenticate: (kind, status) => `This ${kind} has a status of ${status}; there is no authentication to complete.`,
};

const UNEXPECTED_STATE_CODE: Readonly<Record<IntentKind, string>> = {
  PaymentIntent: 'payment_intent_unexpected_state',
  SetupIntent: 'setup_intent_unexpected_state',
};

/** A 400 `payment_intent_unexpected_state` / `setup_intent_unexpected_state`. */
export function unexpectedState(kind: IntentKind, message: string): StripeApiError {
  return invalidRequest(message, { code: UNEXPECTED_STATE_CODE[kind] });
}

function isAllowed(kind: IntentKind, action: IntentAction, status: string): boolean {
  return ALLOWED_FROM[kind][action]?.includes(status) ?? false;
}

/** Throws Stripe's refusal unless `action` is allowed from `status`. */
export function refuseUnlessAllowed(kind: IntentKind, action: IntentAction, status: string): void {
  if (isAllowed(kind, action, status)) return;
  throw unexpectedState(kind, REFUSALS[action](kind, status, (ALLOWED_FROM[kind][action] ?? []).join(', ')));
}

const MISSING_PAYMENT_METHOD: Readonly<Record<IntentKind, string>> = {
  PaymentIntent:
    "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the " +
    'PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.',
  SetupIntent:
    "You cannot confirm this SetupIntent because it's missing a payment method. Update the SetupIntent with a " +
    'payment method and then confirm it again, or confirm it again directly with a payment method.',
};

/** The fields of the two intent objects that their shared lifecycle reads and changes. */
export type IntentObject = PaymentIntent | SetupIntent;

/** An intent plus what Stripe keeps about it but doesn't show. */
export interface IntentState<I extends IntentObject> {
  intent: I;
  /** The attached PaymentMethod (`intent.payment_method` is its id). */
  paymentMethod: PaymentMethodRecord | null;
  returnUrl: string | null;
  useStripeSdk: boolean;
}

/** The result of a transition: the state to keep, what else to keep, and Stripe's error if the answer is one. */
export interface IntentTransition<S> {
  state: S;
  error?: StripeApiError;
  /** The charge this attempt made (PaymentIntents). */
  charge?: Charge;
  /** The PaymentMethod as it must now be stored, when a concluded attempt changed it (spent, set up, attached). */
  paymentMethodAfter?: PaymentMethodRecord;
  /** Set when the attempt saved the PaymentMethod to the intent's Customer (its `payment_method.attached` Event). */
  attachedPaymentMethod?: PaymentMethodRecord;
}

/** Card options with `request_three_d_secure` replaced when the request gives a policy. */
function withThreeDSecurePolicy<O extends { card: { request_three_d_secure: ThreeDSecurePolicy } }>(options: O, policy: ThreeDSecurePolicy | undefined): O {
  return { ...options, card: { ...options.card, request_three_d_secure: policy ?? options.card.request_three_d_secure } };
}

/**
 * The start of every confirmation: the status allows it, and the PaymentMethod it uses (the one given,
 * else the one held) exists and may be used by the intent's Customer (payment-methods.ts, reuse).
 */
export function paymentMethodToConfirm<I extends IntentObject>(
  kind: IntentKind,
  current: IntentState<I>,
  given: PaymentMethodRecord | undefined,
): PaymentMethodRecord {
  refuseUnlessAllowed(kind, 'confirm', current.intent.status);
  const paymentMethod = given ?? current.paymentMethod;
  if (paymentMethod === null) throw unexpectedState(kind, MISSING_PAYMENT_METHOD[kind]);
  refuseReuse(paymentMethod, current.intent.customer, embedded(kind, current.intent));
  return paymentMethod;
}

/**
 * The state a confirmation goes on with: the intent with the PaymentMethod it uses and the 3DS policy
 * it was given, and the return URL and Stripe.js mode it was given (else those the intent had).
 */
export function confirming<I extends IntentObject, S extends IntentState<I>>(
  current: S,
  paymentMethod: PaymentMethodRecord,
  params: { returnUrl?: string; useStripeSdk?: boolean; requestThreeDSecure?: ThreeDSecurePolicy },
  fields: Partial<I>,
): S {
  const intent: I = {
    ...current.intent,
    ...fields,
    payment_method: paymentMethod.paymentMethod.id,
    payment_method_options: withThreeDSecurePolicy(current.intent.payment_method_options, params.requestThreeDSecure),
  };
  return {
    ...current,
    intent,
    paymentMethod,
    returnUrl: params.returnUrl ?? current.returnUrl,
    useStripeSdk: params.useStripeSdk ?? current.useStripeSdk,
  };
}

/**
 * A confirmation that needs a `return_url` and has none waits in requires_confirmation with Stripe's
 * 400 (automatic-payment-methods.ts); undefined when it may go on.
 */
export function waitingForReturnUrl<S extends IntentState<IntentObject>>(kind: IntentKind, state: S, offSession: boolean): IntentTransition<S> | undefined {
  const refused = missingReturnUrl(kind, state.intent, state.returnUrl, offSession);
  if (refused === undefined) return undefined;
  state.intent.status = 'requires_confirmation';
  return { state, error: refused };
}

/**
 * The 3DS step of a confirmation (cards.ts decides from the card and the intent's policy): `declined`
 * at once, waiting for the customer on the hosted 3DS page, or on to `proceed` (the issuer's
 * authorisation, or Stripe's card check).
 */
export function authenticateThen<S extends IntentState<IntentObject>>(
  state: S,
  offSession: boolean,
  ctx: IntentContext,
  next: { declined(reason: Decline): IntentTransition<S>; proceed(): IntentTransition<S> },
): IntentTransition<S> {
  const paymentMethod = state.paymentMethod!;
  const step = authenticationStep(paymentMethod.card, {
    policy: state.intent.payment_method_options.card.request_three_d_secure,
    offSession,
    setUpForOffSession: paymentMethod.setUpForOffSession,
  });
  switch (step.kind) {
    case 'declined':
      return next.declined(step.decline);
    case 'challenge':
      awaitChallenge(state, ctx);
      return { state };
    case 'none':
      return next.proceed();
  }
}

/** The intent waits for the customer on the hosted 3DS page (next-actions.ts says how they get there). */
function awaitChallenge(state: IntentState<IntentObject>, ctx: IntentContext): void {
  const intent = state.intent;
  intent.status = 'requires_action';
  intent.next_action = authenticationNextAction({
    pageUrl: ctx.challengeUrl(intent.id, intent.client_secret),
    returnUrl: state.returnUrl,
    useStripeSdk: state.useStripeSdk,
    sourceId: ctx.newId('src'),
  });
}

/** The customer answered the hosted 3DS page: the intent must be waiting for it. The copy no longer has a next_action. */
export function answeredChallenge<S extends IntentState<IntentObject>>(kind: IntentKind, current: S): S & { paymentMethod: PaymentMethodRecord } {
  if (!isAllowed(kind, 'authenticate', current.intent.status) || current.paymentMethod === null) {
    throw unexpectedState(kind, REFUSALS.authenticate(kind, current.intent.status, ''));
  }
  return { ...current, intent: { ...current.intent, next_action: null }, paymentMethod: current.paymentMethod };
}

/** After a failed attempt the intent needs a new PaymentMethod: Stripe detaches the failed one (facts: declines). */
export function requirePaymentMethodAgain(intent: IntentObject): void {
  intent.status = 'requires_payment_method';
  intent.next_action = null;
  intent.payment_method = null;
}

/** What both kinds' updates may change. */
export interface IntentUpdate {
  customer?: string;
  paymentMethod?: PaymentMethodRecord;
  description?: string;
  metadata?: Record<string, string>;
  requestThreeDSecure?: ThreeDSecurePolicy;
}

/**
 * The update both kinds share, once the status allows it: a new PaymentMethod, or a new Customer for
 * the one held, passes the reuse rules; metadata merges key by key; a new PaymentMethod drops any
 * pending authentication and waits for confirmation again (docs.stripe.com/api/payment_intents/update).
 */
export function updatedIntent<I extends IntentObject>(kind: IntentKind, current: IntentState<I>, update: IntentUpdate, fields: Partial<I>): IntentState<I> {
  const intent = current.intent;
  const customer = update.customer ?? intent.customer;
  refuseReuseOnUpdate(
    { paymentMethod: update.paymentMethod, customerChanged: update.customer !== undefined },
    current.paymentMethod,
    customer,
    embedded(kind, intent),
  );
  const next: I = {
    ...intent,
    ...fields,
    customer,
    description: update.description ?? intent.description,
    metadata: { ...intent.metadata, ...(update.metadata ?? {}) },
    payment_method_options: withThreeDSecurePolicy(intent.payment_method_options, update.requestThreeDSecure),
  };
  const paymentMethod = update.paymentMethod;
  if (paymentMethod === undefined) return { ...current, intent: next };
  return {
    ...current,
    intent: { ...next, payment_method: paymentMethod.paymentMethod.id, status: 'requires_confirmation', next_action: null },
    paymentMethod,
  };
}
