/**
 * Stripe's currencies, through stripe-node: a PaymentIntent's currency must be one Stripe supports for
 * the account, its amount counts in the currency's minor unit (whole units for zero-decimal
 * currencies) and must reach the currency's minimum charge amount (docs.stripe.com/currencies;
 * emulators/stripe/currencies.ts cites each table).
 */
import type Stripe from 'stripe';
import { authenticationUrl, RETURN_URL, standInForFile, stripeError, type StandIn } from '../../../helpers/stripe-stand-in';

let stripe: Stripe;
standInForFile((started: StandIn) => {
  stripe = started.secret();
});

const intent = (currency: string, amount: number) => stripe.paymentIntents.create({ amount, currency });

describe('the currency of a PaymentIntent', () => {
  test.each([
    ['xyz', 'create'],
    ['euro', 'create'],
    ['tnd', 'create'],
    ['xyz', 'update'],
  ])("%s on %s is Stripe's 400 naming currency and listing the account's currencies", async (currency, operation) => {
    const call = operation === 'create' ? intent(currency, 2000) : intent('eur', 2000).then((pi) => stripe.paymentIntents.update(pi.id, { currency }));
    const error = await stripeError(call);
    expect(error).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', param: 'currency', code: undefined });
    expect(error.message).toMatch(new RegExp(`^Invalid currency: ${currency}\\. Stripe currently supports these currencies: usd, aed, afn, all, amd, `));
    expect(error.message).toMatch(/, eur, .*, jpy, .*, zmw$/);
  });

  test.each(['usd', 'EUR', 'Gbp', 'jpy', 'krw', 'isk', 'ugx', 'zmw'])('%s is supported and stored lower-cased', async (currency) => {
    await expect(intent(currency, 5000)).resolves.toMatchObject({ currency: currency.toLowerCase(), amount: 5000 });
  });
});

describe('the minimum charge amount per currency ("Minimum and maximum charge amounts")', () => {
  test.each([
    ['usd', 50, '$0.50'],
    ['eur', 50, '€0.50'],
    ['gbp', 30, '£0.30'],
    ['jpy', 50, '¥50'],
    ['chf', 50, '0.50 Fr'],
    ['hkd', 400, '$4.00'],
    ['huf', 17500, '175.00 Ft'],
    ['mxn', 1000, '$10'],
    ['thb', 1000, '฿10'],
  ])('%s: one below %i is amount_too_small quoting %s; exactly the minimum is taken', async (currency, minimum, display) => {
    const error = await stripeError(intent(currency, minimum - 1));
    expect(error).toMatchObject({ statusCode: 400, code: 'amount_too_small', param: 'amount', message: `Amount must be at least ${display} ${currency}` });
    await expect(intent(currency, minimum)).resolves.toMatchObject({ amount: minimum, currency, status: 'requires_payment_method' });
  });

  test('raising an amount above the minimum on update is taken; lowering it below is refused', async () => {
    const pi = await intent('gbp', 30);
    await expect(stripe.paymentIntents.update(pi.id, { amount: 31 })).resolves.toMatchObject({ amount: 31 });
    expect(await stripeError(stripe.paymentIntents.update(pi.id, { amount: 29 }))).toMatchObject({ code: 'amount_too_small', message: 'Amount must be at least £0.30 gbp' });
  });

  test('a currency without a row of its own (it would convert to the settlement currency) has no minimum here', async () => {
    await expect(intent('krw', 1)).resolves.toMatchObject({ amount: 1, currency: 'krw' });
  });
});

describe('zero-decimal currencies: the amount is whole units ("Zero-decimal currencies", "Special cases")', () => {
  /** The hosted 3DS page shows the customer what they pay, so it shows how the stand-in reads the amount. */
  async function amountOnChallengePage(currency: string, amount: number): Promise<string> {
    const pi = await stripe.paymentIntents.create({ amount, currency, payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: RETURN_URL });
    expect(pi).toMatchObject({ status: 'requires_action', amount, currency });
    const html = await (await fetch(authenticationUrl(pi.next_action))).text();
    return /a payment of <strong>([^<]+)<\/strong>/.exec(html)?.[1] ?? html;
  }

  test.each([
    ['bif', '1500 BIF'],
    ['clp', '1500 CLP'],
    ['djf', '1500 DJF'],
    ['gnf', '1500 GNF'],
    ['jpy', '1500 JPY'],
    ['kmf', '1500 KMF'],
    ['krw', '1500 KRW'],
    ['mga', '1500 MGA'],
    ['pyg', '1500 PYG'],
    ['rwf', '1500 RWF'],
    ['vnd', '1500 VND'],
    ['vuv', '1500 VUV'],
    ['xaf', '1500 XAF'],
    ['xof', '1500 XOF'],
    ['xpf', '1500 XPF'],
    // Listed as zero-decimal, but "backwards compatibility requires you to represent it as a two-decimal value".
    ['ugx', '15 UGX'],
    ['isk', '15 ISK'],
    // Two-decimal currencies, for contrast.
    ['eur', '15.00 EUR'],
    ['usd', '15.00 USD'],
  ])('an amount of 1500 %s is %s', async (currency, shown) => {
    expect(await amountOnChallengePage(currency, 1500)).toBe(shown);
  });
});
