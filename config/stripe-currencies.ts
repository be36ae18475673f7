/**
 * The currencies Stripe charges cards in, as tables, from docs.stripe.com/currencies ("Supported
 * currencies"): which currencies may be presented, how an amount counts in each (minor units,
 * zero-decimal currencies and their special cases), and the minimum charge amount per currency.
 * The Stripe stand-in keeps the same tables (emulators/stripe/currencies.ts);
 * test/unit/config/stripe-currencies.test.ts fails when the two differ.
 */

/**
 * "Supported presentment currencies" (the page's list for a US business; the stand-in's account is
 * one): card payments may be charged in any of them. ISO 4217 codes, lowercase as Stripe writes them.
 */
export const SUPPORTED_CURRENCIES: readonly string[] = [
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
 * "Zero-decimal currencies": an amount counts whole units (500 JPY is `amount: 500`). The page
 * lists ISK and UGX there too, but its "Special cases" say they must still be written with two
 * decimals, so they are in `WHOLE_UNITS_WRITTEN_IN_HUNDREDTHS` instead.
 */
export const ZERO_DECIMAL_CURRENCIES: readonly string[] = [
  'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'vnd', 'vuv', 'xaf', 'xof', 'xpf',
];

/** "Special cases": charged in whole units but written as two-decimal amounts ending in 00 (500 is 5 ISK). */
export const WHOLE_UNITS_WRITTEN_IN_HUNDREDTHS: readonly string[] = ['isk', 'ugx'];

/**
 * "Minimum and maximum charge amounts", in each currency's minor units (as `amount` is written).
 * The row applies to charges that settle in the same currency; a currency without a row must meet
 * the minimum of the account's settlement currency after conversion, which depends on exchange rates.
 */
export const MINIMUM_CHARGE_AMOUNTS: Readonly<Record<string, number>> = {
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500,
  dkk: 250, eur: 50, gbp: 30, hkd: 400, huf: 17500, inr: 50, jpy: 50, mxn: 1000,
  myr: 200, nok: 300, nzd: 50, pln: 200, ron: 200, sek: 300, sgd: 50, thb: 1000,
};

const SUPPORTED = new Set(SUPPORTED_CURRENCIES);

export function isSupportedCurrency(currency: string): boolean {
  return SUPPORTED.has(currency);
}

/** True when an amount in `currency` counts whole units, not hundredths (jpy, krw, …). */
export function isZeroDecimalCurrency(currency: string): boolean {
  return ZERO_DECIMAL_CURRENCIES.includes(currency);
}

/**
 * The smallest amount Stripe charges in `currency`, in minor units (what `amount` takes): 50 for
 * eur (€0.50), 50 for jpy (¥50), 17500 for huf. Undefined when Stripe's table has no row for it:
 * the minimum is then the settlement currency's after conversion, which no table can say.
 */
export function minimumChargeAmount(currency: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(MINIMUM_CHARGE_AMOUNTS, currency) ? MINIMUM_CHARGE_AMOUNTS[currency] : undefined;
}
