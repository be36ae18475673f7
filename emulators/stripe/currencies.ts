/**
 * Stripe's currencies as tables, from docs.stripe.com/currencies ("Supported currencies"):
 * which presentment currencies a US account may charge in, how an `amount` counts in each (minor
 * units, zero-decimal currencies, the special cases), and the minimum charge amount per settlement
 * currency. The checks on a PaymentIntent's `currency` and `amount` read only these tables.
 */
import { invalidRequest } from './errors';

/**
 * "Supported presentment currencies" for a US account (the stand-in's account, see account-routes.ts),
 * in the page's order: card payments may be charged in any of them.
 */
export const PRESENTMENT_CURRENCIES: readonly string[] = [
  'usd', 'aed', 'afn', 'all', 'amd', 'ang', 'aoa', 'ars', 'aud', 'awg', 'azn', 'bam', 'bbd', 'bdt', 'bgn', 'bif',
  'bmd', 'bnd', 'bob', 'brl', 'bsd', 'bwp', 'byn', 'bzd', 'cad', 'cdf', 'chf', 'clp', 'cny', 'cop', 'crc', 'cve',
  'czk', 'djf', 'dkk', 'dop', 'dzd', 'egp', 'etb', 'eur', 'fjd', 'fkp', 'gbp', 'gel', 'gip', 'gmd', 'gnf', 'gtq',
  'gyd', 'hkd', 'hnl', 'htg', 'huf', 'idr', 'ils', 'inr', 'isk', 'jmd', 'jpy', 'kes', 'kgs', 'khr', 'kmf', 'krw',
  'kyd', 'kzt', 'lak', 'lbp', 'lkr', 'lrd', 'lsl', 'mad', 'mdl', 'mga', 'mkd', 'mmk', 'mnt', 'mop', 'mur', 'mvr',
  'mwk', 'mxn', 'myr', 'mzn', 'nad', 'ngn', 'nio', 'nok', 'npr', 'nzd', 'pab', 'pen', 'pgk', 'php', 'pkr', 'pln',
  'pyg', 'qar', 'ron', 'rsd', 'rub', 'rwf', 'sar', 'sbd', 'scr', 'sek', 'sgd', 'shp', 'sle', 'sos', 'srd', 'std',
  'szl', 'thb', 'tjs', 'top', 'try', 'ttd', 'twd', 'tzs', 'uah', 'ugx', 'uyu', 'uzs', 'vnd', 'vuv', 'wst', 'xaf',
  'xcd', 'xof', 'xpf', 'yer', 'zar', 'zmw',
];

/**
 * "Zero-decimal currencies": the amount is whole units ("to charge 500 JPY, provide an amount value
 * of 500"). The page lists UGX here too, but its "Special cases" row says UGX must still be written
 * with two decimals, so it is in `WHOLE_UNITS_WRITTEN_IN_HUNDREDTHS` instead.
 */
export const ZERO_DECIMAL_CURRENCIES: readonly string[] = [
  'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'vnd', 'vuv', 'xaf', 'xof', 'xpf',
];

/**
 * "Special cases": ISK and UGX "transitioned to a zero-decimal currency, but backwards compatibility
 * requires you to represent it as a two-decimal value, where the decimal amount is always 00" (500 is
 * 5 ISK). That fractions are refused is documented ("You can't charge fractions of ISK"), Stripe's
 * answer to one is not, so the stand-in does not refuse them.
 */
export const WHOLE_UNITS_WRITTEN_IN_HUNDREDTHS: readonly string[] = ['isk', 'ugx'];

/**
 * "Minimum and maximum charge amounts": the minimum per settlement currency, in the currency's minor
 * units, and as the table writes it (Stripe's `amount_too_small` message quotes it, see below).
 * Stripe applies the row of the currency a charge settles in; the stand-in's account settles each of
 * these currencies in itself (the page: "the minimum amount shown applies to all charges in the same
 * currency as the account"). A charge in a currency without a row would have to meet the minimum of
 * the settlement currency after conversion; the stand-in has no exchange rates, so it has no minimum.
 */
