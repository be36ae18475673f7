/**
 * The SetupIntent state machine as plain functions: no HTTP, no storage (facts: PaymentIntent and
 * SetupIntent — "SetupIntent has the same minus capture, ending `succeeded`").
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
 */
import { authenticationStep, verificationDecline, type Decline, type ThreeDSecurePolicy } from './cards';
import { cardError, docUrlFor, invalidRequest, type StripeApiError } from './errors';
import {
  authenticationNextAction,
  automaticPaymentMethodsAtCreate,
  needsReturnUrl,
  returnUrlRequiredMessage,
  type AutomaticPaymentMethods,
  type NextAction,
} from './next-actions';
import { refuseOtherCustomers, refuseReuse, type PaymentMethod, type PaymentMethodRecord } from './payment-methods';

export type SetupIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'canceled'
  | 'succeeded';

export type SetupIntentUsage = 'on_session' | 'off_session';
export type SetupCancellationReason = 'abandoned' | 'duplicate' | 'requested_by_customer';

export interface LastSetupError {
  type: 'card_error' | 'invalid_request_error';
  code: string;
  decline_code?: string;
  message: string;
  param?: string;
  doc_url: string;
  payment_method: PaymentMethod;
}

/** The wire object (docs.stripe.com/api/setup_intents/object; stripe-node `Stripe.SetupIntent`). */
export interface SetupIntent {
  id: string;
  object: 'setup_intent';
  allowed_payment_method_types: string[] | null;
  application: null;
  automatic_payment_methods: AutomaticPaymentMethods | null;
  cancellation_reason: SetupCancellationReason | null;
  client_secret: string;
  created: number;
  customer: string | null;
  description: string | null;
  excluded_payment_method_types: null;
  flow_directions: null;
  last_setup_error: LastSetupError | null;
  latest_attempt: string | null;
  livemode: false;
  mandate: null;
  metadata: Record<string, string>;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_configuration_details: null;
  payment_method_options: {
    card: { mandate_options: null; network: null; request_three_d_secure: ThreeDSecurePolicy };
  };
  payment_method_types: string[];
  single_use_mandate: null;
  status: SetupIntentStatus;
  usage: SetupIntentUsage;
}

export interface SetupIntentState {
  intent: SetupIntent;
  paymentMethod: PaymentMethodRecord | null;
  returnUrl: string | null;
  useStripeSdk: boolean;
}

export interface SetupContext {
  apiVersion: string;
  /** Unix seconds. */
  now: number;
  newId(prefix: 'seti' | 'setatt' | 'src'): string;
  newClientSecret(intentId: string): string;
  /** Where the hosted 3DS page for this intent lives. */
  challengeUrl(intentId: string, clientSecret: string): string;
}

/**
 * The result of a transition. On success, `attachedPaymentMethod` is the PaymentMethod as it must now
 * be stored (attached to the Customer, set up for off-session use); `newlyAttached` says whether it
 * was attached by this success (and so gets a `payment_method.attached` Event).
 */
export interface SetupTransition {
  state: SetupIntentState;
  error?: StripeApiError;
  attachedPaymentMethod?: PaymentMethodRecord;
  newlyAttached?: boolean;
}

export interface CreateSetupIntentParams {
  customer?: string;
  paymentMethod?: PaymentMethodRecord;
  paymentMethodTypes?: string[];
  automaticPaymentMethods?: { enabled: boolean; allowRedirects?: 'always' | 'never' };
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

const CONFIRMABLE: readonly SetupIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const CANCELABLE: readonly SetupIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

function unexpectedState(message: string): StripeApiError {
  return invalidRequest(message, { code: 'setup_intent_unexpected_state' });
}

export function createSetupIntent(params: CreateSetupIntentParams, ctx: SetupContext): SetupTransition {
  const automatic = automaticPaymentMethodsAtCreate(params.paymentMethodTypes, params.automaticPaymentMethods, ctx.apiVersion);
  if (params.paymentMethod !== undefined) refuseReuse(params.paymentMethod, params.customer ?? null);
  const id = ctx.newId('seti');
  const intent: SetupIntent = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: automatic,
    cancellation_reason: null,
    client_secret: ctx.newClientSecret(id),
    created: ctx.now,
    customer: params.customer ?? null,
    description: params.description ?? null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: params.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: params.paymentMethod?.paymentMethod.id ?? null,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { mandate_options: null, network: null, request_three_d_secure: params.requestThreeDSecure ?? 'automatic' },
    },
    payment_method_types: params.paymentMethodTypes ?? ['card'],
    single_use_mandate: null,
    status: params.paymentMethod === undefined ? 'requires_payment_method' : 'requires_confirmation',
    // docs.stripe.com/api/setup_intents/create: `usage` defaults to off_session.
    usage: params.usage ?? 'off_session',
  };
  const state: SetupIntentState = {
    intent,
    paymentMethod: params.paymentMethod ?? null,
    returnUrl: params.returnUrl ?? null,
    useStripeSdk: params.useStripeSdk ?? false,
  };
  if (params.confirm !== true) return { state };
  return confirmSetupIntent(state, {}, ctx);
}

