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
  const transient =
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeIdempotencyError;
  return transient ? 'inconclusive' : 'fail';
}

export function firstLine(error: unknown): string {
  return ((error as Error)?.message ?? String(error)).split('\n')[0];
}
