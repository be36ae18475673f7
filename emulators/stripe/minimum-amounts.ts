/**
 * The smallest amount a PaymentIntent may be created or updated with, per currency, in minor units
 * (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). A currency not in the table has no
 * minimum here.
 */
import { invalidRequest } from './errors';

/** `display` is how Stripe's message writes the minimum. */
const MINIMUM_AMOUNTS: Readonly<Record<string, { minor: number; display: string }>> = {
  usd: { minor: 50, display: '$0.50 usd' },
  eur: { minor: 50, display: '€0.50 eur' },
  gbp: { minor: 30, display: '£0.30 gbp' },
};

/** Stripe's 400 `amount_too_small`, naming `amount`, when `amount` is below the currency's minimum. */
export function refuseBelowMinimum(amount: number, currency: string): void {
  const minimum = MINIMUM_AMOUNTS[currency];
  if (minimum !== undefined && amount < minimum.minor) {
    throw invalidRequest(`Amount must be at least ${minimum.display}`, { code: 'amount_too_small', param: 'amount' });
  }
}
