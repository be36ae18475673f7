/**
 * The Stripe test-card table, as data. Sources: reference/stripe-facts.md and docs.stripe.com/testing
 * ("Declined payments", "Fraud prevention", "3D Secure authentication" sections).
 *
 * Each card says how 3D Secure relates to it and what the issuer does at authorisation; the rules
 * that combine a card with a PaymentIntent's settings are the few functions at the bottom.
 */

export type CardBrand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay';
export type CardFunding = 'credit' | 'debit' | 'prepaid';

/**
 * docs.stripe.com/testing, "3D Secure usage" column:
 * - `required`: authentication must be completed; the default Radar rules (or regulation) request it
 *   on-session, so `request_three_d_secure=automatic` challenges.
 * - `supported`: the card can be challenged, but nothing requests it by default; `any`/`challenge` do.
 * - `not_enrolled`: 3DS may be requested but the customer "doesn't go through additional
 *   authentication" — this is 4242424242424242, so it is NOT challenged under `any` (docs.stripe.com/
 *   testing: "3DS Supported / Unenrolled / 4242424242424242"). "Other test cards are not enrolled."
 * - `not_supported`: 3DS can't be invoked; the PaymentIntent proceeds without it (378282246310005).
 */
export type ThreeDSecureUsage = 'required' | 'supported' | 'not_enrolled' | 'not_supported';

/** What happens to an off-session (merchant-initiated) confirm of a saved card. */
export type OffSessionBehaviour =
  | 'succeeds'
  | 'authentication_required'
  /** 4000002500003155: needs authentication off-session unless it was set up for future use. */
  | 'succeeds_once_set_up';

export interface Decline {
  code: string;
  /** Absent where the docs list "n/a" (expired_card, incorrect_cvc, processing_error). */
  declineCode?: string;
  message: string;
  /** The card field a customer should correct, as Stripe reports it. */
  param?: string;
}

