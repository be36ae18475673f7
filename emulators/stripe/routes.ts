/**
 * The emulated API as a table: method + path → accepted parameters → handler, in the order of the
 * API reference (docs.stripe.com/api). Handlers only translate between validated parameters and the
 * domain functions (payment-intents.ts, setup-intents.ts, customers.ts, payment-methods.ts); each
 * resource's handlers and parameter specs live in its *-routes.ts file; HTTP concerns live in server.ts.
 */
import type { ApiRequest } from './handler-support';
import { invalidRequest, resourceMissing } from './errors';
import { hash, list, read, str, type HashSpec } from './params';
import {
  CUSTOMER_CREATE,
  CUSTOMER_LIST,
  CUSTOMER_UPDATE,
  customerHandlers,
  PAYMENT_METHOD_ATTACH,
  PAYMENT_METHOD_DETACH,
  PAYMENT_METHOD_LIST,
} from './customer-routes';
import { newCardPaymentMethod, PAYMENT_METHOD_FIELDS } from './handler-support';
import {
  PAYMENT_INTENT_CANCEL,
  PAYMENT_INTENT_CAPTURE,
  PAYMENT_INTENT_CONFIRM,
  PAYMENT_INTENT_CREATE,
  PAYMENT_INTENT_LIST,
  PAYMENT_INTENT_RETRIEVE,
  PAYMENT_INTENT_UPDATE,
  paymentIntentHandlers,
  STRIPE_JS_FIELDS,
} from './payment-intent-routes';
import {
  SETUP_INTENT_CANCEL,
  SETUP_INTENT_CONFIRM,
  SETUP_INTENT_CREATE,
  SETUP_INTENT_LIST,
  SETUP_INTENT_RETRIEVE,
  SETUP_INTENT_UPDATE,
  setupIntentHandlers,
} from './setup-intent-routes';
import { WEBHOOK_ROUTES } from './webhook-routes';

export type { ApiRequest } from './handler-support';
export { publishableKeyRefused } from './handler-support';

/**
 * Publishable keys may create PaymentMethods and, with the intent's client secret, retrieve and
 * confirm a PaymentIntent or SetupIntent (what Stripe.js does); everything else needs a secret key
 * (facts: requests).
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

const PAYMENT_METHOD_CREATE = hash({ ...PAYMENT_METHOD_FIELDS, expand, ...STRIPE_JS_FIELDS }, ['type']);

const RETRIEVE = hash({ expand });
const PAYMENT_METHOD_UPDATE = hash({
  billing_details: PAYMENT_METHOD_FIELDS.billing_details,
  metadata: PAYMENT_METHOD_FIELDS.metadata,
  allow_redisplay: PAYMENT_METHOD_FIELDS.allow_redisplay,
  expand,
});

function refuseExpand(request: ApiRequest): void {
  const [field] = read.strings(request.params, 'expand') ?? [];
  if (field !== undefined) throw invalidRequest(`This property cannot be expanded (${field}).`, { param: 'expand' });
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
  return newCardPaymentMethod(request, request.params, '').paymentMethod;
}

/** `POST /v1/payment_methods/:id`: billing details and metadata (merged) of a stored card. */
function updatePaymentMethod(request: ApiRequest): unknown {
  refuseExpand(request);
  const id = request.pathParams.payment_method ?? '';
  const record = request.account.objects.paymentMethods.get(id);
  if (record === undefined) throw resourceMissing('payment_method', id);
  const billing = read.hash(request.params, 'billing_details') ?? {};
  const current = record.paymentMethod.billing_details;
  const address = read.hash(billing, 'address') ?? {};
  const pick = (hashValue: typeof billing, key: string, fallback: string | null) => read.string(hashValue, key) ?? fallback;
  const paymentMethod = {
    ...record.paymentMethod,
    billing_details: {
      name: pick(billing, 'name', current.name),
      email: pick(billing, 'email', current.email),
      phone: pick(billing, 'phone', current.phone),
      address: {
        city: pick(address, 'city', current.address.city),
        country: pick(address, 'country', current.address.country),
        line1: pick(address, 'line1', current.address.line1),
        line2: pick(address, 'line2', current.address.line2),
        postal_code: pick(address, 'postal_code', current.address.postal_code),
        state: pick(address, 'state', current.address.state),
      },
    },
    metadata: { ...record.paymentMethod.metadata, ...(read.metadata(request.params, 'metadata') ?? {}) },
  };
  request.account.objects.paymentMethods.set(id, { ...record, paymentMethod });
  return paymentMethod;
}

