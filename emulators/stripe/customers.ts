/**
 * Customers' rules (docs.stripe.com/api/customers): what create and update change, and saving cards,
 * which hang off a Customer through `PaymentMethod.customer` (`attachPaymentMethod`,
 * `detachPaymentMethod`). The wire object is customer-object.ts. No HTTP here.
 */
import { verificationDecline } from './cards';
import { customerObject, type Customer } from './customer-object';
import { invalidRequest } from './errors';
import { verificationError } from './intent-errors';
import { SPENT_PAYMENT_METHOD_ATTACH_MESSAGE, type PaymentMethodRecord } from './payment-methods';

/** The writable fields of create and update; `undefined` leaves a field as it is. */
export interface CustomerFields {
  email?: string;
  name?: string;
  phone?: string;
  description?: string;
  metadata?: Record<string, string>;
  defaultPaymentMethod?: string;
}

export function newCustomer(id: string, created: number, fields: CustomerFields): Customer {
  return updateCustomer(customerObject(id, created), fields);
}

/** Metadata merges key by key, as on every Stripe object; other fields replace. */
export function updateCustomer(customer: Customer, fields: CustomerFields): Customer {
  return {
    ...customer,
    email: fields.email ?? customer.email,
    name: fields.name ?? customer.name,
    phone: fields.phone ?? customer.phone,
    description: fields.description ?? customer.description,
    metadata: { ...customer.metadata, ...(fields.metadata ?? {}) },
    invoice_settings: {
      ...customer.invoice_settings,
      default_payment_method: fields.defaultPaymentMethod ?? customer.invoice_settings.default_payment_method,
    },
  };
}

/**
 * Attaching runs Stripe's card check: a card that declines every authorisation can't be saved
 * (facts: decline cards; docs.stripe.com/testing on 4000000000000341, the one card made to attach and
 * then fail). A PaymentMethod already on another Customer can't be attached again; Stripe's text as
 * merchants' code matches on it verbatim (public code search, e.g. Dolibarr's Stripe module), with
 * our long-standing `param`. A spent one (payment-methods.ts, reuse) can't be attached at all, unless a
 * payment saved it with `setup_future_usage` for attaching afterwards.
 */
export function attachPaymentMethod(record: PaymentMethodRecord, customerId: string): PaymentMethodRecord {
  const current = record.paymentMethod.customer;
  if (current !== null && current !== customerId) {
    throw invalidRequest('The payment method you provided has already been attached to a customer.', { param: 'payment_method' });
  }
  if (record.spent !== null && !record.spent.attachable) throw invalidRequest(SPENT_PAYMENT_METHOD_ATTACH_MESSAGE);
  const decline = verificationDecline(record.card, record.cvcProvided);
  if (decline !== undefined) throw verificationError(decline);
  return { ...record, spent: null, paymentMethod: { ...record.paymentMethod, customer: customerId } };
}

/**
 * A detached PaymentMethod is spent: "After a PaymentMethod is detached, it can no longer be used for
 * a payment or re-attached to a Customer" (docs.stripe.com/api/payment_methods/detach).
 */
export function detachPaymentMethod(record: PaymentMethodRecord): PaymentMethodRecord {
  if (record.paymentMethod.customer === null) {
    throw invalidRequest(`The payment method ${record.paymentMethod.id} is not attached to a customer so detachment is impossible.`, {
      code: 'payment_method_unexpected_state',
    });
  }
  return {
    ...record,
    setUpForOffSession: false,
    spent: { paymentIntent: null, attachable: false },
    paymentMethod: { ...record.paymentMethod, customer: null },
  };
}
