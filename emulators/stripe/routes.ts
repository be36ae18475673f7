/**
 * The emulated API as a table: method + path → accepted parameters → handler, in the order of the
 * API reference (docs.stripe.com/api). Handlers only translate between validated parameters and the
 * domain functions (payment-intents.ts, payment-methods.ts); HTTP concerns live in server.ts.
 */
import type { Account, KeyKind } from './accounts';
import type { EventLog } from './events';
import { invalidRequest, resourceMissing, StripeApiError } from './errors';
import { newClientSecret, newId } from './ids';
import {
  bool,
  boolOr,
  hash,
  ignored,
  int,
  list,
  metadata,
  oneOf,
  read,
  str,
  type HashSpec,
  type ParamHash,
} from './params';
import {
  cancelPaymentIntent,
  capturedCharge,
  capturePaymentIntent,
  confirmPaymentIntent,
  createPaymentIntent,
  type CancellationReason,
  type CaptureMethod,
  type IntentContext,
  type PaymentIntentState,
  type SetupFutureUsage,
  type Transition,
} from './payment-intents';
import { createCardPaymentMethod, paymentMethodFromToken, type PaymentMethodRecord } from './payment-methods';
import type { ThreeDSecurePolicy } from './cards';

export interface ApiRequest {
  account: Account;
  keyKind: KeyKind;
  apiVersion: string;
  params: ParamHash;
  pathParams: Readonly<Record<string, string>>;
  /** `http://127.0.0.1:PORT`, for links to hosted pages. */
  baseUrl: string;
  now: Date;
  /** Where transitions are recorded as Events (and so delivered to webhook endpoints). */
  events: EventLog;
  requestId: string;
  idempotencyKey: string | undefined;
}

/**
 * Publishable keys may create PaymentMethods and, with the intent's client secret, retrieve and
 * confirm a PaymentIntent (what Stripe.js does); everything else needs a secret key (facts: requests).
 */
export type PublishableAccess = 'refused' | 'allowed' | 'with_client_secret';

export interface ApiRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  params: HashSpec;
  publishable: PublishableAccess;
  handle(request: ApiRequest): unknown;
}

// ---------------------------------------------------------------------------------------------
// Parameters, as in the API reference
// ---------------------------------------------------------------------------------------------

const expand = list(str());

/** Sent by Stripe.js alongside its requests; accepted and ignored. */
const STRIPE_JS_FIELDS = {
  key: ignored(),
  guid: ignored(),
  muid: ignored(),
  sid: ignored(),
  payment_user_agent: ignored(),
  time_on_page: ignored(),
  referrer: ignored(),
  _stripe_version: ignored(),
};

const ADDRESS = hash({ city: str(), country: str(), line1: str(), line2: str(), postal_code: str(), state: str() });

const PAYMENT_METHOD_CREATE = hash(
  {
    type: oneOf('card'),
    card: hash({ number: str(), exp_month: int(), exp_year: int(), cvc: str() }),
    billing_details: hash({ name: str(), email: str(), phone: str(), address: ADDRESS }),
    allow_redisplay: oneOf('always', 'limited', 'unspecified'),
    metadata: metadata(),
    expand,
    ...STRIPE_JS_FIELDS,
  },
  ['type'],
);

const CARD_OPTIONS = hash({
  request_three_d_secure: oneOf('automatic', 'any', 'challenge'),
  capture_method: oneOf('manual'),
});

const PAYMENT_INTENT_CONFIRM_FIELDS = {
  payment_method: str(),
  return_url: str(),
  off_session: boolOr('one_off', 'recurring'),
  setup_future_usage: oneOf('on_session', 'off_session'),
  payment_method_options: hash({ card: CARD_OPTIONS }),
  capture_method: oneOf('automatic', 'automatic_async', 'manual'),
  use_stripe_sdk: bool(),
  receipt_email: str(),
  expand,
};

