/**
 * Stripe's currencies: config's tables equal the Stripe stand-in's (both from docs.stripe.com/currencies),
 * and the minimum charge amount the journeys charge at least is in each currency's minor units.
 */
import { isZeroDecimalCurrency, minimumChargeAmount } from '../../../config';
import {
  MINIMUM_CHARGE_AMOUNTS,
  SUPPORTED_CURRENCIES,
  WHOLE_UNITS_WRITTEN_IN_HUNDREDTHS,
  ZERO_DECIMAL_CURRENCIES,
  isSupportedCurrency,
} from '../../../config/stripe-currencies';
import * as standIn from '../../../emulators/stripe/currencies';

describe("Stripe's currencies", () => {
  test("config supports exactly the stand-in's presentment currencies", () => {
    expect(SUPPORTED_CURRENCIES).toEqual(standIn.PRESENTMENT_CURRENCIES);
  });

  test("config's zero-decimal currencies and special cases are the stand-in's", () => {
    expect(ZERO_DECIMAL_CURRENCIES).toEqual(standIn.ZERO_DECIMAL_CURRENCIES);
    expect(WHOLE_UNITS_WRITTEN_IN_HUNDREDTHS).toEqual(standIn.WHOLE_UNITS_WRITTEN_IN_HUNDREDTHS);
  });

  test("config's minimum charge amounts are the stand-in's, currency for currency", () => {
    const standInAmounts = Object.fromEntries(Object.entries(standIn.MINIMUM_CHARGE_AMOUNTS).map(([currency, { amount }]) => [currency, amount]));
    expect(MINIMUM_CHARGE_AMOUNTS).toEqual(standInAmounts);
  });

  test('every currency with a minimum or a special unit is one Stripe supports', () => {
    for (const currency of [...Object.keys(MINIMUM_CHARGE_AMOUNTS), ...ZERO_DECIMAL_CURRENCIES, ...WHOLE_UNITS_WRITTEN_IN_HUNDREDTHS]) {
      expect([currency, isSupportedCurrency(currency)]).toEqual([currency, true]);
    }
  });

  test.each([
    ['eur', 50, false],
    ['usd', 50, false],
    ['gbp', 30, false],
    ['jpy', 50, true],
    ['huf', 17500, false],
    ['mxn', 1000, false],
  ])('the minimum charge in %s is %i minor units (zero-decimal: %s)', (currency, minimum, zeroDecimal) => {
    expect(minimumChargeAmount(currency)).toBe(minimum);
    expect(isZeroDecimalCurrency(currency)).toBe(zeroDecimal);
  });

  test('a supported currency without a row has no minimum that a table can state (it is converted)', () => {
    expect(isSupportedCurrency('krw')).toBe(true);
    expect(minimumChargeAmount('krw')).toBeUndefined();
    expect(isZeroDecimalCurrency('krw')).toBe(true);
  });

  test('an unsupported currency, or an inherited property name, has no minimum', () => {
    expect(minimumChargeAmount('xyz')).toBeUndefined();
    expect(minimumChargeAmount('constructor')).toBeUndefined();
    expect(isSupportedCurrency('xyz')).toBe(false);
  });
});
