/**
 * PaymentMethods (docs.stripe.com/api/payment_methods): create from card details (with a publishable
 * key, as Stripe.js does), retrieve, update, list the saved ones, and attach to or detach from a
 * Customer. Handlers translate to payment-methods.ts and customers.ts, store, and record
 * `payment_method.*` Events.
 */
import { pathObject, record, type ApiRequest } from './api-request';
import { attachPaymentMethod, detachPaymentMethod } from './customers';
import { hash, ignored, oneOf, read, str, type ParamHash } from './params';
import type { PaymentMethod } from './payment-method-object';
import type { PaymentMethodRecord } from './payment-methods';
import { refuseExpand, renderPage } from './rendering';
import {
  EXPAND,
  existingCustomer,
  newCardPaymentMethod,
  PAGINATION,
  PAYMENT_METHOD_FIELDS,
  resolvePaymentMethod,
  STRIPE_JS_FIELDS,
} from './request-inputs';

export const PAYMENT_METHOD_PARAMS = {
  create: hash({ ...PAYMENT_METHOD_FIELDS, expand: EXPAND, ...STRIPE_JS_FIELDS }, ['type']),
  update: hash({
    billing_details: PAYMENT_METHOD_FIELDS.billing_details,
    metadata: PAYMENT_METHOD_FIELDS.metadata,
    allow_redisplay: PAYMENT_METHOD_FIELDS.allow_redisplay,
    expand: EXPAND,
  }),
  attach: hash({ customer: str(), expand: EXPAND }, ['customer']),
  detach: hash({ expand: EXPAND }),
  /** `GET /v1/payment_methods?customer=` and `GET /v1/customers/:id/payment_methods`. */
  list: hash({ customer: str(), type: oneOf('card'), ...PAGINATION, allow_redisplay: ignored(), expand: EXPAND }),
};

function stored(request: ApiRequest): PaymentMethodRecord {
  return pathObject(request, 'payment_method', (id) => request.account.objects.paymentMethods.get(id));
}

function create(request: ApiRequest): unknown {
  refuseExpand(request);
  return newCardPaymentMethod(request, request.params, '').paymentMethod;
}

function retrieve(request: ApiRequest): unknown {
  refuseExpand(request);
  return stored(request).paymentMethod;
}

/** Billing details replace field by field; metadata merges key by key. */
function update(request: ApiRequest): unknown {
  refuseExpand(request);
  const saved = stored(request);
  const billing = read.hash(request.params, 'billing_details') ?? {};
  const current = saved.paymentMethod.billing_details;
  const address = read.hash(billing, 'address') ?? {};
  const pick = (hashValue: ParamHash, key: string, fallback: string | null) => read.string(hashValue, key) ?? fallback;
  const paymentMethod: PaymentMethod = {
    ...saved.paymentMethod,
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
    metadata: { ...saved.paymentMethod.metadata, ...(read.metadata(request.params, 'metadata') ?? {}) },
  };
  request.account.objects.paymentMethods.set(paymentMethod.id, { ...saved, paymentMethod });
  return paymentMethod;
}

/** Attaches and records `payment_method.attached`; the magic `pm_card_*` ids make a fresh card first. */
export function attach(request: ApiRequest, paymentMethodId: string, customerId: string, param: string): PaymentMethod {
  const given = resolvePaymentMethod(request, paymentMethodId, param);
  const attached = attachPaymentMethod(given, customerId);
  request.account.objects.paymentMethods.set(attached.paymentMethod.id, attached);
  if (given.paymentMethod.customer !== customerId) record(request, [{ type: 'payment_method.attached', object: attached.paymentMethod }]);
  return attached.paymentMethod;
}

function attachToCustomer(request: ApiRequest): unknown {
  const customerId = existingCustomer(request, read.string(request.params, 'customer'))!;
  return attach(request, request.pathParams.payment_method ?? '', customerId, 'payment_method');
}

function detach(request: ApiRequest): unknown {
  const detached = detachPaymentMethod(stored(request));
  request.account.objects.paymentMethods.set(detached.paymentMethod.id, detached);
  record(request, [{ type: 'payment_method.detached', object: detached.paymentMethod }]);
  return detached.paymentMethod;
}

/** A Customer's saved cards, or without one every saved card (Stripe lists only a Customer's here). */
export function listSaved(request: ApiRequest, customerId: string | undefined, url: string): unknown {
  const methods = [...request.account.objects.paymentMethods.values()]
    .map((r) => r.paymentMethod)
    .filter((pm) => (customerId === undefined ? pm.customer !== null : pm.customer === customerId));
  return renderPage(request, methods, url);
}

function list(request: ApiRequest): unknown {
  const customer = existingCustomer(request, read.string(request.params, 'customer'));
  return listSaved(request, customer, '/v1/payment_methods');
}

export const paymentMethodHandlers = { create, retrieve, update, attach: attachToCustomer, detach, list };
