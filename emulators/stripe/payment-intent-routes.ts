/**
 * PaymentIntents as the API and the hosted page drive them (docs.stripe.com/api/payment_intents):
 * parameters as in the API reference, and each operation as input → one call to the state machine
 * (payment-intents.ts) → the Events it announces (transition-events.ts). The steps every operation
 * shares are intent-routes.ts. Charges, which only PaymentIntents make, are retrieved here too.
 */
import { pathObject, unixNow, type ApiRequest } from './api-request';
import { refuseOtherThanCard } from './automatic-payment-methods';
import { capturedCharge } from './charge-object';
import { intentContext } from './intent-context';
import { confirmInputs, createdThenConfirmed, createInputs, unannounced, updateInputs, type IntentChange, type IntentResource } from './intent-routes';
import { bool, boolOr, hash, ignored, int, list, metadata, oneOf, read, str } from './params';
import {
  paymentRedirectStatus,
  type CancellationReason,
  type CaptureMethod,
  type PaymentIntentStatus,
  type SetupFutureUsage,
} from './payment-intent-object';
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntent,
  createPaymentIntent,
  finishAuthentication,
  updatePaymentIntent,
  type PaymentIntentState,
  type Transition,
} from './payment-intents';
import { refuseExpand } from './rendering';
import {
  currencyParam,
  defined,
  EXPAND,
  offSession,
  PAGINATION,
  PAYMENT_METHOD_FIELDS,
  STRIPE_JS_FIELDS,
} from './request-inputs';
import { paymentIntentEvents, paymentTransitionEvents } from './transition-events';

const CARD_OPTIONS = hash({
  request_three_d_secure: oneOf('automatic', 'any', 'challenge'),
  capture_method: oneOf('manual'),
});

const CONFIRM_FIELDS = {
  payment_method: str(),
  payment_method_data: hash(PAYMENT_METHOD_FIELDS, ['type']),
  return_url: str(),
  off_session: boolOr('one_off', 'recurring'),
  setup_future_usage: oneOf('on_session', 'off_session'),
  payment_method_options: hash({ card: CARD_OPTIONS }),
  capture_method: oneOf('automatic', 'automatic_async', 'manual'),
  use_stripe_sdk: bool(),
  receipt_email: str(),
  expand: EXPAND,
};

export const PAYMENT_INTENT_PARAMS = {
  create: hash(
    {
      amount: int(1),
      currency: str(),
      customer: str(),
      ...CONFIRM_FIELDS,
      payment_method_types: list(str()),
      allowed_payment_method_types: list(str()),
      excluded_payment_method_types: list(str()),
      automatic_payment_methods: hash({ enabled: bool(), allow_redirects: oneOf('always', 'never') }, ['enabled']),
      confirmation_method: oneOf('automatic', 'manual'),
      confirm: bool(),
      description: str(1000),
      metadata: metadata(),
      statement_descriptor: str(22),
      statement_descriptor_suffix: str(22),
    },
    ['amount', 'currency'],
  ),
  update: hash({
    amount: int(1),
    currency: str(),
    customer: str(),
    payment_method: str(),
    description: str(1000),
    metadata: metadata(),
    setup_future_usage: oneOf('on_session', 'off_session'),
    capture_method: oneOf('automatic', 'automatic_async', 'manual'),
    payment_method_options: hash({ card: CARD_OPTIONS }),
    receipt_email: str(),
    statement_descriptor: str(22),
    statement_descriptor_suffix: str(22),
    expand: EXPAND,
  }),
  confirm: hash({ ...CONFIRM_FIELDS, client_secret: str(), expected_payment_method_type: ignored(), ...STRIPE_JS_FIELDS }),
  retrieve: hash({ client_secret: str(), expand: EXPAND, ...STRIPE_JS_FIELDS }),
  list: hash({ customer: str(), ...PAGINATION, created: ignored(), expand: EXPAND }),
  capture: hash({ amount_to_capture: int(1), expand: EXPAND }),
  cancel: hash({ cancellation_reason: oneOf('duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'), expand: EXPAND }),
};

type Change = IntentChange<PaymentIntentState>;

/** A confirmation or an answered challenge, with its Events; `failedAuthentication` when the customer failed it. */
function attempted(before: PaymentIntentStatus | null, transition: Transition, failedAuthentication = false): Change {
  return { ...transition, events: paymentTransitionEvents(before, transition, failedAuthentication) };
}

/**
 * `POST /v1/payment_intents`. Parameters are read in this order, so that which error wins, and which
 * PaymentMethods a failing request has already made, stay as they are. With `confirm=true` the intent
 * is announced as created before whatever the confirmation did.
 */
