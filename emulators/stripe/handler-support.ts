/**
 * What every route handler shares: the request it gets, turning request values into the domain
 * functions' inputs (contexts, PaymentMethods, policies, URLs), `expand`, pagination parameters and
 * the event sink. No route lives here; the tables are routes.ts and the *-routes.ts files.
 */
import type { Account, KeyKind } from './accounts';
import type { ThreeDSecurePolicy } from './cards';
import { invalidRequest, resourceMissing, type StripeApiError } from './errors';
import type { EventLog } from './events';
import { newClientSecret, newId } from './ids';
import { page, type ListPage, type PageRequest } from './lists';
import { hash, int, metadata, oneOf, read, str, type ParamHash } from './params';
import type { IntentContext } from './payment-intents';
import { createCardPaymentMethod, paymentMethodFromToken, type PaymentMethodRecord } from './payment-methods';
import type { SetupContext } from './setup-intents';
import { recordEvents, type EventSink, type PendingEvent } from './transition-events';

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

/** The hosted 3DS page of a PaymentIntent or SetupIntent (pages.ts serves it). */
export function challengeUrl(baseUrl: string, intentId: string, clientSecret: string): string {
  return `${baseUrl}/3ds/authenticate/${intentId}?client_secret=${encodeURIComponent(clientSecret)}`;
}

export function unixNow(request: ApiRequest): number {
  return Math.floor(request.now.getTime() / 1000);
}

export function intentContext(request: ApiRequest): IntentContext {
  return {
    apiVersion: request.apiVersion,
    now: unixNow(request),
    newId,
    newClientSecret,
    challengeUrl: (intentId, clientSecret) => challengeUrl(request.baseUrl, intentId, clientSecret),
  };
}

export function setupContext(request: ApiRequest): SetupContext {
  return { ...intentContext(request), newId };
}

/** Events are rendered at the account's default version (events.ts), tagged with the request. */
export function eventSink(request: ApiRequest): EventSink {
  return {
    account: request.account,
    log: request.events,
    origin: {
      apiVersion: request.account.defaultApiVersion,
      now: request.now,
      requestId: request.requestId,
      idempotencyKey: request.idempotencyKey ?? null,
    },
  };
}

export function record(request: ApiRequest, events: readonly PendingEvent[]): void {
  recordEvents(eventSink(request), events);
}

/** A stored PaymentMethod of this account, or a magic `pm_card_*` id made into a fresh one. */
export function resolvePaymentMethod(request: ApiRequest, id: string, param = 'payment_method'): PaymentMethodRecord {
  const objects = request.account.objects;
  const stored = objects.paymentMethods.get(id);
  if (stored !== undefined) return stored;
  const created = paymentMethodFromToken(id, { id: newId('pm'), created: unixNow(request) }, request.now);
  if (created === undefined) throw resourceMissing('payment_method', id, { param });
  objects.paymentMethods.set(created.paymentMethod.id, created);
  return created;
}

const ADDRESS = hash({ city: str(), country: str(), line1: str(), line2: str(), postal_code: str(), state: str() });

/** The card PaymentMethod fields of `POST /v1/payment_methods`, also accepted as `payment_method_data`. */
export const PAYMENT_METHOD_FIELDS = {
  type: oneOf('card'),
  card: hash({ number: str(), exp_month: int(), exp_year: int(), cvc: str() }),
  billing_details: hash({ name: str(), email: str(), phone: str(), address: ADDRESS }),
  allow_redisplay: oneOf('always', 'limited', 'unspecified'),
  metadata: metadata(),
};

/**
 * A card PaymentMethod from raw details, stored on the account: `POST /v1/payment_methods`, or
 * `payment_method_data` on confirm, which is how Stripe.js's confirmCardPayment/confirmCardSetup
 * send the card with a publishable key. `prefix` names the parameters in errors.
 */
export function newCardPaymentMethod(request: ApiRequest, params: ParamHash, prefix: string): PaymentMethodRecord {
  const card = read.hash(params, 'card');
  if (card === undefined) {
    const param = prefix === '' ? 'card' : `${prefix}[card]`;
    throw invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
  }
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
  return record;
}

/** `payment_method` (an id or magic token) or `payment_method_data` (a new card), if either was given. */
export function paymentMethodParam(request: ApiRequest): PaymentMethodRecord | undefined {
  const id = read.string(request.params, 'payment_method');
  const data = read.hash(request.params, 'payment_method_data');
  if (id !== undefined && data !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: payment_method, payment_method_data.', {
      code: 'parameters_exclusive',
      param: 'payment_method_data',
    });
  }
  if (id !== undefined) return resolvePaymentMethod(request, id);
  if (data !== undefined) return newCardPaymentMethod(request, data, 'payment_method_data');
  return undefined;
}

