/**
 * Card PaymentMethods: created from raw card details (as Stripe.js does with a publishable key) or
 * from a magic test id such as `pm_card_visa`, and the rules on reusing them (single use until saved
 * to a Customer; one Customer only). No HTTP here; validation failures are Stripe's errors. The wire
 * object itself is payment-method-object.ts.
 */
import { cardByNumber, cardByToken, passesLuhn, type TestCard } from './cards';
import { cardError, invalidRequest } from './errors';
import { paymentMethodObject, type NewPaymentMethod, type PaymentMethod } from './payment-method-object';

/** A PaymentMethod with what the stand-in needs to know about it beyond the wire object. */
export interface PaymentMethodRecord {
  paymentMethod: PaymentMethod;
  card: TestCard;
  cvcProvided: boolean;
  /** Set when a payment with `setup_future_usage` succeeded: 4000002500003155 then passes off-session. */
  setUpForOffSession: boolean;
  /** Set once Stripe will not take it for another payment or setup (see `Spent`); null while reusable. */
  spent: Spent | null;
}

/**
 * Why a PaymentMethod may not be used again: a PaymentIntent used it without it being attached to a
 * Customer, or it was detached from one.
 */
export interface Spent {
  /** The PaymentIntent whose confirmation used it; null when it was detached from a Customer. */
  paymentIntent: string | null;
  /**
   * It may still be attached to a Customer (and is reusable once it is): the payment saved it with
   * `setup_future_usage` on an intent without a Customer (docs.stripe.com/api/payment_intents/create
   * `setup_future_usage`: "If you don't provide a Customer, you can still attach the payment method to
   * a Customer after the transaction completes").
   */
  attachable: boolean;
}

export interface CardDetails {
  number?: string;
  exp_month?: number;
  exp_year?: number;
  cvc?: string;
}

function newRecord(card: TestCard, expiry: { month: number; year: number }, cvcProvided: boolean, input: NewPaymentMethod): PaymentMethodRecord {
  return { card, cvcProvided, setUpForOffSession: false, spent: null, paymentMethod: paymentMethodObject(card, expiry, cvcProvided, input) };
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
  return newRecord(card, { month, year }, details.cvc !== undefined, input);
}

/** `pm_card_visa` and friends: a fresh PaymentMethod of the calling account, expiring next year. */
export function paymentMethodFromToken(token: string, input: NewPaymentMethod, now: Date): PaymentMethodRecord | undefined {
  const card = cardByToken(token);
  if (card === undefined) return undefined;
  return newRecord(card, { month: 12, year: now.getUTCFullYear() + 1 }, true, input);
}

// ---------------------------------------------------------------------------------------------
// Reuse. A PaymentMethod not attached to a Customer is single-use: once a PaymentIntent has used it,
// or once it is detached, Stripe refuses it for any intent and for attaching
// (docs.stripe.com/api/payment_methods/detach: "After a PaymentMethod is detached, it can no longer
// be used for a payment or re-attached to a Customer"). One attached to a Customer belongs to that
// Customer (docs.stripe.com/api/setup_intents/object `customer`: "Payment methods attached to other
// Customers cannot be used with this SetupIntent").
// ---------------------------------------------------------------------------------------------

/**
 * Stripe's words for using a spent PaymentMethod with an intent: a 400 `invalid_request_error` with
 * no `code` and no `param`, body as captured in Automattic/woocommerce-payments#323 (retrying a
 * checkout after an error) and quoted in liberapay/liberapay.com#2686, stripe/stripe-react-native#1170.
 */
export const SPENT_PAYMENT_METHOD_MESSAGE =
  'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a ' +
  'connected account without Customer attachment, or was detached from a Customer. It may not be used again. ' +
  'To use a PaymentMethod multiple times, you must attach it to a Customer first.';

/**
 * Stripe's words for attaching a spent PaymentMethod (`POST /v1/payment_methods/:id/attach`), as quoted
 * in stripe/stripe-php#1221 and stripe-archive/stripe-payments-demo#45. No source shows a `code` or
 * `param`; we send neither, like the intent-side message.
 */
export const SPENT_PAYMENT_METHOD_ATTACH_MESSAGE =
  'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, ' +
  'and may not be used again.';

