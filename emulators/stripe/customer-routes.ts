/**
 * Customers (docs.stripe.com/api/customers): create (optionally saving a card), retrieve, update,
 * delete, list, and list a Customer's saved cards. Handlers translate to customers.ts, store, and
 * record `customer.*` Events.
 */
import { pathObject, record, unixNow, type ApiRequest } from './api-request';
import type { Customer } from './customer-object';
import { detachPaymentMethod, newCustomer, updateCustomer, type CustomerFields } from './customers';
import { invalidRequest } from './errors';
import { newId } from './ids';
import { hash, ignored, metadata, read, str, type ParamHash } from './params';
import { attach, listSaved } from './payment-method-routes';
import { render, renderPage } from './rendering';
import { defined, EXPAND, filteredBy, PAGINATION } from './request-inputs';

const CUSTOMER_FIELDS = {
  email: str(512),
  name: str(256),
  phone: str(20),
  description: str(350),
  metadata: metadata(),
  invoice_settings: hash({ default_payment_method: str() }),
  expand: EXPAND,
};

export const CUSTOMER_PARAMS = {
  create: hash({ ...CUSTOMER_FIELDS, payment_method: str() }),
  update: hash(CUSTOMER_FIELDS),
  retrieve: hash({ expand: EXPAND }),
  delete: hash({}),
  list: hash({ email: str(512), ...PAGINATION, created: ignored(), expand: EXPAND }),
};

function stored(request: ApiRequest): Customer {
  return pathObject(request, 'customer', (id) => request.account.objects.customers.get(id));
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

/** With `payment_method`, the card is saved to the new Customer first; if that fails, there is no Customer. */
function create(request: ApiRequest): unknown {
  const fields = customerFields(request.params);
  const id = newId('cus');
  const customers = request.account.objects.customers;
  const blank = newCustomer(id, unixNow(request), {});
  customers.set(id, blank);
  const paymentMethodId = read.string(request.params, 'payment_method');
  try {
    if (paymentMethodId !== undefined) attach(request, paymentMethodId, id, 'payment_method');
    checkDefaultPaymentMethod(request, id, fields);
  } catch (failure) {
    customers.delete(id);
    throw failure;
  }
  const customer = updateCustomer(blank, fields);
  customers.set(id, customer);
  record(request, [{ type: 'customer.created', object: customer }]);
  return render(request, customer);
}

function retrieve(request: ApiRequest): unknown {
  return render(request, stored(request));
}

function update(request: ApiRequest): unknown {
  const current = stored(request);
  const fields = customerFields(request.params);
  checkDefaultPaymentMethod(request, current.id, fields);
  const next = updateCustomer(current, fields);
  request.account.objects.customers.set(next.id, next);
  record(request, [{ type: 'customer.updated', object: next }]);
  return render(request, next);
}

/** Deleting a Customer detaches its saved cards (docs.stripe.com/api/customers/delete). */
function remove(request: ApiRequest): unknown {
  const customer = stored(request);
  const objects = request.account.objects;
  for (const pm of objects.paymentMethods.values()) {
    if (pm.paymentMethod.customer === customer.id) objects.paymentMethods.set(pm.paymentMethod.id, detachPaymentMethod(pm));
  }
  objects.customers.delete(customer.id);
  record(request, [{ type: 'customer.deleted', object: customer }]);
  return { id: customer.id, object: 'customer', deleted: true };
}

function list(request: ApiRequest): unknown {
  const customers = filteredBy([...request.account.objects.customers.values()], request.params, ['email']);
  return renderPage(request, customers, '/v1/customers');
}

function listPaymentMethods(request: ApiRequest): unknown {
  const customer = stored(request);
  return listSaved(request, customer.id, `/v1/customers/${customer.id}/payment_methods`);
}

export const customerHandlers = { create, retrieve, update, delete: remove, list, listPaymentMethods };
