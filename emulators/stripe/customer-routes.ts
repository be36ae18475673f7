/**
 * Customers and saved cards (docs.stripe.com/api/customers, /api/payment_methods/attach): create,
 * retrieve, update, list Customers; attach, detach and list their PaymentMethods. Handlers translate
 * to customers.ts, store, and record `customer.*` / `payment_method.*` Events.
 */
import { attachPaymentMethod, detachPaymentMethod, newCustomer, updateCustomer, type CustomerFields } from './customers';
import { invalidRequest, resourceMissing } from './errors';
import {
  defined,
  record,
  render,
  renderPage,
  resolvePaymentMethod,
  unixNow,
  type ApiRequest,
} from './handler-support';
import { newId } from './ids';
import { hash, ignored, int, list, metadata, oneOf, read, str, type ParamHash } from './params';
import type { Customer } from './customers';

const expand = list(str());

const CUSTOMER_FIELDS = {
  email: str(512),
  name: str(256),
  phone: str(20),
  description: str(350),
  metadata: metadata(),
  invoice_settings: hash({ default_payment_method: str() }),
  expand,
};

export const CUSTOMER_CREATE = hash({ ...CUSTOMER_FIELDS, payment_method: str() });
export const CUSTOMER_UPDATE = hash(CUSTOMER_FIELDS);
export const CUSTOMER_LIST = hash({
  email: str(512),
  limit: int(),
  starting_after: str(),
  ending_before: str(),
  created: ignored(),
  expand,
});
export const PAYMENT_METHOD_ATTACH = hash({ customer: str(), expand }, ['customer']);
export const PAYMENT_METHOD_DETACH = hash({ expand });
/** `GET /v1/payment_methods?customer=` and `GET /v1/customers/:id/payment_methods`. */
export const PAYMENT_METHOD_LIST = hash({
  customer: str(),
  type: oneOf('card'),
  limit: int(),
  starting_after: str(),
  ending_before: str(),
  allow_redisplay: ignored(),
  expand,
});

function findCustomer(request: ApiRequest, id: string, param?: string): Customer {
  const customer = request.account.objects.customers.get(id);
  if (customer === undefined) throw resourceMissing('customer', id, param === undefined ? {} : { param });
  return customer;
}

function customerFields(params: ParamHash): CustomerFields {
  const invoice = read.hash(params, 'invoice_settings') ?? {};
  return defined({
    email: read.string(params, 'email'),
    name: read.string(params, 'name'),
    phone: read.string(params, 'phone'),
    description: read.string(params, 'description'),
    metadata: read.metadata(params, 'metadata'),
    defaultPaymentMethod: read.string(invoice, 'default_payment_method'),
  });
}

/** A default payment method must be one of the Customer's own (docs: invoice_settings.default_payment_method). */
function checkDefaultPaymentMethod(request: ApiRequest, customerId: string, fields: CustomerFields): void {
  const id = fields.defaultPaymentMethod;
  if (id === undefined) return;
  const pm = request.account.objects.paymentMethods.get(id);
  if (pm?.paymentMethod.customer !== customerId) {
    throw invalidRequest(`No such PaymentMethod: '${id}'; It's possible this PaymentMethod exists on one of your connected accounts, or it isn't attached to this customer.`, {
      code: 'resource_missing',
      param: 'invoice_settings[default_payment_method]',
    });
  }
}

/** Attaches and records `payment_method.attached`; the magic `pm_card_*` ids make a fresh card first. */
function attach(request: ApiRequest, paymentMethodId: string, customerId: string, param: string): unknown {
  const record_ = resolvePaymentMethod(request, paymentMethodId, param);
  const attached = attachPaymentMethod(record_, customerId);
  request.account.objects.paymentMethods.set(attached.paymentMethod.id, attached);
  if (record_.paymentMethod.customer !== customerId) record(request, [{ type: 'payment_method.attached', object: attached.paymentMethod }]);
  return attached.paymentMethod;
}

