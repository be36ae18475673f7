/**
 * The SetupIntent state machine as plain functions: no HTTP, no storage (facts: PaymentIntent and
 * SetupIntent: "SetupIntent has the same minus capture, ending `succeeded`").
 *
 * requires_payment_method → requires_confirmation → requires_action → succeeded; canceled from any
 * state but succeeded. Confirming authenticates the card when 3DS is requested (the card table's
 * rules, always on-session: the customer is present while saving a card), then runs Stripe's card
 * check. A success attaches the PaymentMethod to the SetupIntent's Customer and, for
 * `usage=off_session`, marks it set up for later merchant-initiated payments.
 *
 * The reuse rules of payment-methods.ts apply: a spent PaymentMethod, or another Customer's, is refused
 * at create, update and confirm. A SetupIntent never spends one: its purpose is saving the card, and
 * Stripe's refusal names PaymentIntents only ("previously used with a PaymentIntent without Customer
 * attachment"); that a failed or Customer-less setup leaves it reusable is our reading.
 *
 * What it shares with PaymentIntents is intent-lifecycle.ts; the object's JSON is setup-intent-object.ts.
 */
import { automaticPaymentMethodsAtCreate, type AutomaticPaymentMethodsRequest } from './automatic-payment-methods';
import { verificationDecline, type Decline, type ThreeDSecurePolicy } from './cards';
import type { IntentContext } from './intent-context';
import { declinedLastError, declineError, failedAuthenticationLastError } from './intent-errors';
import {
  answeredChallenge,
  authenticateThen,
  confirming,
  paymentMethodToConfirm,
  refuseUnlessAllowed,
  requirePaymentMethodAgain,
  updatedIntent,
  waitingForReturnUrl,
  type AuthenticationOutcome,
  type IntentState,
  type IntentTransition,
  type IntentUpdate,
} from './intent-lifecycle';
import { refuseReuse, type PaymentMethodRecord } from './payment-methods';
import { setupIntentObject, type SetupCancellationReason, type SetupIntent, type SetupIntentUsage } from './setup-intent-object';

export type SetupIntentState = IntentState<SetupIntent>;

/**
 * On success `paymentMethodAfter` is the PaymentMethod as it must now be stored (set up for
 * off-session use, attached to the Customer); `attachedPaymentMethod` is set when this success
 * attached it (and so gets a `payment_method.attached` Event).
 */
export type SetupTransition = IntentTransition<SetupIntentState>;

export interface CreateSetupIntentParams {
  customer?: string;
  paymentMethod?: PaymentMethodRecord;
  paymentMethodTypes?: string[];
  automaticPaymentMethods?: AutomaticPaymentMethodsRequest;
  confirm?: boolean;
  returnUrl?: string;
  usage?: SetupIntentUsage;
  requestThreeDSecure?: ThreeDSecurePolicy;
  useStripeSdk?: boolean;
  description?: string;
  metadata?: Record<string, string>;
}

export interface ConfirmSetupIntentParams {
  paymentMethod?: PaymentMethodRecord;
  returnUrl?: string;
  requestThreeDSecure?: ThreeDSecurePolicy;
  useStripeSdk?: boolean;
}

export type UpdateSetupIntentParams = IntentUpdate;

export function createSetupIntent(params: CreateSetupIntentParams, ctx: IntentContext): SetupTransition {
  const automatic = automaticPaymentMethodsAtCreate(params.paymentMethodTypes, params.automaticPaymentMethods, ctx.apiVersion);
  if (params.paymentMethod !== undefined) refuseReuse(params.paymentMethod, params.customer ?? null);
  const id = ctx.newId('seti');
  const intent = setupIntentObject({
    id,
    automatic_payment_methods: automatic,
    client_secret: ctx.newClientSecret(id),
    created: ctx.now,
    customer: params.customer ?? null,
    description: params.description ?? null,
    metadata: params.metadata ?? {},
    payment_method: params.paymentMethod?.paymentMethod.id ?? null,
    payment_method_types: params.paymentMethodTypes ?? ['card'],
    request_three_d_secure: params.requestThreeDSecure ?? 'automatic',
    status: params.paymentMethod === undefined ? 'requires_payment_method' : 'requires_confirmation',
    // docs.stripe.com/api/setup_intents/create: `usage` defaults to off_session.
    usage: params.usage ?? 'off_session',
  });
  const state: SetupIntentState = {
    intent,
    paymentMethod: params.paymentMethod ?? null,
    returnUrl: params.returnUrl ?? null,
    useStripeSdk: params.useStripeSdk ?? false,
  };
  if (params.confirm !== true) return { state };
  return confirmSetupIntent(state, {}, ctx);
}

