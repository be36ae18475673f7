/**
 * The checkout flow the backend imports: create and confirm a PaymentIntent with the document's
 * settings, and turn Stripe's answer into what the front end needs. Callers get an outcome, never
 * a raw Stripe object. Card errors become outcomes; anything else (bad request, network, Stripe
 * outage) is thrown, because the shop cannot tell the customer anything useful about it.
 */
import Stripe from 'stripe';
import { StripeConfigError, type RuntimeDocument } from './contract';

export type CheckoutOutcome =
  | { status: 'paid'; paymentIntentId: string }
  /** Manual capture: the money is held; the shop captures later. */
  | { status: 'authorized'; paymentIntentId: string }
  | { status: 'processing'; paymentIntentId: string }
  /** Send the customer to `redirectUrl` (or hand `clientSecret` to Stripe.js), then call `resume`. */
  | { status: 'needs_authentication'; paymentIntentId: string; clientSecret: string; redirectUrl?: string }
  | { status: 'authentication_failed'; paymentIntentId: string; customerMessage: string }
  | { status: 'declined'; paymentIntentId?: string; code: string; declineCode?: string; customerMessage: string }
  /** Off-session charge that needs the customer: bring them back on-session. */
  | { status: 'needs_customer'; paymentIntentId?: string; customerMessage: string }
  | { status: 'canceled'; paymentIntentId: string };

export type CheckoutStatus = CheckoutOutcome['status'];

export interface PaymentRequest {
  /** Amount in the currency's minor unit. */
  amount: number;
  /** A PaymentMethod id (from the front end). */
  paymentMethodId: string;
  /** The Stripe Customer the card belongs to; needed to save it and to charge it later. */
  customerId?: string;
  /**
   * Save the card on `customerId` for later charges without the customer (`setup_future_usage:
   * off_session`): the bank authenticates it now, so later merchant-initiated charges need no 3DS.
   */
  saveForOffSession?: boolean;
  /** Merchant-initiated charge of a card saved earlier: the customer is not there to authenticate. */
  offSession?: boolean;
  idempotencyKey?: string;
  metadata?: Record<string, string>;
}

export interface Checkout {
  pay(request: PaymentRequest): Promise<CheckoutOutcome>;
  /** After the customer comes back to the return URL: where does the payment stand now? */
  resume(paymentIntentId: string): Promise<CheckoutOutcome>;
}

// Customer-facing wording per decline code; lost/stolen/fraud stay generic on purpose (Stripe's advice).
const DECLINE_MESSAGES: Record<string, string> = {
  insufficient_funds: 'Your card has insufficient funds. Try another card.',
  expired_card: 'Your card has expired. Try another card.',
  incorrect_cvc: "Your card's security code is incorrect.",
  incorrect_number: 'Your card number is incorrect.',
  processing_error: 'An error occurred while processing your card. Try again in a moment.',
  authentication_required: 'Your bank needs you to confirm this payment. Please complete checkout again.',
};
const GENERIC_DECLINE = 'Your card was declined. Try another card.';
const AUTHENTICATION_FAILED = 'We could not verify your payment with your bank. Try again or use another card.';

export function createCheckout(options: { document: RuntimeDocument; stripe: Stripe }): Checkout {
  const { document, stripe } = options;
  const { payments } = document;

  return {
    async pay(request) {
      if ((request.offSession || request.saveForOffSession) && !request.customerId) {
        throw new StripeConfigError(
          'usage',
          `pay: ${request.offSession ? 'offSession' : 'saveForOffSession'} needs customerId (the card must belong to a Customer)`,
        );
      }
      if (request.offSession && request.saveForOffSession) {
        throw new StripeConfigError('usage', 'pay: offSession and saveForOffSession exclude each other (a card is saved while the customer is present)');
      }
      // Typed against stripe-node's newest API version; the pinned version may differ (see paymentMethodTypesParam).
      const params = {
        amount: request.amount,
        currency: payments.currency,
        payment_method: request.paymentMethodId,
        ...paymentMethodTypesParam(document.stripe.apiVersion, payments.paymentMethodTypes),
        capture_method: payments.captureMethod,
        // Asking for 3DS on a charge nobody can authenticate only turns it into a decline; off-session
        // charges rely on the authentication done when the card was saved (facts: setup_future_usage).
        ...(request.offSession ? {} : { payment_method_options: { card: { request_three_d_secure: payments.threeDSecure } } }),
        // Omitted (schema version 2): Stripe prints the account's own descriptor.
        ...(payments.statementDescriptorSuffix === undefined ? {} : { statement_descriptor_suffix: payments.statementDescriptorSuffix }),
        confirm: true,
        ...(request.customerId ? { customer: request.customerId } : {}),
        ...(request.saveForOffSession ? { setup_future_usage: 'off_session' } : {}),
        ...(request.offSession ? { off_session: true } : { return_url: payments.returnUrl }),
        ...(request.metadata ? { metadata: request.metadata } : {}),
      } as Stripe.PaymentIntentCreateParams;
      try {
        const intent = await stripe.paymentIntents.create(params, request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {});
        return outcomeOf(intent);
      } catch (error) {
        return cardErrorOutcome(error);
      }
    },

    async resume(paymentIntentId) {
      return outcomeOf(await stripe.paymentIntents.retrieve(paymentIntentId));
    },
  };
}

