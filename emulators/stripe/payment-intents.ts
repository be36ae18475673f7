/**
 * The PaymentIntent state machine as plain functions: no HTTP, no storage. Each function takes the
 * current state and returns the next one (and, where Stripe answers with an error after changing the
 * intent, that error alongside it); preconditions that leave the intent untouched throw.
 *
 * requires_payment_method → requires_confirmation → requires_action → (processing) →
 * requires_capture (manual capture) → succeeded; canceled from most states (facts: PaymentIntent).
 */
import { defaultCaptureMethod } from './api-versions';
import { authenticationStep, authorisationDecline, type Decline, type ThreeDSecurePolicy } from './cards';
import { cardError, docUrlFor, invalidRequest, type StripeApiError } from './errors';
import {
  authenticationNextAction,
  automaticPaymentMethodsAtCreate,
  needsReturnUrl,
  returnUrlRequiredMessage,
  type AutomaticPaymentMethods,
  type NextAction,
} from './next-actions';
import {
  afterPaymentAttempt,
  refuseOtherCustomers,
  refuseReuse,
  type PaymentMethod,
  type PaymentMethodRecord,
} from './payment-methods';

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export type CaptureMethod = 'automatic' | 'automatic_async' | 'manual';
export type SetupFutureUsage = 'on_session' | 'off_session';
export type CancellationReason = 'duplicate' | 'fraudulent' | 'requested_by_customer' | 'abandoned';

export interface LastPaymentError {
  type: 'card_error' | 'invalid_request_error';
  code: string;
  decline_code?: string;
  message: string;
  param?: string;
  charge?: string;
  doc_url: string;
  payment_method: PaymentMethod;
}

export type { NextAction } from './next-actions';

/** The wire object (docs.stripe.com/api/payment_intents/object), the fields this stand-in models. */
export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  allowed_payment_method_types: string[] | null;
  amount: number;
  amount_capturable: number;
  amount_received: number;
  application: null;
  application_fee_amount: null;
  automatic_payment_methods: AutomaticPaymentMethods | null;
  canceled_at: number | null;
  cancellation_reason: CancellationReason | null;
  capture_method: CaptureMethod;
  client_secret: string;
  confirmation_method: 'automatic' | 'manual';
  created: number;
  currency: string;
  customer: string | null;
  customer_account: null;
  description: string | null;
  excluded_payment_method_types: null;
  last_payment_error: LastPaymentError | null;
  latest_charge: string | null;
  livemode: false;
  managed_payments: null;
  metadata: Record<string, string>;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_configuration_details: null;
  payment_method_options: { card: { request_three_d_secure: ThreeDSecurePolicy; capture_method?: 'manual' } };
  payment_method_types: string[];
  payment_record: null;
  processing: null;
  receipt_email: string | null;
  review: null;
  setup_future_usage: SetupFutureUsage | null;
  shipping: null;
  source: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: PaymentIntentStatus;
  transfer_group: null;
}

export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application: null;
  application_fee: null;
  application_fee_amount: null;
  balance_transaction: null;
  billing_details: PaymentMethod['billing_details'];
  calculated_statement_descriptor: string | null;
  captured: boolean;
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  disputed: false;
  failure_balance_transaction: null;
  failure_code: string | null;
  failure_message: string | null;
  fraud_details: Record<string, never>;
  livemode: false;
  metadata: Record<string, string>;
  on_behalf_of: null;
  outcome: {
    network_status: 'approved_by_network' | 'declined_by_network' | 'not_sent_to_network';
    reason: string | null;
    risk_level: 'normal' | 'highest';
    seller_message: string;
    type: 'authorized' | 'issuer_declined' | 'blocked';
  };
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  receipt_email: string | null;
  receipt_number: null;
  receipt_url: null;
  refunded: false;
  review: null;
  shipping: null;
  source: null;
  source_transfer: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  transfer_data: null;
  transfer_group: null;
  payment_method_details: {
    type: 'card';
    card: { brand: string; last4: string; exp_month: number; exp_year: number; three_d_secure: { result: 'authenticated' } | null };
  };
  status: 'succeeded' | 'failed';
}

