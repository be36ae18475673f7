/**
 * Card PaymentMethods: created from raw card details (as Stripe.js does with a publishable key) or
 * from a magic test id such as `pm_card_visa`. No HTTP here; validation failures are Stripe's errors.
 */
import { cardByNumber, cardByToken, passesLuhn, type TestCard } from './cards';
import { cardError, invalidRequest } from './errors';
import { createHash } from 'node:crypto';

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

/** A PaymentMethod with what the stand-in needs to know about it beyond the wire object. */
export interface PaymentMethodRecord {
  paymentMethod: PaymentMethod;
  card: TestCard;
  cvcProvided: boolean;
  /** Set when a payment with `setup_future_usage` succeeded: 4000002500003155 then passes off-session. */
  setUpForOffSession: boolean;
}

export interface CardDetails {
  number?: string;
  exp_month?: number;
  exp_year?: number;
  cvc?: string;
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

function fingerprint(number: string): string {
  return createHash('sha256').update(`stand-in:${number}`).digest('base64url').slice(0, 16);
}

function build(card: TestCard, exp: { month: number; year: number }, cvcProvided: boolean, input: NewPaymentMethod): PaymentMethodRecord {
  const address = input.billingDetails?.address ?? {};
  return {
    card,
    cvcProvided,
    setUpForOffSession: false,
    paymentMethod: {
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
        exp_month: exp.month,
        exp_year: exp.year,
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
    },
  };
}

/**
 * Card checks in Stripe's order and words (docs.stripe.com/testing "Invalid data"): a number failing
 * Luhn is `incorrect_number`, month 13 `invalid_expiry_month`, a past year `invalid_expiry_year`,
 * a 2-digit CVC `invalid_cvc`. A valid number that isn't a test card is refused as a live card.
 */
export function createCardPaymentMethod(details: CardDetails, input: NewPaymentMethod, now: Date): PaymentMethodRecord {
  const number = (details.number ?? '').replace(/[\s-]/g, '');
  if (details.number === undefined) throw invalidRequest('Missing required param: card[number].', { code: 'parameter_missing', param: 'card[number]' });
  if (details.exp_month === undefined) throw invalidRequest('Missing required param: card[exp_month].', { code: 'parameter_missing', param: 'card[exp_month]' });
  if (details.exp_year === undefined) throw invalidRequest('Missing required param: card[exp_year].', { code: 'parameter_missing', param: 'card[exp_year]' });
  if (!passesLuhn(number)) {
    throw cardError({ code: 'incorrect_number', message: 'Your card number is incorrect.', param: 'number' });
  }
  const month = details.exp_month;
  if (month < 1 || month > 12) {
    throw cardError({ code: 'invalid_expiry_month', message: "Your card's expiration month is invalid.", param: 'exp_month' });
  }
  const year = details.exp_year < 100 ? 2000 + details.exp_year : details.exp_year;
  const thisYear = now.getUTCFullYear();
  const thisMonth = now.getUTCMonth() + 1;
  if (year < thisYear || year > thisYear + 50) {
    throw cardError({ code: 'invalid_expiry_year', message: "Your card's expiration year is invalid.", param: 'exp_year' });
  }
  if (year === thisYear && month < thisMonth) {
    throw cardError({ code: 'invalid_expiry_month', message: "Your card's expiration month is invalid.", param: 'exp_month' });
  }
  if (details.cvc !== undefined && !/^\d{3,4}$/.test(details.cvc)) {
    throw cardError({ code: 'invalid_cvc', message: "Your card's security code is invalid.", param: 'cvc' });
  }
  const card = cardByNumber(number);
  if (card === undefined) {
    throw cardError({
      code: 'card_declined',
      declineCode: 'test_mode_live_card',
      message:
        'Your card was declined. Your request was in test mode, but used a non test (live) card. ' +
        'For a list of valid test cards, visit: https://stripe.com/docs/testing.',
    });
  }
  return build(card, { month, year }, details.cvc !== undefined, input);
}

/** `pm_card_visa` and friends: a fresh PaymentMethod of the calling account, expiring next year. */
export function paymentMethodFromToken(token: string, input: NewPaymentMethod, now: Date): PaymentMethodRecord | undefined {
  const card = cardByToken(token);
  if (card === undefined) return undefined;
  return build(card, { month: 12, year: now.getUTCFullYear() + 1 }, true, input);
}