function retrievePaymentMethod(request: ApiRequest): unknown {
  refuseExpand(request);
  const id = request.pathParams.payment_method ?? '';
  const record = request.account.objects.paymentMethods.get(id);
  if (record === undefined) throw resourceMissing('payment_method', id);
  return record.paymentMethod;
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

  { method: 'POST', path: '/v1/customers', params: CUSTOMER_CREATE, publishable: 'refused', handle: customerHandlers.create },
  { method: 'GET', path: '/v1/customers', params: CUSTOMER_LIST, publishable: 'refused', handle: customerHandlers.list },
  { method: 'GET', path: '/v1/customers/:customer', params: RETRIEVE, publishable: 'refused', handle: customerHandlers.retrieve },
  { method: 'POST', path: '/v1/customers/:customer', params: CUSTOMER_UPDATE, publishable: 'refused', handle: customerHandlers.update },
  { method: 'DELETE', path: '/v1/customers/:customer', params: hash({}), publishable: 'refused', handle: customerHandlers.delete },
  { method: 'GET', path: '/v1/customers/:customer/payment_methods', params: PAYMENT_METHOD_LIST, publishable: 'refused', handle: customerHandlers.listCustomerPaymentMethods },

  { method: 'POST', path: '/v1/payment_methods', params: PAYMENT_METHOD_CREATE, publishable: 'allowed', handle: createPaymentMethod },
  { method: 'GET', path: '/v1/payment_methods', params: PAYMENT_METHOD_LIST, publishable: 'refused', handle: customerHandlers.listPaymentMethods },
  { method: 'GET', path: '/v1/payment_methods/:payment_method', params: RETRIEVE, publishable: 'refused', handle: retrievePaymentMethod },
  { method: 'POST', path: '/v1/payment_methods/:payment_method', params: PAYMENT_METHOD_UPDATE, publishable: 'refused', handle: updatePaymentMethod },
  { method: 'POST', path: '/v1/payment_methods/:payment_method/attach', params: PAYMENT_METHOD_ATTACH, publishable: 'refused', handle: customerHandlers.attachPaymentMethod },
  { method: 'POST', path: '/v1/payment_methods/:payment_method/detach', params: PAYMENT_METHOD_DETACH, publishable: 'refused', handle: customerHandlers.detachPaymentMethod },

  { method: 'POST', path: '/v1/payment_intents', params: PAYMENT_INTENT_CREATE, publishable: 'refused', handle: paymentIntentHandlers.create },
  { method: 'GET', path: '/v1/payment_intents', params: PAYMENT_INTENT_LIST, publishable: 'refused', handle: paymentIntentHandlers.list },
  { method: 'GET', path: '/v1/payment_intents/:intent', params: PAYMENT_INTENT_RETRIEVE, publishable: 'with_client_secret', handle: paymentIntentHandlers.retrieve },
  { method: 'POST', path: '/v1/payment_intents/:intent', params: PAYMENT_INTENT_UPDATE, publishable: 'refused', handle: paymentIntentHandlers.update },
  { method: 'POST', path: '/v1/payment_intents/:intent/confirm', params: PAYMENT_INTENT_CONFIRM, publishable: 'with_client_secret', handle: paymentIntentHandlers.confirm },
  { method: 'POST', path: '/v1/payment_intents/:intent/capture', params: PAYMENT_INTENT_CAPTURE, publishable: 'refused', handle: paymentIntentHandlers.capture },
  { method: 'POST', path: '/v1/payment_intents/:intent/cancel', params: PAYMENT_INTENT_CANCEL, publishable: 'refused', handle: paymentIntentHandlers.cancel },

  { method: 'POST', path: '/v1/setup_intents', params: SETUP_INTENT_CREATE, publishable: 'refused', handle: setupIntentHandlers.create },
  { method: 'GET', path: '/v1/setup_intents', params: SETUP_INTENT_LIST, publishable: 'refused', handle: setupIntentHandlers.list },
  { method: 'GET', path: '/v1/setup_intents/:intent', params: SETUP_INTENT_RETRIEVE, publishable: 'with_client_secret', handle: setupIntentHandlers.retrieve },
  { method: 'POST', path: '/v1/setup_intents/:intent', params: SETUP_INTENT_UPDATE, publishable: 'refused', handle: setupIntentHandlers.update },
  { method: 'POST', path: '/v1/setup_intents/:intent/confirm', params: SETUP_INTENT_CONFIRM, publishable: 'with_client_secret', handle: setupIntentHandlers.confirm },
  { method: 'POST', path: '/v1/setup_intents/:intent/cancel', params: SETUP_INTENT_CANCEL, publishable: 'refused', handle: setupIntentHandlers.cancel },

  { method: 'GET', path: '/v1/charges/:charge', params: RETRIEVE, publishable: 'refused', handle: retrieveCharge },

  ...WEBHOOK_ROUTES,
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