export const DECLINES = {
  generic: { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  insufficientFunds: {
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  lostCard: { code: 'card_declined', declineCode: 'lost_card', message: 'Your card was declined.' },
  stolenCard: { code: 'card_declined', declineCode: 'stolen_card', message: 'Your card was declined.' },
  expiredCard: { code: 'expired_card', message: 'Your card has expired.', param: 'exp_month' },
  incorrectCvc: { code: 'incorrect_cvc', message: "Your card's security code is incorrect.", param: 'cvc' },
  processingError: {
    code: 'processing_error',
    message: 'An error occurred while processing your card. Try again in a little bit.',
  },
  /** Radar "always blocked" (4100000000000019); facts: decline_code `fraudulent`. */
  fraudulent: { code: 'card_declined', declineCode: 'fraudulent', message: 'Your card was declined.' },
  /** Off-session confirm that needs the customer (facts: off-session confirm that needs authentication). */
  authenticationRequired: {
    code: 'authentication_required',
    declineCode: 'authentication_required',
    message: 'Your card was declined. This transaction requires authentication.',
  },
} as const satisfies Record<string, Decline>;

export interface TestCard {
  number: string;
  brand: CardBrand;
  funding: CardFunding;
  country: string;
  /** Magic PaymentMethod ids usable as `payment_method` (each resolves to a fresh PM). */
  tokens: readonly string[];
  description: string;
  threeDSecure: ThreeDSecureUsage;
  offSession: OffSessionBehaviour;
  /**
   * When 3DS is attempted it fails instead of challenging: `lookup_error` (4000008400001280, declined
   * `card_declined`), `attempt_error` (4000000000003097, processing error). docs.stripe.com/testing.
   */
  threeDSecureFailure?: 'lookup_error' | 'attempt_error';
  /** The issuer's answer at authorisation, after any authentication. */
  decline?: Decline;
  /** The decline only happens when a CVC was provided ("If you don't provide a CVC, Stripe doesn't perform the CVC check"). */
  declineNeedsCvc?: boolean;
  /**
   * Where `decline` bites. `verification` (the default for a declining card): every authorisation,
   * including the card check Stripe runs when a PaymentMethod is attached to a Customer or a
   * SetupIntent confirms. `charge`: only payments — 4000000000000341 ("Attaching this card to a
   * Customer object succeeds, but attempts to charge the customer fail") and the authenticate-then-
   * decline cards, which docs.stripe.com/testing describes as declined "even after being successfully
   * authenticated or previously set up".
   */
  declineAt?: 'verification' | 'charge';
}

const card = (
  number: string,
  brand: CardBrand,
  description: string,
  rest: Partial<Omit<TestCard, 'number' | 'brand' | 'description'>> = {},
): TestCard => ({
  number,
  brand,
  description,
  funding: rest.funding ?? 'credit',
  country: rest.country ?? 'US',
  tokens: rest.tokens ?? [],
  threeDSecure: rest.threeDSecure ?? 'not_enrolled',
  offSession: rest.offSession ?? 'succeeds',
  ...(rest.threeDSecureFailure === undefined ? {} : { threeDSecureFailure: rest.threeDSecureFailure }),
  ...(rest.decline === undefined ? {} : { decline: rest.decline }),
  ...(rest.declineNeedsCvc === undefined ? {} : { declineNeedsCvc: rest.declineNeedsCvc }),
  ...(rest.declineAt === undefined ? {} : { declineAt: rest.declineAt }),
});

export const TEST_CARDS: readonly TestCard[] = [
  // Cards by brand: succeed, not enrolled in 3DS.
  card('4242424242424242', 'visa', 'Visa: succeeds; supports 3DS but is not enrolled, so never challenged', {
    tokens: ['pm_card_visa', 'pm_card_us'],
  }),
  card('4000056655665556', 'visa', 'Visa (debit): succeeds', { funding: 'debit', tokens: ['pm_card_visa_debit'] }),
  card('5555555555554444', 'mastercard', 'Mastercard: succeeds', { tokens: ['pm_card_mastercard'] }),
  card('2223003122003222', 'mastercard', 'Mastercard (2-series): succeeds'),
  card('5200828282828210', 'mastercard', 'Mastercard (debit): succeeds', {
    funding: 'debit',
    tokens: ['pm_card_mastercard_debit'],
  }),
  card('5105105105105100', 'mastercard', 'Mastercard (prepaid): succeeds', {
    funding: 'prepaid',
    tokens: ['pm_card_mastercard_prepaid'],
  }),
  card('378282246310005', 'amex', 'American Express: succeeds; 3DS not supported', {
    tokens: ['pm_card_amex'],
    threeDSecure: 'not_supported',
  }),
  card('371449635398431', 'amex', 'American Express: succeeds; 3DS not supported', { threeDSecure: 'not_supported' }),
  card('6011111111111117', 'discover', 'Discover: succeeds', { tokens: ['pm_card_discover'] }),
  card('3056930009020004', 'diners', 'Diners Club: succeeds', { tokens: ['pm_card_diners'] }),
  card('3566002020360505', 'jcb', 'JCB: succeeds', { tokens: ['pm_card_jcb'], country: 'JP' }),
  card('6200000000000005', 'unionpay', 'UnionPay: succeeds', { tokens: ['pm_card_unionpay'], country: 'CN' }),

  // Authentication and setup (regulatory, SCA).
  card('4000002500003155', 'visa', 'Authenticate unless set up for off-session use', {
    tokens: ['pm_card_authenticationRequiredOnSetup'],
    country: 'FR',
    threeDSecure: 'required',
    offSession: 'succeeds_once_set_up',
  }),
  card('4000002760003184', 'visa', 'Always authenticate', {
    tokens: ['pm_card_authenticationRequired'],
    country: 'DE',
    threeDSecure: 'required',
    offSession: 'authentication_required',
  }),
  card('4000003800000446', 'visa', 'Already set up: authenticate on-session, off-session succeeds', {
    tokens: ['pm_card_authenticationRequiredSetupForOffSession'],
    country: 'IT',
    threeDSecure: 'required',
  }),
  card('4000008260003178', 'visa', 'Authenticate, then declined insufficient_funds (even off-session)', {
    tokens: ['pm_card_authenticationRequiredChargeDeclinedInsufficientFunds'],
    country: 'GB',
    threeDSecure: 'required',
    decline: DECLINES.insufficientFunds,
    declineAt: 'charge',
  }),

  // 3DS support and availability. Off-session behaviour of the Radar-requested cards is not in the
  // docs; since 3DS can't run off-session we answer authentication_required (facts mark it verify).
  card('4000000000003220', 'visa', '3DS2 required; completes → succeeded', {
    tokens: ['pm_card_threeDSecure2Required'],
    threeDSecure: 'required',
    offSession: 'authentication_required',
  }),
  card('4000000000003063', 'visa', '3DS required; completes → succeeded', {
    tokens: ['pm_card_threeDSecureRequired'],
    threeDSecure: 'required',
    offSession: 'authentication_required',
  }),
  card('4000008400001629', 'visa', '3DS required; declined card_declined after authentication', {
    tokens: ['pm_card_threeDSecureRequiredChargeDeclined'],
    threeDSecure: 'required',
    offSession: 'authentication_required',
    decline: DECLINES.generic,
    declineAt: 'charge',
  }),
  card('4000008400001280', 'visa', '3DS required; the 3DS lookup fails and the payment is declined', {
    threeDSecure: 'required',
    offSession: 'authentication_required',
    threeDSecureFailure: 'lookup_error',
  }),
  card('4000000000003055', 'visa', '3DS supported, not required: frictionless unless 3DS is requested', {
    tokens: ['pm_card_threeDSecureOptional'],
    threeDSecure: 'supported',
  }),
  card('4000000000003097', 'visa', '3DS supported, not required; attempting 3DS errors', {
    threeDSecure: 'supported',
    threeDSecureFailure: 'attempt_error',
  }),

  // Declined payments.
  card('4000000000000002', 'visa', 'Generic decline', { tokens: ['pm_card_chargeDeclined'], decline: DECLINES.generic }),
  card('4000000000009995', 'visa', 'Insufficient funds decline', {
    tokens: ['pm_card_chargeDeclinedInsufficientFunds'],
    funding: 'debit',
    decline: DECLINES.insufficientFunds,
  }),
  card('4000000000009987', 'visa', 'Lost card decline', {
    tokens: ['pm_card_chargeDeclinedLostCard'],
    decline: DECLINES.lostCard,
  }),
  card('4000000000009979', 'visa', 'Stolen card decline', {
    tokens: ['pm_card_chargeDeclinedStolenCard'],
    decline: DECLINES.stolenCard,
  }),
  card('4000000000000069', 'visa', 'Expired card decline', {
    tokens: ['pm_card_chargeDeclinedExpiredCard'],
    decline: DECLINES.expiredCard,
  }),
  card('4000000000000127', 'visa', 'Incorrect CVC decline (only when a CVC is provided)', {
    tokens: ['pm_card_chargeDeclinedIncorrectCvc'],
    decline: DECLINES.incorrectCvc,
    declineNeedsCvc: true,
  }),
  card('4000000000000119', 'visa', 'Processing error decline', {
    tokens: ['pm_card_chargeDeclinedProcessingError'],
    decline: DECLINES.processingError,
  }),
  card('4000000000000341', 'visa', 'Attaching succeeds, charging fails', {
    tokens: ['pm_card_chargeCustomerFail'],
    decline: DECLINES.generic,
    declineAt: 'charge',
  }),
  card('4100000000000019', 'visa', 'Always blocked by Radar', {
    tokens: ['pm_card_radarBlock'],
    decline: DECLINES.fraudulent,
  }),
];

const BY_NUMBER = new Map(TEST_CARDS.map((c) => [c.number, c]));
const BY_TOKEN = new Map(TEST_CARDS.flatMap((c) => c.tokens.map((t) => [t, c] as const)));

export function cardByNumber(number: string): TestCard | undefined {
  return BY_NUMBER.get(number);
}

/** The card behind a magic PaymentMethod id such as `pm_card_visa`. */
export function cardByToken(token: string): TestCard | undefined {
  return BY_TOKEN.get(token);
}

export function isMagicPaymentMethodToken(id: string): boolean {
  return BY_TOKEN.has(id);
}

export function passesLuhn(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i += 1) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export type ThreeDSecurePolicy = 'automatic' | 'any' | 'challenge';

export interface AuthenticationSituation {
  policy: ThreeDSecurePolicy;
  offSession: boolean;
  /** The PaymentMethod was set up for future off-session use by an earlier authenticated payment. */
  setUpForOffSession: boolean;
}

/** What confirming does before authorisation: nothing, a challenge, or an immediate decline. */
export type AuthenticationStep = { kind: 'none' } | { kind: 'challenge' } | { kind: 'declined'; decline: Decline };

/**
 * - Off-session nobody can be challenged: cards that need the customer decline
 *   `authentication_required` (facts: off-session confirm that needs authentication).
 * - On-session, 3DS is requested when the card requires it, or when the policy is `any`/`challenge`
 *   (facts: `request_three_d_secure`). A requested 3DS on a card that isn't enrolled or doesn't
 *   support it proceeds without authentication; on a card whose 3DS errors it declines.
 */
export function authenticationStep(card: TestCard, situation: AuthenticationSituation): AuthenticationStep {
  if (situation.offSession) {
    const needsCustomer =
      card.offSession === 'authentication_required' ||
      (card.offSession === 'succeeds_once_set_up' && !situation.setUpForOffSession);
    return needsCustomer ? { kind: 'declined', decline: DECLINES.authenticationRequired } : { kind: 'none' };
  }
  const requested = card.threeDSecure === 'required' || situation.policy !== 'automatic';
  if (!requested) return { kind: 'none' };
  if (card.threeDSecure === 'not_enrolled' || card.threeDSecure === 'not_supported') return { kind: 'none' };
  if (card.threeDSecureFailure === 'lookup_error') return { kind: 'declined', decline: DECLINES.generic };
  if (card.threeDSecureFailure === 'attempt_error') return { kind: 'declined', decline: DECLINES.processingError };
  return { kind: 'challenge' };
}

/** The issuer's answer once authentication (if any) is done. */
export function authorisationDecline(card: TestCard, cvcProvided: boolean): Decline | undefined {
  if (card.decline === undefined) return undefined;
  if (card.declineNeedsCvc === true && !cvcProvided) return undefined;
  return card.decline;
}

/**
 * The card check Stripe runs when a PaymentMethod is attached to a Customer or a SetupIntent
 * succeeds: cards that decline every authorisation fail it with their decline; cards that only
 * decline charges pass (see `TestCard.declineAt`).
 */
export function verificationDecline(card: TestCard, cvcProvided: boolean): Decline | undefined {
  if (card.declineAt === 'charge') return undefined;
  return authorisationDecline(card, cvcProvided);
}
