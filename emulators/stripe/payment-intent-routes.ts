/**
 * PaymentIntent endpoints (docs.stripe.com/api/payment_intents): parameters as in the API reference,
 * handlers that only translate between them and payment-intents.ts, store the result and record the
 * transition's Events.
 */
import { resourceMissing, invalidRequest } from './errors';
import {
  checkClientSecret,
  defined,
  existingCustomer,
  intentContext,
  offSession,
  record,
  render,
  renderPage,
  paymentMethodParam,
  returnUrl,
  threeDSecurePolicy,
  unixNow,
  type ApiRequest,
  PAYMENT_METHOD_FIELDS,
} from './handler-support';
import { bool, boolOr, hash, ignored, int, list, metadata, oneOf, read, str } from './params';
import {
  cancelPaymentIntent,
  capturedCharge,
  capturePaymentIntent,
  confirmPaymentIntent,
  createPaymentIntent,
  updatePaymentIntent,
  type CancellationReason,
  type CaptureMethod,
  type PaymentIntentState,
  type PaymentIntentStatus,
  type SetupFutureUsage,
  type Transition,
} from './payment-intents';
import { paymentIntentEvents, paymentTransitionEvents } from './transition-events';

const expand = list(str());

/** Sent by Stripe.js alongside its requests; accepted and ignored. */
export const STRIPE_JS_FIELDS = {
  key: ignored(),
  guid: ignored(),
  muid: ignored(),
  sid: ignored(),
  payment_user_agent: ignored(),
  time_on_page: ignored(),
  referrer: ignored(),
  _stripe_version: ignored(),
};

export const CARD_OPTIONS = hash({
  request_three_d_secure: oneOf('automatic', 'any', 'challenge'),
  capture_method: oneOf('manual'),
});

const PAYMENT_INTENT_CONFIRM_FIELDS = {
  payment_method: str(),
  payment_method_data: hash(PAYMENT_METHOD_FIELDS, ['type']),
  return_url: str(),
  off_session: boolOr('one_off', 'recurring'),
  setup_future_usage: oneOf('on_session', 'off_session'),
  payment_method_options: hash({ card: CARD_OPTIONS }),
  capture_method: oneOf('automatic', 'automatic_async', 'manual'),
  use_stripe_sdk: bool(),
  receipt_email: str(),
  expand,
};

export const PAYMENT_INTENT_CREATE = hash(
  {
    amount: int(1),
    currency: str(),
    customer: str(),
    ...PAYMENT_INTENT_CONFIRM_FIELDS,
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
);

export const PAYMENT_INTENT_UPDATE = hash({
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
  expand,
});

export const PAYMENT_INTENT_CONFIRM = hash({
  ...PAYMENT_INTENT_CONFIRM_FIELDS,
  client_secret: str(),
  expected_payment_method_type: ignored(),
  ...STRIPE_JS_FIELDS,
});

export const PAYMENT_INTENT_RETRIEVE = hash({ client_secret: str(), expand, ...STRIPE_JS_FIELDS });
export const PAYMENT_INTENT_LIST = hash({
  customer: str(),
  limit: int(),
  starting_after: str(),
  ending_before: str(),
  created: ignored(),
  expand,
});
export const PAYMENT_INTENT_CAPTURE = hash({ amount_to_capture: int(1), expand });
export const PAYMENT_INTENT_CANCEL = hash({
  cancellation_reason: oneOf('duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'),
  expand,
});

function findIntent(request: ApiRequest): PaymentIntentState {
  const id = request.pathParams.intent ?? '';
  const state = request.account.objects.paymentIntent(id);
  if (state === undefined) throw resourceMissing('payment_intent', id);
  checkClientSecret(request, 'PaymentIntent', state.intent.client_secret);
  return state;
}

function currencyOf(request: ApiRequest): string | undefined {
  const raw = read.string(request.params, 'currency');
  if (raw === undefined) return undefined;
  const currency = raw.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) {
    throw invalidRequest(`Invalid currency: ${currency.slice(0, 20)}. Currencies are three-letter ISO codes such as usd or eur.`, {
      param: 'currency',
    });
  }
  return currency;
}

/** Stores what a transition produced, records its Events, then answers with the intent or Stripe's error. */
function settle(request: ApiRequest, before: PaymentIntentStatus | null, transition: Transition): unknown {
  request.account.objects.storePaymentIntentTransition(transition);
  record(request, paymentTransitionEvents(before, transition, false));
  if (transition.error !== undefined) throw transition.error;
  return render(request, transition.state.intent);
}

