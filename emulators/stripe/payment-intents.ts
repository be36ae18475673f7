/**
 * The PaymentIntent state machine as plain functions: no HTTP, no storage. Each function takes the
 * current state and returns the next one (and, where Stripe answers with an error after changing the
 * intent, that error alongside it); preconditions that leave the intent untouched throw.
 *
 * requires_payment_method → requires_confirmation → requires_action → (processing) →
 * requires_capture (manual capture) → succeeded; canceled from most states (facts: PaymentIntent).
 * Which status allows which action is intent-lifecycle.ts; the objects' JSON is
 * payment-intent-object.ts and charge-object.ts.
 */
import { defaultCaptureMethod } from './api-versions';
import { automaticPaymentMethodsAtCreate, type AutomaticPaymentMethodsRequest } from './automatic-payment-methods';
import { authorisationDecline, type Decline, type ThreeDSecurePolicy } from './cards';
import { chargeObject, type Charge } from './charge-object';
import { invalidRequest } from './errors';
import type { IntentContext } from './intent-context';
import { declinedLastError, declineError, failedAuthenticationLastError } from './intent-errors';
import {
  answeredChallenge,
  authenticateThen,
  confirming,
  paymentMethodToConfirm,
  refuseUnlessAllowed,
  requirePaymentMethodAgain,
  unexpectedState,
  updatedIntent,
  waitingForReturnUrl,
  type AuthenticationOutcome,
  type IntentState,
  type IntentTransition,
  type IntentUpdate,
} from './intent-lifecycle';
import { refuseBelowMinimum } from './minimum-amounts';
import {
  paymentIntentObject,
  type CancellationReason,
  type CaptureMethod,
  type PaymentIntent,
  type SetupFutureUsage,
} from './payment-intent-object';
import { afterPaymentAttempt, refuseReuse, type PaymentMethodRecord } from './payment-methods';

export type { IntentContext } from './intent-context';

/** The intent plus what Stripe keeps about it but doesn't show. */
export interface PaymentIntentState extends IntentState<PaymentIntent> {
  offSession: boolean;
  /** The customer completed 3DS for the current attempt (manual confirmation then re-confirms). */
  authenticated: boolean;
}

export type Transition = IntentTransition<PaymentIntentState>;

export interface CreatePaymentIntentParams {
  amount: number;
  currency: string;
  customer?: string;
  paymentMethod?: PaymentMethodRecord;
  paymentMethodTypes?: string[];
  /** `allowed_payment_method_types`, which also becomes the intent's `payment_method_types`. */
  allowedPaymentMethodTypes?: string[];
  automaticPaymentMethods?: AutomaticPaymentMethodsRequest;
  captureMethod?: CaptureMethod;
  confirmationMethod?: 'automatic' | 'manual';
  confirm?: boolean;
  returnUrl?: string;
  offSession?: boolean;
  setupFutureUsage?: SetupFutureUsage;
  requestThreeDSecure?: ThreeDSecurePolicy;
  cardCaptureMethod?: 'manual';
  useStripeSdk?: boolean;
  description?: string;
  metadata?: Record<string, string>;
  receiptEmail?: string;
  statementDescriptor?: string;
  statementDescriptorSuffix?: string;
}

export interface ConfirmPaymentIntentParams {
  paymentMethod?: PaymentMethodRecord;
  returnUrl?: string;
  offSession?: boolean;
  setupFutureUsage?: SetupFutureUsage;
  requestThreeDSecure?: ThreeDSecurePolicy;
  captureMethod?: CaptureMethod;
  useStripeSdk?: boolean;
  receiptEmail?: string;
}

export interface UpdatePaymentIntentParams extends IntentUpdate {
  amount?: number;
  currency?: string;
  setupFutureUsage?: SetupFutureUsage;
  captureMethod?: CaptureMethod;
  receiptEmail?: string;
  statementDescriptor?: string;
  statementDescriptorSuffix?: string;
}

