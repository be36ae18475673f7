/**
 * The Charge wire object (docs.stripe.com/api/charges/object) that each authorisation attempt of a
 * PaymentIntent leaves: succeeded (captured now or later) or failed with the issuer's decline. When a
 * charge is made is payment-intents.ts.
 */
import type { Decline } from './cards';
import type { PaymentIntent } from './payment-intent-object';
import type { PaymentMethod } from './payment-method-object';

export interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application: null;
  application_fee: null;
  application_fee_amount: null;
  balance_transaction: null;
  billing_details: PaymentMethod['billing_details'];
  calculated_statement_descriptor: string | null;
  captured: boolean;
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  disputed: false;
  failure_balance_transaction: null;
  failure_code: string | null;
  failure_message: string | null;
  fraud_details: Record<string, never>;
  livemode: false;
  metadata: Record<string, string>;
  on_behalf_of: null;
  outcome: {
    network_status: 'approved_by_network' | 'declined_by_network' | 'not_sent_to_network';
    reason: string | null;
    risk_level: 'normal' | 'highest';
    seller_message: string;
    type: 'authorized' | 'issuer_declined' | 'blocked';
  };
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  receipt_email: string | null;
  receipt_number: null;
  receipt_url: null;
  refunded: false;
  review: null;
  shipping: null;
  source: null;
  source_transfer: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  transfer_data: null;
  transfer_group: null;
  payment_method_details: {
    type: 'card';
    card: { brand: string; last4: string; exp_month: number; exp_year: number; three_d_secure: { result: 'authenticated' } | null };
  };
  status: 'succeeded' | 'failed';
}

export interface ChargeAttempt {
  id: string;
  /** Unix seconds. */
  created: number;
  /** The issuer's decline; absent when it approved. */
  decline?: Decline;
  captured: boolean;
  /** The customer completed 3DS for this attempt. */
  authenticated: boolean;
}

/** Radar's block (decline code `fraudulent`) never reaches the network (facts: decline cards). */
export function chargeObject(intent: PaymentIntent, paymentMethod: PaymentMethod, attempt: ChargeAttempt): Charge {
  const decline = attempt.decline;
  const blocked = decline?.declineCode === 'fraudulent';
  return {
    id: attempt.id,
    object: 'charge',
    amount: intent.amount,
    amount_captured: attempt.captured ? intent.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: paymentMethod.billing_details,
    calculated_statement_descriptor: intent.statement_descriptor,
    captured: attempt.captured,
    created: attempt.created,
    currency: intent.currency,
    customer: intent.customer,
    description: intent.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...intent.metadata },
    on_behalf_of: null,
    outcome: {
      network_status: decline === undefined ? 'approved_by_network' : blocked ? 'not_sent_to_network' : 'declined_by_network',
      reason: decline?.declineCode ?? null,
      risk_level: blocked ? 'highest' : 'normal',
      seller_message: decline === undefined ? 'Payment complete.' : 'The bank did not return any further details with this decline.',
      type: decline === undefined ? 'authorized' : blocked ? 'blocked' : 'issuer_declined',
    },
    paid: decline === undefined,
    payment_intent: intent.id,
    payment_method: paymentMethod.id,
    receipt_email: intent.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: intent.statement_descriptor,
    statement_descriptor_suffix: intent.statement_descriptor_suffix,
    transfer_data: null,
    transfer_group: null,
    payment_method_details: {
      type: 'card',
      card: {
        brand: paymentMethod.card.brand,
        last4: paymentMethod.card.last4,
        exp_month: paymentMethod.card.exp_month,
        exp_year: paymentMethod.card.exp_year,
        three_d_secure: attempt.authenticated ? { result: 'authenticated' } : null,
      },
    },
    status: decline === undefined ? 'succeeded' : 'failed',
  };
}

/** The charge as it looks after a capture. */
export function capturedCharge(charge: Charge, amount: number): Charge {
  return { ...charge, captured: true, amount_captured: amount };
}