/** A Customer of this account named by a parameter (400 when missing, as for any referenced object). */
export function existingCustomer(request: ApiRequest, id: string | undefined, param = 'customer'): string | undefined {
  if (id === undefined) return undefined;
  if (!request.account.objects.customers.has(id)) throw resourceMissing('customer', id, { param });
  return id;
}

export function publishableKeyRefused(): StripeApiError {
  return invalidRequest(
    'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
    { status: 401, code: 'secret_key_required' },
  );
}

/**
 * Retrieving and confirming an intent with a publishable key needs its client secret (what Stripe.js
 * sends); with a secret key a client secret, if given, must still match.
 */
export function checkClientSecret(request: ApiRequest, kind: 'PaymentIntent' | 'SetupIntent', clientSecret: string): void {
  const given = read.string(request.params, 'client_secret');
  if (given !== undefined && given !== clientSecret) {
    throw invalidRequest(`The client_secret provided does not match the client_secret associated with the ${kind}.`, {
      param: 'client_secret',
    });
  }
  if (request.keyKind === 'publishable' && given === undefined) throw publishableKeyRefused();
}

export function threeDSecurePolicy(params: ParamHash): ThreeDSecurePolicy | undefined {
  const card = read.hash(read.hash(params, 'payment_method_options') ?? {}, 'card') ?? {};
  return read.string(card, 'request_three_d_secure') as ThreeDSecurePolicy | undefined;
}

export function returnUrl(params: ParamHash): string | undefined {
  const url = read.string(params, 'return_url');
  if (url === undefined) return undefined;
  try {
    new URL(url);
  } catch {
    throw invalidRequest('Not a valid URL', { code: 'url_invalid', param: 'return_url' });
  }
  return url;
}

export function offSession(params: ParamHash): boolean | undefined {
  const v = params.off_session;
  if (v === undefined) return undefined;
  return v !== false;
}

/** Only fields that were given, so `exactOptionalPropertyTypes`-style spreads stay honest. */
export function defined<T extends object>(fields: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as never;
}

export function pageRequest(params: ParamHash): PageRequest {
  return defined({
    limit: read.integer(params, 'limit'),
    startingAfter: read.string(params, 'starting_after'),
    endingBefore: read.string(params, 'ending_before'),
  });
}

/** How to expand one field of an object: the id → the object, or undefined when it can't be found. */
export type Expanders = Readonly<Record<string, (id: string) => unknown>>;

/** The account's objects behind the expandable ids this stand-in models. */
export function standardExpanders(request: ApiRequest): Expanders {
  const objects = request.account.objects;
  return {
    latest_charge: (id) => objects.charges.get(id),
    payment_method: (id) => objects.paymentMethods.get(id)?.paymentMethod,
    customer: (id) => objects.customers.get(id),
    payment_intent: (id) => objects.paymentIntents.get(id)?.intent,
  };
}

/**
 * `expand[]=field` replaces an id by its object (docs.stripe.com/expand). `prefix` is `data.` for
 * lists. Fields this object doesn't have, or we can't expand, are Stripe's 400 naming `expand`.
 */
export function expandObject(object: object, fields: readonly string[], expanders: Expanders, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = { ...object };
  for (const path of fields) {
    const field = prefix !== '' && path.startsWith(prefix) ? path.slice(prefix.length) : path;
    const expander = Object.prototype.hasOwnProperty.call(expanders, field) ? expanders[field] : undefined;
    if (expander === undefined || !(field in out)) {
      throw invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
    }
    const id = out[field];
    if (typeof id === 'string') out[field] = expander(id) ?? id;
  }
  return out;
}

export function expandFields(request: ApiRequest): string[] {
  return read.strings(request.params, 'expand') ?? [];
}

export function render(request: ApiRequest, object: object): Record<string, unknown> {
  return expandObject(object, expandFields(request), standardExpanders(request));
}

/** A list page of `items` (in creation order), each object expanded by `expand[]=data.<field>`. */
export function renderPage<T extends { id: string }>(request: ApiRequest, items: readonly T[], url: string): ListPage<Record<string, unknown>> {
  const result = page(items, pageRequest(request.params), url);
  const fields = expandFields(request);
  const expanders = standardExpanders(request);
  return { ...result, data: result.data.map((item) => expandObject(item, fields, expanders, 'data.')) };
}