function create(request: ApiRequest): Change {
  const p = request.params;
  const allowed = read.strings(p, 'allowed_payment_method_types');
  refuseOtherThanCard(allowed ?? [], 'allowed_payment_method_types');
  const ctx = intentContext(request);
  const created = createPaymentIntent(
    defined({
      amount: read.integer(p, 'amount')!,
      currency: currencyParam(p)!,
      ...createInputs(request),
      allowedPaymentMethodTypes: allowed,
      captureMethod: read.string(p, 'capture_method') as CaptureMethod | undefined,
      confirmationMethod: read.string(p, 'confirmation_method') as 'automatic' | 'manual' | undefined,
      offSession: offSession(p),
      setupFutureUsage: read.string(p, 'setup_future_usage') as SetupFutureUsage | undefined,
      cardCaptureMethod: read.string(read.hash(read.hash(p, 'payment_method_options') ?? {}, 'card') ?? {}, 'capture_method') as 'manual' | undefined,
      receiptEmail: read.string(p, 'receipt_email'),
      statementDescriptor: read.string(p, 'statement_descriptor'),
      statementDescriptorSuffix: read.string(p, 'statement_descriptor_suffix'),
    }),
    ctx,
  );
  return createdThenConfirmed(request, attempted(null, created), (state) => attempted(state.intent.status, confirmPaymentIntent(state, {}, ctx)));
}

function update(request: ApiRequest, state: PaymentIntentState): Change {
  const p = request.params;
  const next = updatePaymentIntent(
    state,
    defined({
      amount: read.integer(p, 'amount'),
      currency: currencyParam(p),
      ...updateInputs(request),
      setupFutureUsage: read.string(p, 'setup_future_usage') as SetupFutureUsage | undefined,
      captureMethod: read.string(p, 'capture_method') as CaptureMethod | undefined,
      receiptEmail: read.string(p, 'receipt_email'),
      statementDescriptor: read.string(p, 'statement_descriptor'),
      statementDescriptorSuffix: read.string(p, 'statement_descriptor_suffix'),
    }),
  );
  return unannounced(next);
}

function confirm(request: ApiRequest, state: PaymentIntentState): Change {
  const p = request.params;
  const transition = confirmPaymentIntent(
    state,
    defined({
      ...confirmInputs(request),
      offSession: offSession(p),
      setupFutureUsage: read.string(p, 'setup_future_usage') as SetupFutureUsage | undefined,
      captureMethod: read.string(p, 'capture_method') as CaptureMethod | undefined,
      receiptEmail: read.string(p, 'receipt_email'),
    }),
    intentContext(request),
  );
  return attempted(state.intent.status, transition);
}

function capture(request: ApiRequest, state: PaymentIntentState): Change {
  const next = capturePaymentIntent(state, read.integer(request.params, 'amount_to_capture'));
  const chargeId = next.intent.latest_charge;
  const charge = chargeId === null ? undefined : request.account.objects.charges.get(chargeId);
  const captured = charge === undefined ? undefined : capturedCharge(charge, next.intent.amount_received);
  const events = paymentIntentEvents(defined({ before: state.intent.status, after: next.intent, charge: captured, captured: true, failed: false }));
  return { state: next, events, ...(captured === undefined ? {} : { charge: captured }) };
}

function cancel(request: ApiRequest, state: PaymentIntentState): Change {
  const reason = read.string(request.params, 'cancellation_reason') as CancellationReason | undefined;
  const next = cancelPaymentIntent(state, reason, unixNow(request));
  return { state: next, events: paymentIntentEvents({ before: state.intent.status, after: next.intent, failed: false }) };
}

export const PAYMENT_INTENTS: IntentResource<PaymentIntentState, 'update' | 'confirm' | 'capture' | 'cancel'> = {
  kind: 'PaymentIntent',
  object: 'payment_intent',
  stored: (objects) => objects.paymentIntents,
  create,
  operations: { update, confirm, capture, cancel },
  list: { url: '/v1/payment_intents', filters: ['customer'] },
  finishAuthentication: (state, outcome, ctx) => attempted(state.intent.status, finishAuthentication(state, outcome, ctx), outcome === 'fail'),
  redirectStatus: paymentRedirectStatus,
};

/** `GET /v1/charges/:charge`. */
export function retrieveCharge(request: ApiRequest): unknown {
  refuseExpand(request);
  return pathObject(request, 'charge', (id) => request.account.objects.charges.get(id));
}