export function createPaymentIntent(params: CreatePaymentIntentParams, ctx: IntentContext): Transition {
  refuseBelowMinimum(params.amount, params.currency);
  const automatic = automaticPaymentMethodsAtCreate(params.paymentMethodTypes, params.automaticPaymentMethods, ctx.apiVersion);
  // Reuse rules (payment-methods.ts): a spent PaymentMethod, or another Customer's, is refused at create.
  if (params.paymentMethod !== undefined) refuseReuse(params.paymentMethod, params.customer ?? null);

  const id = ctx.newId('pi');
  const intent = paymentIntentObject({
    id,
    allowed_payment_method_types: params.allowedPaymentMethodTypes ?? null,
    amount: params.amount,
    automatic_payment_methods: automatic,
    capture_method: params.captureMethod ?? defaultCaptureMethod(ctx.apiVersion),
    client_secret: ctx.newClientSecret(id),
    confirmation_method: params.confirmationMethod ?? 'automatic',
    created: ctx.now,
    currency: params.currency,
    customer: params.customer ?? null,
    description: params.description ?? null,
    metadata: params.metadata ?? {},
    payment_method: params.paymentMethod?.paymentMethod.id ?? null,
    payment_method_options: {
      card: {
        request_three_d_secure: params.requestThreeDSecure ?? 'automatic',
        ...(params.cardCaptureMethod === undefined ? {} : { capture_method: params.cardCaptureMethod }),
      },
    },
    payment_method_types: params.allowedPaymentMethodTypes ?? params.paymentMethodTypes ?? ['card'],
    receipt_email: params.receiptEmail ?? null,
    setup_future_usage: params.setupFutureUsage ?? null,
    statement_descriptor: params.statementDescriptor ?? null,
    statement_descriptor_suffix: params.statementDescriptorSuffix ?? null,
    status: params.paymentMethod === undefined ? 'requires_payment_method' : 'requires_confirmation',
  });
  const state: PaymentIntentState = {
    intent,
    paymentMethod: params.paymentMethod ?? null,
    returnUrl: params.returnUrl ?? null,
    offSession: params.offSession ?? false,
    useStripeSdk: params.useStripeSdk ?? false,
    authenticated: false,
  };
  if (params.confirm !== true) return { state };
  return confirmPaymentIntent(state, {}, ctx);
}

export function confirmPaymentIntent(current: PaymentIntentState, params: ConfirmPaymentIntentParams, ctx: IntentContext): Transition {
  if (current.intent.status === 'succeeded') {
    throw unexpectedState('PaymentIntent', 'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.');
  }
  const paymentMethod = paymentMethodToConfirm('PaymentIntent', current, params.paymentMethod);
  const changedPaymentMethod = params.paymentMethod !== undefined && params.paymentMethod !== current.paymentMethod;
  const state: PaymentIntentState = {
    ...confirming(current, paymentMethod, params, {
      capture_method: params.captureMethod ?? current.intent.capture_method,
      setup_future_usage: params.setupFutureUsage ?? current.intent.setup_future_usage,
      receipt_email: params.receiptEmail ?? current.intent.receipt_email,
    }),
    offSession: params.offSession ?? current.offSession,
    authenticated: current.authenticated && !changedPaymentMethod,
  };
  const intent = state.intent;
  const waiting = waitingForReturnUrl('PaymentIntent', state, state.offSession);
  if (waiting !== undefined) return waiting;

  intent.last_payment_error = null;
  intent.next_action = null;
  if (state.authenticated) return authorise(state, ctx);
  return authenticateThen(state, state.offSession, ctx, {
    declined: (reason) => decline(state, reason, ctx),
    proceed: () => authorise(state, ctx),
  });
}

/** The customer completes or fails the 3DS challenge on the hosted page. */
export function finishAuthentication(current: PaymentIntentState, outcome: AuthenticationOutcome, ctx: IntentContext): Transition {
  const state = answeredChallenge('PaymentIntent', current);
  if (outcome === 'fail') {
    // facts: failing the challenge → requires_payment_method, code payment_intent_authentication_failure.
    state.intent.last_payment_error = failedAuthenticationLastError('PaymentIntent', state.paymentMethod.paymentMethod);
    requirePaymentMethodAgain(state.intent);
    const paymentMethodAfter = afterPaymentAttempt(state.paymentMethod, { paymentIntent: state.intent.id, customer: state.intent.customer, saved: false });
    return { state: { ...state, paymentMethod: null, authenticated: false }, paymentMethodAfter };
  }
  state.authenticated = true;
  if (state.intent.confirmation_method === 'manual') {
    // Manual confirmation: after the action the server confirms again (Stripe confirm docs).
    state.intent.status = 'requires_confirmation';
    return { state };
  }
  return authorise(state, ctx);
}

function newCharge(state: PaymentIntentState, ctx: IntentContext, outcome: { decline?: Decline; captured: boolean }): Charge {
  return chargeObject(state.intent, state.paymentMethod!.paymentMethod, {
    id: ctx.newId('ch'),
    created: ctx.now,
    ...outcome,
    authenticated: state.authenticated,
  });
}

