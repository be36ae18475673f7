/**
 * Shared by the suites that drive the stand-in's modules directly (no HTTP): a fixed clock and
 * context for the state machines, PaymentMethods from test cards, and the StripeApiError a call throws.
 */
import { NEWEST_API_VERSION } from '../../../../emulators/stripe/api-versions';
import { StripeApiError } from '../../../../emulators/stripe/errors';
import type { IntentContext } from '../../../../emulators/stripe/intent-context';
import { paymentMethodFromToken, type PaymentMethodRecord } from '../../../../emulators/stripe/payment-methods';

export const NOW = new Date('2026-11-01T12:00:00Z');

/** Ids `<prefix>_test1`, `_test2`, … per context; the hosted page at stand-in.test. */
export function context(apiVersion: string = NEWEST_API_VERSION): IntentContext {
  let counter = 0;
  return {
    apiVersion,
    livemode: false,
    now: Math.floor(NOW.getTime() / 1000),
    newId: (prefix) => `${prefix}_test${(counter += 1)}`,
    newClientSecret: (id) => `${id}_secret_fixed`,
    challengeUrl: (id, secret) => `http://stand-in.test/3ds/authenticate/${id}?client_secret=${secret}`,
  };
}

let pmCounter = 0;

/** A fresh PaymentMethod for a magic token such as `pm_card_visa`. */
export function paymentMethod(token: string): PaymentMethodRecord {
  const record = paymentMethodFromToken(token, { id: `pm_test${(pmCounter += 1)}`, created: 0, livemode: false }, NOW);
  if (record === undefined) throw new Error(`unknown token ${token}`);
  return record;
}

/** A fresh id for a PaymentMethod made from card details. */
export function nextPaymentMethodId(): string {
  return `pm_test${(pmCounter += 1)}`;
}

export function thrown(fn: () => unknown): StripeApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StripeApiError) return error;
    throw error;
  }
  throw new Error('expected a StripeApiError');
}