/** Where an error about an existing intent embeds it, as Stripe does on update and confirm. */
export interface IntentOnError {
  paymentIntent?: unknown;
  setupIntent?: unknown;
}

/** Refuses a spent PaymentMethod for a PaymentIntent or SetupIntent (create, update, confirm). */
export function refuseSpent(record: PaymentMethodRecord): void {
  if (record.spent !== null) throw invalidRequest(SPENT_PAYMENT_METHOD_MESSAGE);
}

/**
 * Refuses a PaymentMethod attached to a Customer other than the intent's. Text and shape (400, no
 * `code`, `param: payment_method`, the intent embedded on confirm and update but not on create) as
 * recorded against Stripe by a public replay emulator's cassettes and quoted by merchants (public code
 * search: "does not belong to the Customer you supplied"). An intent without a Customer is not
 * checked here: Stripe refuses that too ("… belongs to the Customer cus_…. Please include the
 * Customer in the `customer` parameter on the PaymentIntent.", ezet/stripe-sdk#49), not modelled yet.
 */
export function refuseOtherCustomers(record: PaymentMethodRecord, customer: string | null, onError: IntentOnError = {}): void {
  const owner = record.paymentMethod.customer;
  if (owner === null || customer === null || owner === customer) return;
  throw invalidRequest(
    `The PaymentMethod ${record.paymentMethod.id} does not belong to the Customer you supplied ${customer}. ` +
      'Please use this PaymentMethod with the Customer that it belongs to instead.',
    { param: 'payment_method', ...onError },
  );
}

/** Both checks an intent runs on the PaymentMethod it is given or is about to confirm with. */
export function refuseReuse(record: PaymentMethodRecord, customer: string | null, onError: IntentOnError = {}): void {
  refuseSpent(record);
  refuseOtherCustomers(record, customer, onError);
}

/**
 * The checks an intent's update runs: a new PaymentMethod gets both; without one, a new Customer must
 * still own the PaymentMethod the intent holds.
 */
export function refuseReuseOnUpdate(
  update: { paymentMethod: PaymentMethodRecord | undefined; customerChanged: boolean },
  held: PaymentMethodRecord | null,
  customer: string | null,
  onError: IntentOnError,
): void {
  if (update.paymentMethod !== undefined) refuseReuse(update.paymentMethod, customer, onError);
  else if (update.customerChanged && held !== null) refuseOtherCustomers(held, customer, onError);
}

/**
 * The PaymentMethod after a PaymentIntent's attempt with it concluded: authorised, declined, or
 * failed authentication (a challenge still pending is no conclusion; the intent keeps it).
 *
 * - Authorised with `setup_future_usage`: set up for off-session use and attached to the intent's
 *   Customer if there is one (docs.stripe.com/payments/save-during-payment); without a Customer it
 *   may still be attached afterwards (docs, `setup_future_usage`); until it is, it is not reusable (our reading).
 * - Otherwise, if it is not attached to a Customer, it is spent — declines included. Stripe's message
 *   only says "used with a PaymentIntent"; merchants hit the refusal when resubmitting a checkout that
 *   failed (Automattic/woocommerce-payments#323), one developer's notes record it on the try after
 *   "Your card was declined." (public code search: "USED CARD TWICE"), and Stripe's own SDK fixtures
 *   show the PaymentMethod of an intent whose 3DS attempt was canceled reported as "previously used
 *   without being attached to a Customer" (stripe/stripe-android …/model/PaymentIntentFixtures.kt).
 *   That a decline or failed challenge spends it, as a success does, is our reading of these.
 * - A PaymentMethod already attached to a Customer stays reusable.
 */
export function afterPaymentAttempt(
  record: PaymentMethodRecord,
  attempt: { paymentIntent: string; customer: string | null; saved: boolean },
): PaymentMethodRecord {
  const owner = record.paymentMethod.customer;
  if (attempt.saved) {
    const customer = attempt.customer ?? owner;
    return {
      ...record,
      setUpForOffSession: true,
      spent: customer === null ? { paymentIntent: attempt.paymentIntent, attachable: true } : null,
      paymentMethod: customer === owner ? record.paymentMethod : { ...record.paymentMethod, customer },
    };
  }
  if (owner !== null) return record;
  return { ...record, spent: { paymentIntent: attempt.paymentIntent, attachable: false } };
}