function createCustomer(request: ApiRequest): unknown {
  const fields = customerFields(request.params);
  const id = newId('cus');
  let customer = newCustomer(id, unixNow(request), {});
  request.account.objects.customers.set(id, customer);
  const paymentMethodId = read.string(request.params, 'payment_method');
  try {
    if (paymentMethodId !== undefined) attach(request, paymentMethodId, id, 'payment_method');
    checkDefaultPaymentMethod(request, id, fields);
  } catch (failure) {
    request.account.objects.customers.delete(id);
    throw failure;
  }
  customer = updateCustomer(customer, fields);
  request.account.objects.customers.set(id, customer);
  record(request, [{ type: 'customer.created', object: customer }]);
  return render(request, customer);
}

function retrieveCustomer(request: ApiRequest): unknown {
  return render(request, findCustomer(request, request.pathParams.customer ?? ''));
}

function updateCustomerHandler(request: ApiRequest): unknown {
  const current = findCustomer(request, request.pathParams.customer ?? '');
  const fields = customerFields(request.params);
  checkDefaultPaymentMethod(request, current.id, fields);
  const next = updateCustomer(current, fields);
  request.account.objects.customers.set(next.id, next);
  record(request, [{ type: 'customer.updated', object: next }]);
  return render(request, next);
}

/** Deleting a Customer detaches its saved cards (docs.stripe.com/api/customers/delete). */
function deleteCustomer(request: ApiRequest): unknown {
  const customer = findCustomer(request, request.pathParams.customer ?? '');
  const objects = request.account.objects;
  for (const pm of objects.paymentMethods.values()) {
    if (pm.paymentMethod.customer === customer.id) objects.paymentMethods.set(pm.paymentMethod.id, detachPaymentMethod(pm));
  }
  objects.customers.delete(customer.id);
  record(request, [{ type: 'customer.deleted', object: customer }]);
  return { id: customer.id, object: 'customer', deleted: true };
}

function listCustomers(request: ApiRequest): unknown {
  const email = read.string(request.params, 'email');
  const customers = [...request.account.objects.customers.values()].filter((c) => email === undefined || c.email === email);
  return renderPage(request, customers, '/v1/customers');
}

function attachHandler(request: ApiRequest): unknown {
  const customerId = read.string(request.params, 'customer')!;
  findCustomer(request, customerId, 'customer');
  return attach(request, request.pathParams.payment_method ?? '', customerId, 'payment_method');
}

function detachHandler(request: ApiRequest): unknown {
  const id = request.pathParams.payment_method ?? '';
  const current = request.account.objects.paymentMethods.get(id);
  if (current === undefined) throw resourceMissing('payment_method', id);
  const detached = detachPaymentMethod(current);
  request.account.objects.paymentMethods.set(id, detached);
  record(request, [{ type: 'payment_method.detached', object: detached.paymentMethod }]);
  return detached.paymentMethod;
}

function listPaymentMethods(request: ApiRequest, customerId: string | undefined, url: string): unknown {
  const methods = [...request.account.objects.paymentMethods.values()]
    .map((r) => r.paymentMethod)
    .filter((pm) => (customerId === undefined ? pm.customer !== null : pm.customer === customerId));
  return renderPage(request, methods, url);
}

function listCustomerPaymentMethods(request: ApiRequest): unknown {
  const customer = findCustomer(request, request.pathParams.customer ?? '');
  return listPaymentMethods(request, customer.id, `/v1/customers/${customer.id}/payment_methods`);
}

/** Stripe lists only a Customer's PaymentMethods here; without `customer` we list every saved one. */
function listAllPaymentMethods(request: ApiRequest): unknown {
  const customer = read.string(request.params, 'customer');
  if (customer !== undefined) findCustomer(request, customer, 'customer');
  return listPaymentMethods(request, customer, '/v1/payment_methods');
}

export const customerHandlers = {
  create: createCustomer,
  retrieve: retrieveCustomer,
  update: updateCustomerHandler,
  delete: deleteCustomer,
  list: listCustomers,
  attachPaymentMethod: attachHandler,
  detachPaymentMethod: detachHandler,
  listCustomerPaymentMethods,
  listPaymentMethods: listAllPaymentMethods,
};