export function confirmSetupIntent(current: SetupIntentState, params: ConfirmSetupIntentParams, ctx: SetupContext): SetupTransition {
  const status = current.intent.status;
  if (!CONFIRMABLE.includes(status)) {
    throw unexpectedState(
      `You cannot confirm this SetupIntent because it has a status of ${status}. Only a SetupIntent with one of ` +
        'the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.',
    );
  }
  const paymentMethod = params.paymentMethod ?? current.paymentMethod;
  if (paymentMethod === null) {
    throw unexpectedState(
      "You cannot confirm this SetupIntent because it's missing a payment method. Update the SetupIntent with a " +
        'payment method and then confirm it again, or confirm it again directly with a payment method.',
    );
  }
  refuseReuse(paymentMethod, current.intent.customer, { setupIntent: current.intent });
  const intent: SetupIntent = {
    ...current.intent,
    payment_method: paymentMethod.paymentMethod.id,
    payment_method_options: {
      card: {
        ...current.intent.payment_method_options.card,
        request_three_d_secure: params.requestThreeDSecure ?? current.intent.payment_method_options.card.request_three_d_secure,
      },
    },
  };
  const state: SetupIntentState = {
    intent,
    paymentMethod,
    returnUrl: params.returnUrl ?? current.returnUrl,
    useStripeSdk: params.useStripeSdk ?? current.useStripeSdk,
  };
  if (needsReturnUrl(intent.automatic_payment_methods, state.returnUrl, false)) {
    intent.status = 'requires_confirmation';
    return { state, error: invalidRequest(returnUrlRequiredMessage('SetupIntent'), { setupIntent: intent }) };
  }
  intent.last_setup_error = null;
  intent.next_action = null;
  intent.latest_attempt = ctx.newId('setatt');

  const step = authenticationStep(paymentMethod.card, {
    policy: intent.payment_method_options.card.request_three_d_secure,
    offSession: false,
    setUpForOffSession: paymentMethod.setUpForOffSession,
  });
  switch (step.kind) {
    case 'declined':
      return fail(state, step.decline);
    case 'challenge':
      intent.status = 'requires_action';
      intent.next_action = authenticationNextAction({
        pageUrl: ctx.challengeUrl(intent.id, intent.client_secret),
        returnUrl: state.returnUrl,
        useStripeSdk: state.useStripeSdk,
        sourceId: ctx.newId('src'),
      });
      return { state };
    case 'none':
      return verify(state);
  }
}

/** The customer completes or fails the 3DS challenge on the hosted page. */
export function finishSetupAuthentication(current: SetupIntentState, outcome: 'complete' | 'fail'): SetupTransition {
  if (current.intent.status !== 'requires_action' || current.paymentMethod === null) {
    throw unexpectedState(`This SetupIntent has a status of ${current.intent.status}; there is no authentication to complete.`);
  }
  const state: SetupIntentState = { ...current, intent: { ...current.intent, next_action: null } };
  if (outcome === 'complete') return verify(state);
  // facts: failing the challenge → requires_payment_method; Stripe's SetupIntent code is
  // setup_intent_authentication_failure (docs.stripe.com/error-codes#setup-intent-authentication-failure).
  state.intent.status = 'requires_payment_method';
  state.intent.last_setup_error = {
    type: 'invalid_request_error',
    code: 'setup_intent_authentication_failure',
    // Stripe's text as merchants quote it (e.g. chargebee.com/docs "setup_intent_authentication_failure").
    message: 'The provided payment method has failed authentication. Provide a new payment method to attempt to fulfill this SetupIntent again.',
    doc_url: docUrlFor('setup_intent_authentication_failure'),
    payment_method: current.paymentMethod.paymentMethod,
  };
  state.intent.payment_method = null;
  state.paymentMethod = null;
  return { state };
}