// 2026-07-29.dahlia added allowed_payment_method_types; 2026-09-30.endive removed the writable
// payment_method_types (400 payment_method_types_no_longer_supported). Source: Stripe changelog,
// docs.stripe.com/changelog/endive/2026-09-30/removes-the-payment-method-types-parameter-from-payment-intents-and-setup-intents
const ALLOWED_TYPES_SINCE = '2026-07-29';

/**
 * Explicit payment method types, in the parameter the pinned API version understands. Without them,
 * versions from 2023-08-16 default to automatic payment methods, which need a return URL for
 * redirect-based methods and may show methods the shop never tested.
 */
export function paymentMethodTypesParam(apiVersion: string, types: string[]): Record<string, string[]> {
  return apiVersion.slice(0, 10) >= ALLOWED_TYPES_SINCE ? { allowed_payment_method_types: [...types] } : { payment_method_types: [...types] };
}

/** Maps a PaymentIntent to the outcome the front end acts on. */
export function outcomeOf(intent: Stripe.PaymentIntent): CheckoutOutcome {
  const paymentIntentId = intent.id;
  switch (intent.status) {
    case 'succeeded':
      return { status: 'paid', paymentIntentId };
    case 'requires_capture':
      return { status: 'authorized', paymentIntentId };
    case 'processing':
      return { status: 'processing', paymentIntentId };
    case 'canceled':
      return { status: 'canceled', paymentIntentId };
    case 'requires_action': {
      const redirectUrl = intent.next_action?.type === 'redirect_to_url' ? (intent.next_action.redirect_to_url?.url ?? undefined) : undefined;
      return { status: 'needs_authentication', paymentIntentId, clientSecret: intent.client_secret ?? '', ...(redirectUrl ? { redirectUrl } : {}) };
    }
    default: {
      const error = intent.last_payment_error;
      if (error?.code === 'payment_intent_authentication_failure') {
        return { status: 'authentication_failed', paymentIntentId, customerMessage: AUTHENTICATION_FAILED };
      }
      if (error?.code === 'authentication_required') {
        return { status: 'needs_customer', paymentIntentId, customerMessage: DECLINE_MESSAGES.authentication_required };
      }
      if (error) return declined(error.code ?? 'card_declined', error.decline_code ?? undefined, paymentIntentId);
      // requires_payment_method / requires_confirmation without an error: the intent never got a usable card.
      return declined('payment_method_required', undefined, paymentIntentId);
    }
  }
}

function cardErrorOutcome(error: unknown): CheckoutOutcome {
  if (!(error instanceof Stripe.errors.StripeCardError)) throw error;
  const intent = (error.raw as { payment_intent?: Stripe.PaymentIntent }).payment_intent;
  if (error.code === 'authentication_required') {
    return { status: 'needs_customer', paymentIntentId: intent?.id, customerMessage: DECLINE_MESSAGES.authentication_required };
  }
  return declined(error.code ?? 'card_declined', error.decline_code, intent?.id);
}

function declined(code: string, declineCode: string | undefined, paymentIntentId: string | undefined): CheckoutOutcome {
  const customerMessage = DECLINE_MESSAGES[declineCode ?? ''] ?? DECLINE_MESSAGES[code] ?? GENERIC_DECLINE;
  return {
    status: 'declined',
    code,
    customerMessage,
    ...(declineCode ? { declineCode } : {}),
    ...(paymentIntentId ? { paymentIntentId } : {}),
  };
}