export const MINIMUM_CHARGE_AMOUNTS: Readonly<Record<string, { amount: number; display: string }>> = {
  usd: { amount: 50, display: '$0.50' },
  aed: { amount: 200, display: '2.00 د.إ' },
  aud: { amount: 50, display: '$0.50' },
  bgn: { amount: 100, display: 'лв1.00' },
  brl: { amount: 50, display: 'R$0.50' },
  cad: { amount: 50, display: '$0.50' },
  chf: { amount: 50, display: '0.50 Fr' },
  czk: { amount: 1500, display: '15.00Kč' },
  dkk: { amount: 250, display: '2.50-kr.' },
  eur: { amount: 50, display: '€0.50' },
  gbp: { amount: 30, display: '£0.30' },
  hkd: { amount: 400, display: '$4.00' },
  huf: { amount: 17500, display: '175.00 Ft' },
  inr: { amount: 50, display: '₹0.50' },
  jpy: { amount: 50, display: '¥50' },
  mxn: { amount: 1000, display: '$10' },
  myr: { amount: 200, display: 'RM 2' },
  nok: { amount: 300, display: '3.00-kr.' },
  nzd: { amount: 50, display: '$0.50' },
  pln: { amount: 200, display: '2.00 zł' },
  ron: { amount: 200, display: 'lei2.00' },
  sek: { amount: 300, display: '3.00-kr.' },
  sgd: { amount: 50, display: '$0.50' },
  thb: { amount: 1000, display: '฿10' },
};

const SUPPORTED = new Set(PRESENTMENT_CURRENCIES);

/**
 * A `currency` parameter, lower-cased as Stripe stores it, or Stripe's 400 naming `currency` with the
 * currencies the account supports: "Invalid currency: zzz. Stripe currently supports these currencies:
 * usd, aed, afn, …" (lukec/stripe-perl#156; the same text for a malformed code, "Invalid currency:
 * euro.", in public reports). Newer answers for a real currency that a US account cannot charge in
 * read "Stripe accounts in US do not support tnd. Your account currently supports …"
 * (flowcore-io/luttaka-open#100); without Stripe's list of every country's currencies the stand-in
 * cannot tell those apart, so it gives the first text for both.
 */
export function supportedCurrency(raw: string): string {
  const currency = raw.toLowerCase();
  if (!SUPPORTED.has(currency)) {
    throw invalidRequest(`Invalid currency: ${currency.slice(0, 20)}. Stripe currently supports these currencies: ${PRESENTMENT_CURRENCIES.join(', ')}`, {
      param: 'currency',
    });
  }
  return currency;
}

/**
 * Stripe's 400 `amount_too_small`, naming `amount`, when `amount` is below the currency's minimum.
 * The message quotes the minimum as the table writes it, then the code: "Amount must be at least
 * €0.50 eur" (EuroPython/epcon#1259), "… ¥50 jpy" (public test suites asserting Stripe's answer).
 */
export function refuseBelowMinimum(amount: number, currency: string): void {
  const minimum = Object.prototype.hasOwnProperty.call(MINIMUM_CHARGE_AMOUNTS, currency) ? MINIMUM_CHARGE_AMOUNTS[currency] : undefined;
  if (minimum !== undefined && amount < minimum.amount) {
    throw invalidRequest(`Amount must be at least ${minimum.display} ${currency}`, { code: 'amount_too_small', param: 'amount' });
  }
}

/** `20.00 EUR`, `500 JPY`, `5 ISK`: an `amount` as the customer reads it (whole units where the currency has no minor unit). */
export function formatAmount(amount: number, currency: string): string {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL_CURRENCIES.includes(currency)) return `${amount} ${code}`;
  if (WHOLE_UNITS_WRITTEN_IN_HUNDREDTHS.includes(currency) && amount % 100 === 0) return `${amount / 100} ${code}`;
  return `${(amount / 100).toFixed(2)} ${code}`;
}
