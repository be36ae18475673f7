/**
 * Turning validated request parameters into the domain functions' inputs: PaymentMethods named or
 * given as card details, Customers, 3DS policies, URLs, pagination, list filters, and the parameter
 * specs several resources share. A referenced object that doesn't exist is Stripe's 400 naming the
 * parameter.
 */
import { unixNow, type ApiRequest } from './api-request';
import type { AutomaticPaymentMethodsRequest } from './automatic-payment-methods';
import type { ThreeDSecurePolicy } from './cards';
import { invalidRequest, publishableKeyRefused, resourceMissing } from './errors';
import { newId } from './ids';
import type { PageRequest } from './lists';
import { hash, ignored, int, list, metadata, oneOf, read, str, type ParamHash } from './params';
import { createCardPaymentMethod, paymentMethodFromToken, type PaymentMethodRecord } from './payment-methods';

/** `expand[]`, accepted by every route. */
export const EXPAND = list(str());

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

const ADDRESS = hash({ city: str(), country: str(), line1: str(), line2: str(), postal_code: str(), state: str() });

/** The card PaymentMethod fields of `POST /v1/payment_methods`, also accepted as `payment_method_data`. */
export const PAYMENT_METHOD_FIELDS = {
  type: oneOf('card'),
  card: hash({ number: str(), exp_month: int(), exp_year: int(), cvc: str() }),
  billing_details: hash({ name: str(), email: str(), phone: str(), address: ADDRESS }),
  allow_redisplay: oneOf('always', 'limited', 'unspecified'),
  metadata: metadata(),
};

/** Cursor pagination (docs.stripe.com/api/pagination). */
export const PAGINATION = { limit: int(), starting_after: str(), ending_before: str() };

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

/** Items whose field equals the parameter of the same name, for each filter parameter the request gives. */
export function filteredBy<T extends object>(items: readonly T[], params: ParamHash, filters: readonly (keyof T & string)[]): T[] {
  const wanted = filters.flatMap((field) => {
    const value = read.string(params, field);
    return value === undefined ? [] : [[field, value] as const];
  });
  return items.filter((item) => wanted.every(([field, value]) => item[field] === value));
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

/** `automatic_payment_methods[enabled]` and `[allow_redirects]`, if given. */
export function automaticPaymentMethodsParam(params: ParamHash): AutomaticPaymentMethodsRequest | undefined {
  const automatic = read.hash(params, 'automatic_payment_methods');
  if (automatic === undefined) return undefined;
  return defined({
    enabled: read.boolean(automatic, 'enabled')!,
    allowRedirects: read.string(automatic, 'allow_redirects') as 'always' | 'never' | undefined,
  });
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

/** `off_session=true`, or one of its words (`one_off`, `recurring`), means off-session. */
export function offSession(params: ParamHash): boolean | undefined {
  const v = params.off_session;
  if (v === undefined) return undefined;
  return v !== false;
}

/** A three-letter ISO code, lower-cased as Stripe stores it. */
export function currencyParam(params: ParamHash): string | undefined {
  const raw = read.string(params, 'currency');
  if (raw === undefined) return undefined;
  const currency = raw.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) {
    throw invalidRequest(`Invalid currency: ${currency.slice(0, 20)}. Currencies are three-letter ISO codes such as usd or eur.`, {
      param: 'currency',
    });
  }
  return currency;
}