/** The intent plus what Stripe keeps about it but doesn't show. */
export interface PaymentIntentState {
  intent: PaymentIntent;
  /** The attached PaymentMethod (`intent.payment_method` is its id). */
  paymentMethod: PaymentMethodRecord | null;
  returnUrl: string | null;
  offSession: boolean;
  useStripeSdk: boolean;
  /** The customer completed 3DS for the current attempt (manual confirmation then re-confirms). */
  authenticated: boolean;
}

/** What the machine needs from its surroundings; tests pass fixed values. */
export interface IntentContext {
  apiVersion: string;
  /** Unix seconds. */
  now: number;
  newId(prefix: 'pi' | 'ch' | 'src'): string;
  newClientSecret(intentId: string): string;
  /** Where the hosted 3DS page for this intent lives. */
  challengeUrl(intentId: string, clientSecret: string): string;
}

/** The result of a transition: the state to store, a charge to store, and Stripe's error if any. */
export interface Transition {
  state: PaymentIntentState;
  charge?: Charge;
  error?: StripeApiError;
  /** The PaymentMethod as it must now be stored, when a concluded attempt changed it (spent, set up, attached). */
  paymentMethodAfter?: PaymentMethodRecord;
  /** Set when a success with `setup_future_usage` saved the PaymentMethod to the intent's Customer (its Event). */
  attachedPaymentMethod?: PaymentMethodRecord;
}