export function confirmSetupIntent(current: SetupIntentState, params: ConfirmSetupIntentParams, ctx: IntentContext): SetupTransition {
  const paymentMethod = paymentMethodToConfirm('SetupIntent', current, params.paymentMethod);
  const state = confirming(current, paymentMethod, params, {});
  const intent = state.intent;
  // Saving a card is on-session: the customer is there.
  const waiting = waitingForReturnUrl('SetupIntent', state, false);
  if (waiting !== undefined) return waiting;
  intent.last_setup_error = null;
  intent.next_action = null;
  intent.latest_attempt = ctx.newId('setatt');
  return authenticateThen(state, false, ctx, { declined: (reason) => fail(state, reason), proceed: () => verify(state) });
}

/** The customer completes or fails the 3DS challenge on the hosted page. */
export function finishSetupAuthentication(current: SetupIntentState, outcome: AuthenticationOutcome): SetupTransition {
  const state = answeredChallenge('SetupIntent', current);
  if (outcome === 'complete') return verify(state);
  // facts: failing the challenge → requires_payment_method; Stripe's SetupIntent code is
  // setup_intent_authentication_failure (docs.stripe.com/error-codes#setup-intent-authentication-failure).
  state.intent.last_setup_error = failedAuthenticationLastError('SetupIntent', state.paymentMethod.paymentMethod);
  requirePaymentMethodAgain(state.intent);
  return { state: { ...state, paymentMethod: null } };
}

/** Stripe's card check, then success: attach to the Customer and remember the off-session setup. */
function verify(state: SetupIntentState): SetupTransition {
  const pm = state.paymentMethod!;
  const decline = verificationDecline(pm.card, pm.cvcProvided);
  if (decline !== undefined) return fail(state, decline);
  state.intent.status = 'succeeded';
  state.intent.next_action = null;
  const customer = state.intent.customer;
  const paymentMethodAfter: PaymentMethodRecord = {
    ...pm,
    setUpForOffSession: pm.setUpForOffSession || state.intent.usage === 'off_session',
    paymentMethod: { ...pm.paymentMethod, customer: customer ?? pm.paymentMethod.customer },
  };
  const newlyAttached = customer !== null && pm.paymentMethod.customer !== customer;
  return {
    state: { ...state, paymentMethod: paymentMethodAfter },
    paymentMethodAfter,
    ...(newlyAttached ? { attachedPaymentMethod: paymentMethodAfter } : {}),
  };
}

/** A declined setup: back to requires_payment_method, `last_setup_error`, and a 402 embedding the intent. */
function fail(state: SetupIntentState, reason: Decline): SetupTransition {
  const pm = state.paymentMethod!;
  const intent = state.intent;
  intent.last_setup_error = declinedLastError(reason, pm.paymentMethod);
  requirePaymentMethodAgain(intent);
  const error = declineError('SetupIntent', reason, intent, pm.paymentMethod);
  return { state: { ...state, intent, paymentMethod: null }, error };
}

/** `POST /v1/setup_intents/:id` before success: the shared update (intent-lifecycle.ts). */
export function updateSetupIntent(current: SetupIntentState, params: UpdateSetupIntentParams): SetupIntentState {
  refuseUnlessAllowed('SetupIntent', 'update', current.intent.status);
  return updatedIntent('SetupIntent', current, params, {});
}

export function cancelSetupIntent(current: SetupIntentState, reason: SetupCancellationReason | undefined): SetupIntentState {
  refuseUnlessAllowed('SetupIntent', 'cancel', current.intent.status);
  return {
    ...current,
    intent: { ...current.intent, status: 'canceled', cancellation_reason: reason ?? null, next_action: null },
  };
}
