/**
 * `GET /v1/balance` (docs.stripe.com/api/balance/balance_object): the funds of the key's account in
 * the key's mode, with `livemode` saying which (facts: "`GET /v1/balance` returns `livemode:
 * true|false`"). A read that moves no money, so a live key can be checked with it.
 *
 * `pending` holds "funds that aren't available in the balance yet": here every captured charge, in
 * its own currency. The stand-in models no fees, no settlement schedule (so nothing becomes
 * `available`) and no exchange rates (so nothing is converted to the settlement currency). Live mode
 * never charges (payment-methods.ts), so its balance stays at zero.
 */
import type { ApiRequest } from './api-request';
import type { Charge } from './charge-object';
import { refuseExpand } from './rendering';

/** The account's default currency (account-routes.ts) shows even when nothing is in it, as Stripe shows it. */
const DEFAULT_CURRENCY = 'usd';

export interface BalanceAmount {
  amount: number;
  currency: string;
  source_types: { card: number };
}

export interface Balance {
  object: 'balance';
  available: BalanceAmount[];
  livemode: boolean;
  pending: BalanceAmount[];
}

/** Captured amounts per currency, the default currency first. */
function pendingByCurrency(charges: Iterable<Charge>): BalanceAmount[] {
  const totals = new Map<string, number>([[DEFAULT_CURRENCY, 0]]);
  for (const charge of charges) {
    if (charge.captured) totals.set(charge.currency, (totals.get(charge.currency) ?? 0) + charge.amount_captured);
  }
  return [...totals].map(([currency, amount]) => ({ amount, currency, source_types: { card: amount } }));
}

export function retrieveBalance(request: ApiRequest): Balance {
  refuseExpand(request);
  return {
    object: 'balance',
    available: [{ amount: 0, currency: DEFAULT_CURRENCY, source_types: { card: 0 } }],
    livemode: request.account.livemode,
    pending: pendingByCurrency(request.account.objects.charges.values()),
  };
}