export interface CreatePaymentIntentParams {
  amount: number;
  currency: string;
  customer?: string;
  paymentMethod?: PaymentMethodRecord;
  paymentMethodTypes?: string[];
  automaticPaymentMethods?: { enabled: boolean; allowRedirects?: 'always' | 'never' };
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

/** Smallest charge per currency, in minor units (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). */
const MINIMUM_AMOUNT: Readonly<Record<string, { minor: number; display: string }>> = {
  usd: { minor: 50, display: '$0.50 usd' },
  eur: { minor: 50, display: '€0.50 eur' },
  gbp: { minor: 30, display: '£0.30 gbp' },
};

const CONFIRMABLE: readonly PaymentIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const CANCELABLE: readonly PaymentIntentStatus[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];

function unexpectedState(message: string): StripeApiError {
  return invalidRequest(message, { code: 'payment_intent_unexpected_state' });
}

export function createPaymentIntent(params: CreatePaymentIntentParams, ctx: IntentContext): Transition {
  const minimum = MINIMUM_AMOUNT[params.currency];
  if (minimum !== undefined && params.amount < minimum.minor) {
    throw invalidRequest(`Amount must be at least ${minimum.display}`, { code: 'amount_too_small', param: 'amount' });
  }
  const automatic = automaticPaymentMethodsAtCreate(params.paymentMethodTypes, params.automaticPaymentMethods, ctx.apiVersion);
  // Reuse rules (payment-methods.ts): a spent PaymentMethod, or another Customer's, is refused at create.
  if (params.paymentMethod !== undefined) refuseReuse(params.paymentMethod, params.customer ?? null);

  const id = ctx.newId('pi');
  const intent: PaymentIntent = {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: params.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: automatic,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: params.captureMethod ?? defaultCaptureMethod(ctx.apiVersion),
    client_secret: ctx.newClientSecret(id),
    confirmation_method: params.confirmationMethod ?? 'automatic',
    created: ctx.now,
    currency: params.currency,
    customer: params.customer ?? null,
    customer_account: null,
    description: params.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: params.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: params.paymentMethod?.paymentMethod.id ?? null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: {
        request_three_d_secure: params.requestThreeDSecure ?? 'automatic',
        ...(params.cardCaptureMethod === undefined ? {} : { capture_method: params.cardCaptureMethod }),
      },
    },
    payment_method_types: params.paymentMethodTypes ?? ['card'],
    payment_record: null,
    processing: null,
    receipt_email: params.receiptEmail ?? null,
    review: null,
    setup_future_usage: params.setupFutureUsage ?? null,
    shipping: null,
    source: null,
    statement_descriptor: params.statementDescriptor ?? null,
    statement_descriptor_suffix: params.statementDescriptorSuffix ?? null,
    status: params.paymentMethod === undefined ? 'requires_payment_method' : 'requires_confirmation',
    transfer_group: null,
  };
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

export function confirmPaymentIntent(
  current: PaymentIntentState,
  params: ConfirmPaymentIntentParams,
  ctx: IntentContext,
): Transition {
  const status = current.intent.status;
  if (status === 'succeeded') {
    throw unexpectedState('You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.');
  }
  if (!CONFIRMABLE.includes(status)) {
    throw unexpectedState(
      `You cannot confirm this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of ` +
        'the following statuses may be confirmed: requires_confirmation, requires_payment_method, requires_action.',
    );
  }
  const paymentMethod = params.paymentMethod ?? current.paymentMethod;
  const changedPaymentMethod = params.paymentMethod !== undefined && params.paymentMethod !== current.paymentMethod;
  const intent: PaymentIntent = {
    ...current.intent,
    payment_method: paymentMethod?.paymentMethod.id ?? null,
    capture_method: params.captureMethod ?? current.intent.capture_method,
    setup_future_usage: params.setupFutureUsage ?? current.intent.setup_future_usage,
    receipt_email: params.receiptEmail ?? current.intent.receipt_email,
    payment_method_options: {
      card: {
        ...current.intent.payment_method_options.card,
        request_three_d_secure: params.requestThreeDSecure ?? current.intent.payment_method_options.card.request_three_d_secure,
      },
    },
  };
  const state: PaymentIntentState = {
    intent,
    paymentMethod,
    returnUrl: params.returnUrl ?? current.returnUrl,
    offSession: params.offSession ?? current.offSession,
    useStripeSdk: params.useStripeSdk ?? current.useStripeSdk,
    authenticated: current.authenticated && !changedPaymentMethod,
  };
  if (paymentMethod === null) {
    throw unexpectedState(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the " +
        'PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.',
    );
  }
  refuseReuse(paymentMethod, intent.customer, { paymentIntent: current.intent });
  if (needsReturnUrl(intent.automatic_payment_methods, state.returnUrl, state.offSession)) {
    const error = invalidRequest(returnUrlRequiredMessage('PaymentIntent'), { paymentIntent: intent });
    intent.status = 'requires_confirmation';
    return { state, error };
  }

  intent.last_payment_error = null;
  intent.next_action = null;
  if (state.authenticated) return authorise(state, ctx);

  const step = authenticationStep(paymentMethod.card, {
    policy: intent.payment_method_options.card.request_three_d_secure,
    offSession: state.offSession,
    setUpForOffSession: paymentMethod.setUpForOffSession,
  });
  switch (step.kind) {
    case 'declined':
      return decline(state, step.decline, ctx);
    case 'challenge':
      intent.status = 'requires_action';
      intent.next_action = nextActionFor(state, ctx);
      return { state };
    case 'none':
      return authorise(state, ctx);
  }
}

/**
 * `redirect_to_url` when confirmed server-side with a `return_url`; `use_stripe_sdk` otherwise, or
 * when the caller asked for it (facts: `next_action`).
 */
function nextActionFor(state: PaymentIntentState, ctx: IntentContext): NextAction {
  return authenticationNextAction({
    pageUrl: ctx.challengeUrl(state.intent.id, state.intent.client_secret),
    returnUrl: state.returnUrl,
    useStripeSdk: state.useStripeSdk,
    sourceId: ctx.newId('src'),
  });
}

export type AuthenticationOutcome = 'complete' | 'fail';

/** The customer completes or fails the 3DS challenge on the hosted page. */
export function finishAuthentication(current: PaymentIntentState, outcome: AuthenticationOutcome, ctx: IntentContext): Transition {
  if (current.intent.status !== 'requires_action' || current.paymentMethod === null) {
    throw unexpectedState(
      `This PaymentIntent has a status of ${current.intent.status}; there is no authentication to complete.`,
    );
  }
  const state: PaymentIntentState = { ...current, intent: { ...current.intent, next_action: null } };
  if (outcome === 'fail') {
    // facts: failing the challenge → requires_payment_method, code payment_intent_authentication_failure.
    state.intent.status = 'requires_payment_method';
    state.intent.last_payment_error = {
      type: 'invalid_request_error',
      code: 'payment_intent_authentication_failure',
      message:
        'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new ' +
        'PaymentMethod to attempt to fulfill this PaymentIntent again.',
      doc_url: docUrlFor('payment_intent_authentication_failure'),
      payment_method: current.paymentMethod.paymentMethod,
    };
    state.intent.payment_method = null;
    state.paymentMethod = null;
    state.authenticated = false;
    const paymentMethodAfter = afterPaymentAttempt(current.paymentMethod, { paymentIntent: state.intent.id, customer: state.intent.customer, saved: false });
    return { state, paymentMethodAfter };
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
  const pm = state.paymentMethod!;
  const decline = outcome.decline;
  const blocked = decline?.declineCode === 'fraudulent';
  return {
    id: ctx.newId('ch'),
    object: 'charge',
    amount: state.intent.amount,
    amount_captured: outcome.captured ? state.intent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: pm.paymentMethod.billing_details,
    calculated_statement_descriptor: state.intent.statement_descriptor,
    captured: outcome.captured,
    created: ctx.now,
    currency: state.intent.currency,
    customer: state.intent.customer,
    description: state.intent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...state.intent.metadata },
    on_behalf_of: null,
    outcome: {
      network_status: decline === undefined ? 'approved_by_network' : blocked ? 'not_sent_to_network' : 'declined_by_network',
      reason: decline?.declineCode ?? null,
      risk_level: blocked ? 'highest' : 'normal',
      seller_message: decline === undefined ? 'Payment complete.' : 'The bank did not return any further details with this decline.',
      type: decline === undefined ? 'authorized' : blocked ? 'blocked' : 'issuer_declined',
    },
    paid: decline === undefined,
    payment_intent: state.intent.id,
    payment_method: pm.paymentMethod.id,
    receipt_email: state.intent.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: state.intent.statement_descriptor,
    statement_descriptor_suffix: state.intent.statement_descriptor_suffix,
    transfer_data: null,
    transfer_group: null,
    payment_method_details: {
      type: 'card',
      card: {
        brand: pm.card.brand,
        last4: pm.card.number.slice(-4),
        exp_month: pm.paymentMethod.card.exp_month,
        exp_year: pm.paymentMethod.card.exp_year,
        three_d_secure: state.authenticated ? { result: 'authenticated' } : null,
      },
    },
    status: decline === undefined ? 'succeeded' : 'failed',
  };
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
  intent.status = 'requires_payment_method';
  intent.latest_charge = charge.id;
  intent.next_action = null;
  intent.last_payment_error = {
    type: 'card_error',
    code: reason.code,
    ...(reason.declineCode === undefined ? {} : { decline_code: reason.declineCode }),
    message: reason.message,
    ...(reason.param === undefined ? {} : { param: reason.param }),
    charge: charge.id,
    doc_url: docUrlFor(reason.code),
    payment_method: pm.paymentMethod,
  };
  // Stripe detaches the failed PaymentMethod; a retry must supply one (facts: declines).
  intent.payment_method = null;
  const next: PaymentIntentState = { ...state, intent, paymentMethod: null, authenticated: false };
  const error = cardError({
    code: reason.code,
    ...(reason.declineCode === undefined ? {} : { declineCode: reason.declineCode }),
    message: reason.message,
    ...(reason.param === undefined ? {} : { param: reason.param }),
    charge: charge.id,
    paymentIntent: intent,
    paymentMethod: pm.paymentMethod,
  });
  const paymentMethodAfter = afterPaymentAttempt(pm, { paymentIntent: intent.id, customer: intent.customer, saved: false });
  return { state: next, charge, error, paymentMethodAfter };
}

export interface UpdatePaymentIntentParams {
  amount?: number;
  currency?: string;
  customer?: string;
  paymentMethod?: PaymentMethodRecord;
  description?: string;
  metadata?: Record<string, string>;
  setupFutureUsage?: SetupFutureUsage;
  captureMethod?: CaptureMethod;
  requestThreeDSecure?: ThreeDSecurePolicy;
  receiptEmail?: string;
  statementDescriptor?: string;
  statementDescriptorSuffix?: string;
}

const UPDATABLE: readonly PaymentIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

/**
 * `POST /v1/payment_intents/:id` before confirmation. A new PaymentMethod drops any pending
 * authentication: the intent waits for confirmation again (docs.stripe.com/api/payment_intents/update).
 * Metadata merges key by key.
 */
export function updatePaymentIntent(current: PaymentIntentState, params: UpdatePaymentIntentParams): PaymentIntentState {
  const intent = current.intent;
  if (!UPDATABLE.includes(intent.status)) {
    throw unexpectedState(
      `You cannot update this PaymentIntent because it has a status of ${intent.status}. Updates are only allowed when ` +
        'the PaymentIntent has one of the following statuses: requires_payment_method, requires_confirmation, requires_action.',
    );
  }
  const currency = params.currency ?? intent.currency;
  const amount = params.amount ?? intent.amount;
  const minimum = MINIMUM_AMOUNT[currency];
  if (minimum !== undefined && amount < minimum.minor) {
    throw invalidRequest(`Amount must be at least ${minimum.display}`, { code: 'amount_too_small', param: 'amount' });
  }
  const newMethod = params.paymentMethod;
  const customer = params.customer ?? intent.customer;
  // Reuse rules (payment-methods.ts): a new PaymentMethod, or a new Customer for the one held.
  if (newMethod !== undefined) refuseReuse(newMethod, customer, { paymentIntent: intent });
  else if (params.customer !== undefined && current.paymentMethod !== null) refuseOtherCustomers(current.paymentMethod, customer, { paymentIntent: intent });
  const next: PaymentIntent = {
    ...intent,
    amount,
    currency,
    customer,
    description: params.description ?? intent.description,
    metadata: { ...intent.metadata, ...(params.metadata ?? {}) },
    setup_future_usage: params.setupFutureUsage ?? intent.setup_future_usage,
    capture_method: params.captureMethod ?? intent.capture_method,
    receipt_email: params.receiptEmail ?? intent.receipt_email,
    statement_descriptor: params.statementDescriptor ?? intent.statement_descriptor,
    statement_descriptor_suffix: params.statementDescriptorSuffix ?? intent.statement_descriptor_suffix,
    payment_method_options: {
      card: {
        ...intent.payment_method_options.card,
        request_three_d_secure: params.requestThreeDSecure ?? intent.payment_method_options.card.request_three_d_secure,
      },
    },
  };
  if (newMethod === undefined) return { ...current, intent: next };
  return {
    ...current,
    intent: { ...next, payment_method: newMethod.paymentMethod.id, status: 'requires_confirmation', next_action: null },
    paymentMethod: newMethod,
    authenticated: false,
  };
}

export function capturePaymentIntent(current: PaymentIntentState, amountToCapture: number | undefined): PaymentIntentState {
  const intent = current.intent;
  if (intent.status !== 'requires_capture') {
    throw unexpectedState(
      `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent ` +
        'with one of the following statuses may be captured: requires_capture.',
    );
  }
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

/** The charge as it looks after a capture. */
export function capturedCharge(charge: Charge, amount: number): Charge {
  return { ...charge, captured: true, amount_captured: amount };
}

export function cancelPaymentIntent(current: PaymentIntentState, reason: CancellationReason | undefined, now: number): PaymentIntentState {
  const intent = current.intent;
  if (!CANCELABLE.includes(intent.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with ` +
        'one of the following statuses may be canceled: requires_payment_method, requires_capture, ' +
        'requires_confirmation, requires_action, processing.',
    );
  }
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

/** Whether the redirect back to the shop reports success (facts: `redirect_status`). */
export function redirectStatus(intent: PaymentIntent): 'succeeded' | 'failed' {
  return intent.status === 'succeeded' || intent.status === 'requires_capture' || intent.status === 'processing'
    ? 'succeeded'
    : 'failed';
}
