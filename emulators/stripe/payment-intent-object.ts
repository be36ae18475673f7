/**
 * The PaymentIntent wire object (docs.stripe.com/api/payment_intents/object): the fields this stand-in
 * models, and a new one with everything it doesn't model in its empty state. How its status and
 * amounts move is payment-intents.ts.
 */
import type { AutomaticPaymentMethods } from './automatic-payment-methods';
import type { ThreeDSecurePolicy } from './cards';
import type { IntentLastError } from './intent-errors';
import type { NextAction } from './next-actions';

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export type CaptureMethod = 'automatic' | 'automatic_async' | 'manual';
export type SetupFutureUsage = 'on_session' | 'off_session';
export type CancellationReason = 'duplicate' | 'fraudulent' | 'requested_by_customer' | 'abandoned';

export interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  allowed_payment_method_types: string[] | null;
  amount: number;
  amount_capturable: number;
  amount_received: number;
  application: null;
  application_fee_amount: null;
  automatic_payment_methods: AutomaticPaymentMethods | null;
  canceled_at: number | null;
  cancellation_reason: CancellationReason | null;
  capture_method: CaptureMethod;
  client_secret: string;
  confirmation_method: 'automatic' | 'manual';
  created: number;
  currency: string;
  customer: string | null;
  customer_account: null;
  description: string | null;
  excluded_payment_method_types: null;
  last_payment_error: IntentLastError | null;
  latest_charge: string | null;
  livemode: false;
  managed_payments: null;
  metadata: Record<string, string>;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_configuration_details: null;
  payment_method_options: { card: { request_three_d_secure: ThreeDSecurePolicy; capture_method?: 'manual' } };
  payment_method_types: string[];
  payment_record: null;
  processing: null;
  receipt_email: string | null;
  review: null;
  setup_future_usage: SetupFutureUsage | null;
  shipping: null;
  source: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: PaymentIntentStatus;
  transfer_group: null;
}

/** The fields a new PaymentIntent takes from its create request. */
export type NewPaymentIntentFields = Pick<
  PaymentIntent,
  | 'id'
  | 'allowed_payment_method_types'
  | 'amount'
  | 'automatic_payment_methods'
  | 'capture_method'
  | 'client_secret'
  | 'confirmation_method'
  | 'created'
  | 'currency'
  | 'customer'
  | 'description'
  | 'metadata'
  | 'payment_method'
  | 'payment_method_options'
  | 'payment_method_types'
  | 'receipt_email'
  | 'setup_future_usage'
  | 'statement_descriptor'
  | 'statement_descriptor_suffix'
  | 'status'
>;

export function paymentIntentObject(fields: NewPaymentIntentFields): PaymentIntent {
  return {
    id: fields.id,
    object: 'payment_intent',
    allowed_payment_method_types: fields.allowed_payment_method_types,
    amount: fields.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: fields.automatic_payment_methods,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: fields.capture_method,
    client_secret: fields.client_secret,
    confirmation_method: fields.confirmation_method,
    created: fields.created,
    currency: fields.currency,
    customer: fields.customer,
    customer_account: null,
    description: fields.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: fields.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: fields.payment_method,
    payment_method_configuration_details: null,
    payment_method_options: fields.payment_method_options,
    payment_method_types: fields.payment_method_types,
    payment_record: null,
    processing: null,
    receipt_email: fields.receipt_email,
    review: null,
    setup_future_usage: fields.setup_future_usage,
    shipping: null,
    source: null,
    statement_descriptor: fields.statement_descriptor,
    statement_descriptor_suffix: fields.statement_descriptor_suffix,
    status: fields.status,
    transfer_group: null,
  };
}

/** Whether the redirect back to the shop reports success (facts: `redirect_status`). */
export function paymentRedirectStatus(intent: PaymentIntent): 'succeeded' | 'failed' {
  return intent.status === 'succeeded' || intent.status === 'requires_capture' || intent.status === 'processing'
    ? 'succeeded'
    : 'failed';
}