/** Stripe's card check, then success: attach to the Customer and remember the off-session setup. */
function verify(state: SetupIntentState): SetupTransition {
  const pm = state.paymentMethod!;
  const decline = verificationDecline(pm.card, pm.cvcProvided);
  if (decline !== undefined) return fail(state, decline);
  state.intent.status = 'succeeded';
  state.intent.next_action = null;
  const customer = state.intent.customer;
  const attachedPaymentMethod: PaymentMethodRecord = {
    ...pm,
    setUpForOffSession: pm.setUpForOffSession || state.intent.usage === 'off_session',
    paymentMethod: { ...pm.paymentMethod, customer: customer ?? pm.paymentMethod.customer },
  };
  const newlyAttached = customer !== null && pm.paymentMethod.customer !== customer;
  return { state: { ...state, paymentMethod: attachedPaymentMethod }, attachedPaymentMethod, newlyAttached };
}

/** A declined setup: back to requires_payment_method, `last_setup_error`, and a 402 embedding the intent. */
function fail(state: SetupIntentState, reason: Decline): SetupTransition {
  const pm = state.paymentMethod!;
  const intent = state.intent;
  intent.status = 'requires_payment_method';
  intent.next_action = null;
  intent.last_setup_error = {
    type: 'card_error',
    code: reason.code,
    ...(reason.declineCode === undefined ? {} : { decline_code: reason.declineCode }),
    message: reason.message,
    ...(reason.param === undefined ? {} : { param: reason.param }),
    doc_url: docUrlFor(reason.code),
    payment_method: pm.paymentMethod,
  };
  intent.payment_method = null;
  const error = cardError({
    code: reason.code,
    ...(reason.declineCode === undefined ? {} : { declineCode: reason.declineCode }),
    message: reason.message,
    ...(reason.param === undefined ? {} : { param: reason.param }),
    setupIntent: intent,
    paymentMethod: pm.paymentMethod,
  });
  return { state: { ...state, intent, paymentMethod: null }, error };
}

export interface UpdateSetupIntentParams {
  customer?: string;
  paymentMethod?: PaymentMethodRecord;
  description?: string;
  metadata?: Record<string, string>;
  requestThreeDSecure?: ThreeDSecurePolicy;
}

/** `POST /v1/setup_intents/:id` before success; a new PaymentMethod waits for confirmation again. */
export function updateSetupIntent(current: SetupIntentState, params: UpdateSetupIntentParams): SetupIntentState {
  const intent = current.intent;
  if (!CONFIRMABLE.includes(intent.status)) {
    throw unexpectedState(
      `You cannot update this SetupIntent because it has a status of ${intent.status}. Updates are only allowed when ` +
        'the SetupIntent has one of the following statuses: requires_payment_method, requires_confirmation, requires_action.',
    );
  }
  const customer = params.customer ?? intent.customer;
  if (params.paymentMethod !== undefined) refuseReuse(params.paymentMethod, customer, { setupIntent: intent });
  else if (params.customer !== undefined && current.paymentMethod !== null) refuseOtherCustomers(current.paymentMethod, customer, { setupIntent: intent });
  const next: SetupIntent = {
    ...intent,
    customer,
    description: params.description ?? intent.description,
    metadata: { ...intent.metadata, ...(params.metadata ?? {}) },
    payment_method_options: {
      card: {
        ...intent.payment_method_options.card,
        request_three_d_secure: params.requestThreeDSecure ?? intent.payment_method_options.card.request_three_d_secure,
      },
    },
  };
  if (params.paymentMethod === undefined) return { ...current, intent: next };
  return {
    ...current,
    intent: { ...next, payment_method: params.paymentMethod.paymentMethod.id, status: 'requires_confirmation', next_action: null },
    paymentMethod: params.paymentMethod,
  };
}

export function cancelSetupIntent(current: SetupIntentState, reason: SetupCancellationReason | undefined): SetupIntentState {
  const status = current.intent.status;
  if (!CANCELABLE.includes(status)) {
    throw unexpectedState(
      `You cannot cancel this SetupIntent because it has a status of ${status}. Only a SetupIntent with one of the ` +
        'following statuses may be canceled: requires_payment_method, requires_confirmation, requires_action.',
    );
  }
  return {
    ...current,
    intent: { ...current.intent, status: 'canceled', cancellation_reason: reason ?? null, next_action: null },
  };
}

/** Whether the redirect back to the shop reports success (facts: `redirect_status`). */
export function setupRedirectStatus(intent: SetupIntent): 'succeeded' | 'failed' {
  return intent.status === 'succeeded' || intent.status === 'processing' ? 'succeeded' : 'failed';
}