/** The issuer answers: approve (capture now or later) or decline. */
function authorise(state: PaymentIntentState, ctx: IntentContext): Transition {
  const pm = state.paymentMethod!;
  const issuerDecline = authorisationDecline(pm.card, pm.cvcProvided);
  if (issuerDecline !== undefined) return decline(state, issuerDecline, ctx);

  const manual = state.intent.capture_method === 'manual' || state.intent.payment_method_options.card.capture_method === 'manual';
  const charge = newCharge(state, ctx, { captured: !manual });
  const intent = state.intent;
  intent.latest_charge = charge.id;
  intent.next_action = null;
  intent.last_payment_error = null;
  if (manual) {
    intent.status = 'requires_capture';
    intent.amount_capturable = intent.amount;
  } else {
    // automatic_async also reports succeeded for cards; only the balance transaction lags (Stripe docs, asynchronous capture).
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
  }
  // facts: `setup_future_usage` saves the card with its authentication, to the Customer if there is one
  // (docs.stripe.com/payments/save-during-payment); without it, an unattached card is now spent.
  const after = afterPaymentAttempt(pm, { paymentIntent: intent.id, customer: intent.customer, saved: intent.setup_future_usage !== null });
  state.paymentMethod = after;
  const newlyAttached = after.paymentMethod.customer !== pm.paymentMethod.customer;
  return { state, charge, paymentMethodAfter: after, ...(newlyAttached ? { attachedPaymentMethod: after } : {}) };
}

/** A declined attempt: a failed charge, the intent back to requires_payment_method, and a 402. */
function decline(state: PaymentIntentState, reason: Decline, ctx: IntentContext): Transition {
  const pm = state.paymentMethod!;
  const charge = newCharge(state, ctx, { decline: reason, captured: false });
  const intent = state.intent;
  intent.latest_charge = charge.id;
  intent.last_payment_error = declinedLastError(reason, pm.paymentMethod, charge.id);
  requirePaymentMethodAgain(intent);
  const error = declineError('PaymentIntent', reason, intent, pm.paymentMethod, charge.id);
  const paymentMethodAfter = afterPaymentAttempt(pm, { paymentIntent: intent.id, customer: intent.customer, saved: false });
  return { state: { ...state, intent, paymentMethod: null, authenticated: false }, charge, error, paymentMethodAfter };
}

/**
 * `POST /v1/payment_intents/:id` before confirmation: the shared update (intent-lifecycle.ts), with
 * the amount, currency and capture fields of a payment; the amount must stay above the minimum.
 */
export function updatePaymentIntent(current: PaymentIntentState, params: UpdatePaymentIntentParams): PaymentIntentState {
  const intent = current.intent;
  refuseUnlessAllowed('PaymentIntent', 'update', intent.status);
  const currency = params.currency ?? intent.currency;
  const amount = params.amount ?? intent.amount;
  refuseBelowMinimum(amount, currency);
  const next = updatedIntent('PaymentIntent', current, params, {
    amount,
    currency,
    setup_future_usage: params.setupFutureUsage ?? intent.setup_future_usage,
    capture_method: params.captureMethod ?? intent.capture_method,
    receipt_email: params.receiptEmail ?? intent.receipt_email,
    statement_descriptor: params.statementDescriptor ?? intent.statement_descriptor,
    statement_descriptor_suffix: params.statementDescriptorSuffix ?? intent.statement_descriptor_suffix,
  });
  return { ...current, ...next, authenticated: current.authenticated && params.paymentMethod === undefined };
}

export function capturePaymentIntent(current: PaymentIntentState, amountToCapture: number | undefined): PaymentIntentState {
  const intent = current.intent;
  refuseUnlessAllowed('PaymentIntent', 'capture', intent.status);
  const amount = amountToCapture ?? intent.amount_capturable;
  if (amount > intent.amount_capturable) {
    throw invalidRequest(
      `The amount to capture (${amount}) must be less than or equal to the amount capturable (${intent.amount_capturable}).`,
      { param: 'amount_to_capture' },
    );
  }
  return {
    ...current,
    intent: { ...intent, status: 'succeeded', amount_received: amount, amount_capturable: 0 },
  };
}

export function cancelPaymentIntent(current: PaymentIntentState, reason: CancellationReason | undefined, now: number): PaymentIntentState {
  const intent = current.intent;
  refuseUnlessAllowed('PaymentIntent', 'cancel', intent.status);
  return {
    ...current,
    intent: {
      ...intent,
      status: 'canceled',
      canceled_at: now,
      cancellation_reason: reason ?? null,
      amount_capturable: 0,
      next_action: null,
    },
  };
}
