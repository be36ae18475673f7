/**
 * The PaymentMethod wire object (docs.stripe.com/api/payment_methods/object), card only: what its
 * JSON looks like, built from a test card. Whether it may be used, attached or reused is decided in
 * payment-methods.ts and customers.ts.
 */
import { createHash } from 'node:crypto';
import type { TestCard } from './cards';

export interface PaymentMethod {
  id: string;
  object: 'payment_method';
  allow_redisplay: 'unspecified' | 'limited' | 'always';
  billing_details: {
    address: {
      city: string | null;
      country: string | null;
      line1: string | null;
      line2: string | null;
      postal_code: string | null;
      state: string | null;
    };
    email: string | null;
    name: string | null;
    phone: string | null;
  };
  card: {
    brand: string;
    checks: { address_line1_check: null; address_postal_code_check: null; cvc_check: 'unchecked' | null };
    country: string;
    display_brand: string;
    exp_month: number;
    exp_year: number;
    fingerprint: string;
    funding: string;
    last4: string;
    networks: { available: string[]; preferred: null };
    three_d_secure_usage: { supported: boolean };
    wallet: null;
  };
  created: number;
  customer: string | null;
  customer_account: null;
  livemode: false;
  metadata: Record<string, string>;
  type: 'card';
}

export interface BillingDetails {
  name?: string;
  email?: string;
  phone?: string;
  address?: Partial<Record<'city' | 'country' | 'line1' | 'line2' | 'postal_code' | 'state', string>>;
}

export interface NewPaymentMethod {
  id: string;
  created: number;
  billingDetails?: BillingDetails;
  metadata?: Record<string, string>;
}

/** Stable per card number, as Stripe's is, without revealing the number. */
function fingerprint(number: string): string {
  return createHash('sha256').update(`stand-in:${number}`).digest('base64url').slice(0, 16);
}

export function paymentMethodObject(
  card: TestCard,
  expiry: { month: number; year: number },
  cvcProvided: boolean,
  input: NewPaymentMethod,
): PaymentMethod {
  const address = input.billingDetails?.address ?? {};
  return {
    id: input.id,
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: {
      address: {
        city: address.city ?? null,
        country: address.country ?? null,
        line1: address.line1 ?? null,
        line2: address.line2 ?? null,
        postal_code: address.postal_code ?? null,
        state: address.state ?? null,
      },
      email: input.billingDetails?.email ?? null,
      name: input.billingDetails?.name ?? null,
      phone: input.billingDetails?.phone ?? null,
    },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: cvcProvided ? 'unchecked' : null },
      country: card.country,
      display_brand: card.brand === 'amex' ? 'american_express' : card.brand,
      exp_month: expiry.month,
      exp_year: expiry.year,
      fingerprint: fingerprint(card.number),
      funding: card.funding,
      last4: card.number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      three_d_secure_usage: { supported: card.threeDSecure !== 'not_supported' },
      wallet: null,
    },
    created: input.created,
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: input.metadata ?? {},
    type: 'card',
  };
}
