/**
 * What a failed attempt leaves on a PaymentIntent or SetupIntent, in Stripe's shape: the
 * `last_payment_error` / `last_setup_error` object, and the 402 that a decline answers with (facts:
 * decline cards; docs.stripe.com/api/errors). When an attempt fails is the state machines' decision.
 */
import type { Decline } from './cards';
import { cardError, docUrlFor, type StripeApiError } from './errors';
import type { PaymentMethod } from './payment-method-object';

export type IntentKind = 'PaymentIntent' | 'SetupIntent';

/** `last_payment_error` (with the failed charge) or `last_setup_error`. */
export interface IntentLastError {
  type: 'card_error' | 'invalid_request_error';
  code: string;
  decline_code?: string;
  message: string;
  param?: string;
  charge?: string;
  doc_url: string;
  payment_method: PaymentMethod;
}

/** Where an error about an intent embeds it, as Stripe does (`payment_intent` or `setup_intent`). */
export function embedded(kind: IntentKind, intent: unknown): { paymentIntent: unknown } | { setupIntent: unknown } {
  return kind === 'PaymentIntent' ? { paymentIntent: intent } : { setupIntent: intent };
}

function declineFields(reason: Decline): { code: string; declineCode?: string; message: string; param?: string } {
  return {
    code: reason.code,
    ...(reason.declineCode === undefined ? {} : { declineCode: reason.declineCode }),
    message: reason.message,
    ...(reason.param === undefined ? {} : { param: reason.param }),
  };
}

/** The last error of a declined attempt; `charge` is the failed charge of a PaymentIntent. */
export function declinedLastError(reason: Decline, paymentMethod: PaymentMethod, charge?: string): IntentLastError {
  return {
    type: 'card_error',
    code: reason.code,
    ...(reason.declineCode === undefined ? {} : { decline_code: reason.declineCode }),
    message: reason.message,
    ...(reason.param === undefined ? {} : { param: reason.param }),
    ...(charge === undefined ? {} : { charge }),
    doc_url: docUrlFor(reason.code),
    payment_method: paymentMethod,
  };
}

/** The 402 `card_error` of a declined attempt, embedding the intent as it now is. */
export function declineError(kind: IntentKind, reason: Decline, intent: unknown, paymentMethod: PaymentMethod, charge?: string): StripeApiError {
  return cardError({
    ...declineFields(reason),
    ...(charge === undefined ? {} : { charge }),
    ...embedded(kind, intent),
    paymentMethod,
  });
}

/** The 402 of Stripe's card check when a PaymentMethod is attached to a Customer (customers.ts; nothing to embed). */
export function verificationError(reason: Decline): StripeApiError {
  return cardError(declineFields(reason));
}

/**
 * Failing the 3DS challenge (facts: failing the challenge → requires_payment_method). The codes are
 * Stripe's (docs.stripe.com/error-codes); the SetupIntent text is Stripe's as merchants quote it
 * (e.g. chargebee.com/docs "setup_intent_authentication_failure").
 */
const AUTHENTICATION_FAILURE: Readonly<Record<IntentKind, { code: string; message: string }>> = {
  PaymentIntent: {
    code: 'payment_intent_authentication_failure',
    message:
      'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new ' +
      'PaymentMethod to attempt to fulfill this PaymentIntent again.',
  },
  SetupIntent: {
    code: 'setup_intent_authentication_failure',
    message: 'The provided payment method has failed authentication. Provide a new payment method to attempt to fulfill this SetupIntent again.',
  },
};

export function failedAuthenticationLastError(kind: IntentKind, paymentMethod: PaymentMethod): IntentLastError {
  const { code, message } = AUTHENTICATION_FAILURE[kind];
  return { type: 'invalid_request_error', code, message, doc_url: docUrlFor(code), payment_method: paymentMethod };
}
