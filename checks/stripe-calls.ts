/** What every check does with Stripe the same way: tokenise a card as Stripe.js would, and judge a failed call. */
import Stripe from 'stripe';
import type { Verdict } from './result';

/** The customer types a test card into the front end: a PaymentMethod made with the publishable key. */
export function tokeniseCard(frontEnd: Stripe, number: string): Promise<Stripe.PaymentMethod> {
  return frontEnd.paymentMethods.create({
    type: 'card',
    card: { number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvc: '123' },
  });
}

/**
 * Never pass on doubt: outages, rate limits and network trouble (after stripe-node's retries) make
 * a check inconclusive; anything Stripe refuses on its merits is a failure.
 */
export function verdictOnError(error: unknown): Exclude<Verdict, 'pass'> {
  // By stripe-node's `type` rather than `instanceof`: a checkout service's runtime release brings
  // its own copy of stripe-node (checks/checkout-runtime.ts), whose error classes are not ours.
  return TRANSIENT_ERROR_TYPES.has((error as { type?: unknown } | null)?.type as string) ? 'inconclusive' : 'fail';
}

const TRANSIENT_ERROR_TYPES: ReadonlySet<string> = new Set(
  [Stripe.errors.StripeConnectionError, Stripe.errors.StripeAPIError, Stripe.errors.StripeRateLimitError, Stripe.errors.StripeIdempotencyError].map((type) => type.name),
);

export function firstLine(error: unknown): string {
  return ((error as Error)?.message ?? String(error)).split('\n')[0];
}