const PAYMENT_INTENT_CREATE = hash(
  {
    amount: int(1),
    currency: str(),
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

const PAYMENT_INTENT_CONFIRM = hash({
  ...PAYMENT_INTENT_CONFIRM_FIELDS,
  client_secret: str(),
  expected_payment_method_type: ignored(),
  ...STRIPE_JS_FIELDS,
});

const PAYMENT_INTENT_RETRIEVE = hash({ client_secret: str(), expand, ...STRIPE_JS_FIELDS });
const PAYMENT_INTENT_CAPTURE = hash({ amount_to_capture: int(1), expand });
const PAYMENT_INTENT_CANCEL = hash({
  cancellation_reason: oneOf('duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'),
  expand,
});
const RETRIEVE = hash({ expand });

// ---------------------------------------------------------------------------------------------
// Helpers shared by handlers
// ---------------------------------------------------------------------------------------------

function intentContext(request: ApiRequest): IntentContext {
  return {
    apiVersion: request.apiVersion,
    now: Math.floor(request.now.getTime() / 1000),
    newId,
    newClientSecret,
    challengeUrl: (intentId, clientSecret) =>
      `${request.baseUrl}/3ds/authenticate/${intentId}?client_secret=${encodeURIComponent(clientSecret)}`,
  };
}

/** A stored PaymentMethod of this account, or a magic `pm_card_*` id made into a fresh one. */
function resolvePaymentMethod(request: ApiRequest, id: string): PaymentMethodRecord {
  const objects = request.account.objects;
  const stored = objects.paymentMethods.get(id);
  if (stored !== undefined) return stored;
  const created = paymentMethodFromToken(id, { id: newId('pm'), created: unixNow(request) }, request.now);
  if (created === undefined) throw resourceMissing('payment_method', id, { param: 'payment_method' });
  objects.paymentMethods.set(created.paymentMethod.id, created);
  return created;
}

function unixNow(request: ApiRequest): number {
  return Math.floor(request.now.getTime() / 1000);
}

function findIntent(request: ApiRequest): PaymentIntentState {
  const id = request.pathParams.intent ?? '';
  const state = request.account.objects.paymentIntents.get(id);
  if (state === undefined) throw resourceMissing('payment_intent', id);
  const given = read.string(request.params, 'client_secret');
  if (given !== undefined && given !== state.intent.client_secret) {
    throw invalidRequest(
      'The client_secret provided does not match the client_secret associated with the PaymentIntent.',
      { param: 'client_secret' },
    );
  }
  if (request.keyKind === 'publishable' && given === undefined) throw publishableKeyRefused();
  return state;
}

export function publishableKeyRefused(): StripeApiError {
  return invalidRequest(
    'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
    { status: 401, code: 'secret_key_required' },
  );
}

/** Stores what a transition produced, then answers with the intent or with Stripe's error. */
function settle(request: ApiRequest, transition: Transition): unknown {
  const objects = request.account.objects;
  objects.paymentIntents.set(transition.state.intent.id, transition.state);
  if (transition.charge !== undefined) objects.charges.set(transition.charge.id, transition.charge);
  if (transition.error !== undefined) throw transition.error;
  return renderIntent(request, transition.state);
}

/** `expand[]=payment_method` / `latest_charge` replace the id by the object. */
function renderIntent(request: ApiRequest, state: PaymentIntentState): unknown {
  const out: Record<string, unknown> = { ...state.intent };
  for (const field of read.strings(request.params, 'expand') ?? []) {
    if (field === 'payment_method') {
      out.payment_method = state.paymentMethod?.paymentMethod ?? null;
    } else if (field === 'latest_charge') {
      const id = state.intent.latest_charge;
      out.latest_charge = id === null ? null : (request.account.objects.charges.get(id) ?? id);
    } else {
      throw invalidRequest(`This property cannot be expanded (${field}).`, { param: 'expand' });
    }
  }
  return out;
}

function refuseExpand(request: ApiRequest): void {
  const [field] = read.strings(request.params, 'expand') ?? [];
  if (field !== undefined) throw invalidRequest(`This property cannot be expanded (${field}).`, { param: 'expand' });
}

function threeDSecurePolicy(params: ParamHash): ThreeDSecurePolicy | undefined {
  const card = read.hash(read.hash(params, 'payment_method_options') ?? {}, 'card') ?? {};
  return read.string(card, 'request_three_d_secure') as ThreeDSecurePolicy | undefined;
}

function returnUrl(params: ParamHash): string | undefined {
  const url = read.string(params, 'return_url');
  if (url === undefined) return undefined;
  try {
    new URL(url);
  } catch {
    throw invalidRequest('Not a valid URL', { code: 'url_invalid', param: 'return_url' });
  }
  return url;
}

function offSession(params: ParamHash): boolean | undefined {
  const v = params.off_session;
  if (v === undefined) return undefined;
  return v !== false;
}

/** Only fields that were given, so `exactOptionalPropertyTypes`-style spreads stay honest. */
function defined<T extends object>(fields: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as never;
}

// ---------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------

function retrieveAccount(request: ApiRequest): unknown {
  refuseExpand(request);
  return {
    id: request.account.id,
    object: 'account',
    business_profile: { name: null, url: null },
    business_type: null,
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: true,
    country: 'US',
    created: 1_700_000_000,
    default_currency: 'usd',
    details_submitted: true,
    email: null,
    metadata: {},
    payouts_enabled: true,
    settings: { payments: { statement_descriptor: 'STRIPE-CONFIG TEST' } },
    type: 'standard',
  };
}

function createPaymentMethod(request: ApiRequest): unknown {
  refuseExpand(request);
  const params = request.params;
  const card = read.hash(params, 'card');
  if (card === undefined) throw invalidRequest('Missing required param: card.', { code: 'parameter_missing', param: 'card' });
  const billing = read.hash(params, 'billing_details');
  const record = createCardPaymentMethod(
    defined({
      number: read.string(card, 'number'),
      exp_month: read.integer(card, 'exp_month'),
      exp_year: read.integer(card, 'exp_year'),
      cvc: read.string(card, 'cvc'),
    }),
    defined({
      id: newId('pm'),
      created: unixNow(request),
      metadata: read.metadata(params, 'metadata'),
      billingDetails:
        billing === undefined
          ? undefined
          : defined({
              name: read.string(billing, 'name'),
              email: read.string(billing, 'email'),
              phone: read.string(billing, 'phone'),
              address: read.hash(billing, 'address') as Record<string, string> | undefined,
            }),
    }),
    request.now,
  );
  request.account.objects.paymentMethods.set(record.paymentMethod.id, record);
  return record.paymentMethod;
}

function retrievePaymentMethod(request: ApiRequest): unknown {
  refuseExpand(request);
  const id = request.pathParams.payment_method ?? '';
  const record = request.account.objects.paymentMethods.get(id);
  if (record === undefined) throw resourceMissing('payment_method', id);
  return record.paymentMethod;
}

function createIntent(request: ApiRequest): unknown {
  const p = request.params;
  const paymentMethodId = read.string(p, 'payment_method');
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
  const currency = read.string(p, 'currency')!.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) {
    throw invalidRequest(`Invalid currency: ${currency.slice(0, 20)}. Currencies are three-letter ISO codes such as usd or eur.`, {
      param: 'currency',
    });
  }
  const transition = createPaymentIntent(
    defined({
      amount: read.integer(p, 'amount')!,
      currency,
      paymentMethod: paymentMethodId === undefined ? undefined : resolvePaymentMethod(request, paymentMethodId),
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
  if (allowed !== undefined) transition.state.intent.payment_method_types = allowed;
  return settle(request, transition);
}

function retrieveIntent(request: ApiRequest): unknown {
  return renderIntent(request, findIntent(request));
}

function confirmIntent(request: ApiRequest): unknown {
  const state = findIntent(request);
  const p = request.params;
  const paymentMethodId = read.string(p, 'payment_method');
  const transition = confirmPaymentIntent(
    state,
    defined({
      paymentMethod: paymentMethodId === undefined ? undefined : resolvePaymentMethod(request, paymentMethodId),
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
  return settle(request, transition);
}

function captureIntent(request: ApiRequest): unknown {
  const state = findIntent(request);
  const next = capturePaymentIntent(state, read.integer(request.params, 'amount_to_capture'));
  const objects = request.account.objects;
  const chargeId = next.intent.latest_charge;
  const charge = chargeId === null ? undefined : objects.charges.get(chargeId);
  if (charge !== undefined) objects.charges.set(charge.id, capturedCharge(charge, next.intent.amount_received));
  objects.paymentIntents.set(next.intent.id, next);
  return renderIntent(request, next);
}

function cancelIntent(request: ApiRequest): unknown {
  const state = findIntent(request);
  const reason = read.string(request.params, 'cancellation_reason') as CancellationReason | undefined;
  const next = cancelPaymentIntent(state, reason, unixNow(request));
  request.account.objects.paymentIntents.set(next.intent.id, next);
  return renderIntent(request, next);
}

function retrieveCharge(request: ApiRequest): unknown {
  refuseExpand(request);
  const id = request.pathParams.charge ?? '';
  const charge = request.account.objects.charges.get(id);
  if (charge === undefined) throw resourceMissing('charge', id);
  return charge;
}

// ---------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/v1/account', params: RETRIEVE, publishable: 'refused', handle: retrieveAccount },

  { method: 'POST', path: '/v1/payment_methods', params: PAYMENT_METHOD_CREATE, publishable: 'allowed', handle: createPaymentMethod },
  { method: 'GET', path: '/v1/payment_methods/:payment_method', params: RETRIEVE, publishable: 'refused', handle: retrievePaymentMethod },

  { method: 'POST', path: '/v1/payment_intents', params: PAYMENT_INTENT_CREATE, publishable: 'refused', handle: createIntent },
  { method: 'GET', path: '/v1/payment_intents/:intent', params: PAYMENT_INTENT_RETRIEVE, publishable: 'with_client_secret', handle: retrieveIntent },
  { method: 'POST', path: '/v1/payment_intents/:intent/confirm', params: PAYMENT_INTENT_CONFIRM, publishable: 'with_client_secret', handle: confirmIntent },
  { method: 'POST', path: '/v1/payment_intents/:intent/capture', params: PAYMENT_INTENT_CAPTURE, publishable: 'refused', handle: captureIntent },
  { method: 'POST', path: '/v1/payment_intents/:intent/cancel', params: PAYMENT_INTENT_CANCEL, publishable: 'refused', handle: cancelIntent },

  { method: 'GET', path: '/v1/charges/:charge', params: RETRIEVE, publishable: 'refused', handle: retrieveCharge },
];

export interface RouteMatch {
  route: ApiRoute;
  pathParams: Record<string, string>;
}

/** Finds the route for a method and path; path parameters are single, non-empty segments. */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  const segments = pathname.split('/');
  for (const route of API_ROUTES) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/');
    if (pattern.length !== segments.length) continue;
    const pathParams: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i += 1) {
      const want = pattern[i]!;
      const got = segments[i]!;
      if (want.startsWith(':')) {
        if (got === '') ok = false;
        else pathParams[want.slice(1)] = safeDecode(got);
      } else if (want !== got) {
        ok = false;
      }
    }
    if (ok) return { route, pathParams };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