function createIntent(request: ApiRequest): unknown {
  const p = request.params;
  const automatic = read.hash(p, 'automatic_payment_methods');
  const cardOptions = read.hash(read.hash(p, 'payment_method_options') ?? {}, 'card') ?? {};
  const allowed = read.strings(p, 'allowed_payment_method_types');
  for (const [i, type] of (allowed ?? []).entries()) {
    if (type !== 'card') {
      throw invalidRequest(`The payment method type provided: ${type} is invalid. This stand-in models card payments only.`, {
        code: 'payment_method_unactivated',
        param: `allowed_payment_method_types[${i}]`,
      });
    }
  }
  const transition = createPaymentIntent(
    defined({
      amount: read.integer(p, 'amount')!,
      currency: currencyOf(request)!,
      customer: existingCustomer(request, read.string(p, 'customer')),
      paymentMethod: paymentMethodParam(request),
      paymentMethodTypes: read.strings(p, 'payment_method_types'),
      automaticPaymentMethods:
        automatic === undefined
          ? undefined
          : defined({
              enabled: read.boolean(automatic, 'enabled')!,
              allowRedirects: read.string(automatic, 'allow_redirects') as 'always' | 'never' | undefined,
            }),
      captureMethod: read.string(p, 'capture_method') as CaptureMethod | undefined,
      confirmationMethod: read.string(p, 'confirmation_method') as 'automatic' | 'manual' | undefined,
      confirm: read.boolean(p, 'confirm'),
      returnUrl: returnUrl(p),
      offSession: offSession(p),
      setupFutureUsage: read.string(p, 'setup_future_usage') as SetupFutureUsage | undefined,
      requestThreeDSecure: threeDSecurePolicy(p),
      cardCaptureMethod: read.string(cardOptions, 'capture_method') as 'manual' | undefined,
      useStripeSdk: read.boolean(p, 'use_stripe_sdk'),
      description: read.string(p, 'description'),
      metadata: read.metadata(p, 'metadata'),
      receiptEmail: read.string(p, 'receipt_email'),
      statementDescriptor: read.string(p, 'statement_descriptor'),
      statementDescriptorSuffix: read.string(p, 'statement_descriptor_suffix'),
    }),
    intentContext(request),
  );
  if (allowed !== undefined) {
    transition.state.intent.payment_method_types = allowed;
    transition.state.intent.allowed_payment_method_types = allowed;
  }
  if (read.boolean(p, 'confirm') === true) {
    // The intent exists before its confirmation: created first, then whatever the confirm did.
    const asCreated = {
      ...transition.state.intent,
      status: 'requires_confirmation' as const,
      amount_capturable: 0,
      amount_received: 0,
      last_payment_error: null,
      latest_charge: null,
      next_action: null,
      payment_method: transition.state.intent.payment_method ?? (transition.state.intent.last_payment_error?.payment_method.id ?? null),
    };
    record(request, paymentIntentEvents({ before: null, after: asCreated, failed: false }).slice(0, 1));
    return settle(request, 'requires_confirmation', transition);
  }
  return settle(request, null, transition);
}

function retrieveIntent(request: ApiRequest): unknown {
  return render(request, findIntent(request).intent);
}

function updateIntent(request: ApiRequest): unknown {
  const state = findIntent(request);
  const p = request.params;
  const next = updatePaymentIntent(
    state,
    defined({
      amount: read.integer(p, 'amount'),
      currency: currencyOf(request),
      customer: existingCustomer(request, read.string(p, 'customer')),
      paymentMethod: paymentMethodParam(request),
      description: read.string(p, 'description'),
      metadata: read.metadata(p, 'metadata'),
      setupFutureUsage: read.string(p, 'setup_future_usage') as SetupFutureUsage | undefined,
      captureMethod: read.string(p, 'capture_method') as CaptureMethod | undefined,
      requestThreeDSecure: threeDSecurePolicy(p),
      receiptEmail: read.string(p, 'receipt_email'),
      statementDescriptor: read.string(p, 'statement_descriptor'),
      statementDescriptorSuffix: read.string(p, 'statement_descriptor_suffix'),
    }),
  );
  request.account.objects.paymentIntents.set(next.intent.id, next);
  return render(request, next.intent);
}

function listIntents(request: ApiRequest): unknown {
  const customer = read.string(request.params, 'customer');
  const intents = [...request.account.objects.paymentIntents.values()]
    .map((state) => state.intent)
    .filter((intent) => customer === undefined || intent.customer === customer);
  return renderPage(request, intents, '/v1/payment_intents');
}

function confirmIntent(request: ApiRequest): unknown {
  const state = findIntent(request);
  const p = request.params;
  const transition = confirmPaymentIntent(
    state,
    defined({
      paymentMethod: paymentMethodParam(request),
      returnUrl: returnUrl(p),
      offSession: offSession(p),
      setupFutureUsage: read.string(p, 'setup_future_usage') as SetupFutureUsage | undefined,
      requestThreeDSecure: threeDSecurePolicy(p),
      captureMethod: read.string(p, 'capture_method') as CaptureMethod | undefined,
      useStripeSdk: read.boolean(p, 'use_stripe_sdk'),
      receiptEmail: read.string(p, 'receipt_email'),
    }),
    intentContext(request),
  );
  return settle(request, state.intent.status, transition);
}

function captureIntent(request: ApiRequest): unknown {
  const state = findIntent(request);
  const next = capturePaymentIntent(state, read.integer(request.params, 'amount_to_capture'));
  const objects = request.account.objects;
  const chargeId = next.intent.latest_charge;
  const charge = chargeId === null ? undefined : objects.charges.get(chargeId);
  const captured = charge === undefined ? undefined : capturedCharge(charge, next.intent.amount_received);
  if (captured !== undefined) objects.charges.set(captured.id, captured);
  objects.paymentIntents.set(next.intent.id, next);
  record(request, paymentIntentEvents(defined({ before: state.intent.status, after: next.intent, charge: captured, captured: true, failed: false })));
  return render(request, next.intent);
}

function cancelIntent(request: ApiRequest): unknown {
  const state = findIntent(request);
  const reason = read.string(request.params, 'cancellation_reason') as CancellationReason | undefined;
  const next = cancelPaymentIntent(state, reason, unixNow(request));
  request.account.objects.paymentIntents.set(next.intent.id, next);
  record(request, paymentIntentEvents({ before: state.intent.status, after: next.intent, failed: false }));
  return render(request, next.intent);
}

export const paymentIntentHandlers = {
  create: createIntent,
  retrieve: retrieveIntent,
  update: updateIntent,
  list: listIntents,
  confirm: confirmIntent,
  capture: captureIntent,
  cancel: cancelIntent,
};
