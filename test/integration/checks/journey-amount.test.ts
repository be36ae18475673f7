/**
 * What a journey pays: 4200 minor units, raised to Stripe's minimum charge where that is higher. A
 * shop that charges in forints (minimum 175.00 Ft) must not see every journey refused for the amount
 * the checks picked, its settings fine. And in which currency: read back from Stripe's PaymentIntent,
 * so a checkout that charges in another currency than the settings fails, and a change of currency
 * shows in what each journey reports. Through the real runner and checkout against the Stripe
 * stand-in, which refuses amounts under the minimum as Stripe does (400 amount_too_small).
 */
import Stripe from 'stripe';
import { JOURNEYS, journeyAmount, REPOSITORY_RUNTIME, runJourneys, type CheckoutRuntime, type CustomerBrowser } from '../../../checks';
import { startStripeEmulator, type StripeEmulator } from '../../../emulators/stripe';
import { sampleEnvironment } from '../../helpers/environments';
import { installExampleShopBeforeAll } from '../../helpers/example-shop';

installExampleShopBeforeAll();

const SECRET_KEY = 'sk_test_journeyAmountForints00';
/** These journeys never open the challenge page: a browser asked to is a failure of the test. */
const NO_BROWSER: CustomerBrowser = {
  authenticate: () => Promise.reject(new Error('no journey here should reach a challenge page')),
  close: async () => undefined,
};

let emulator: StripeEmulator;
beforeEach(async () => (emulator = await startStripeEmulator()));
afterEach(async () => emulator.close());

function inForints() {
  const document = structuredClone(sampleEnvironment('staging').rendered.document);
  document.payments.currency = 'huf';
  return document;
}

function run(amount?: number, runtime?: CheckoutRuntime) {
  const document = inForints();
  const journeys = JOURNEYS.filter((journey) => journey.id === 'frictionless' || journey.id === 'declined');
  const endpoint = { host: emulator.host, port: emulator.port, protocol: 'http' as const };
  return runJourneys(journeys, { document, secretKey: SECRET_KEY, endpoint, browser: NO_BROWSER, ...(amount === undefined ? {} : { amount }), ...(runtime ? { runtime } : {}) });
}

/** A checkout that ignores the settings' currency and charges in euros. */
const CHARGES_IN_EUROS: CheckoutRuntime = {
  ...REPOSITORY_RUNTIME,
  origin: 'a checkout that ignores payments.currency',
  createCheckout: (options) => REPOSITORY_RUNTIME.createCheckout({ ...options, document: { ...options.document, payments: { ...options.document.payments, currency: 'eur' } } }),
};

test("the amount is Stripe's minimum charge where that is above 4200 minor units, else 4200", () => {
  expect(journeyAmount('huf')).toBe(17500);
  expect(journeyAmount('eur')).toBe(4200);
  expect(journeyAmount('jpy')).toBe(4200);
  // No row in Stripe's table (the settlement currency's minimum applies): the default.
  expect(journeyAmount('krw')).toBe(4200);
});

test('a shop charging in forints: its journeys pay 175.00 Ft and are judged on what customers see', async () => {
  const results = await run();
  expect(results.map((result) => [result.journey, result.verdict, result.actual, result.expected])).toEqual([
    ['frictionless', 'pass', 'paid in HUF without challenge', 'paid in HUF without challenge'],
    // No money moved: no currency to name.
    ['declined', 'pass', 'declined (generic_decline) without challenge', 'declined (generic_decline) without challenge'],
  ]);
  const stripe = new Stripe(SECRET_KEY, { host: emulator.host, port: emulator.port, protocol: 'http' });
  const payments = (await stripe.paymentIntents.list({ limit: 10 })).data;
  expect(payments.length).toBeGreaterThan(0);
  expect(payments.every((payment) => payment.currency === 'huf' && payment.amount === 17500)).toBe(true);
});

test('at 4200 minor units (42.00 Ft) Stripe refuses every payment, which is why the default is raised', async () => {
  const results = await run(4200);
  expect(results.every((result) => result.verdict !== 'pass')).toBe(true);
  expect(results.map((result) => result.actual).join('\n')).toContain('Amount must be at least 175.00 Ft');
});

test('a checkout that charges in another currency than the settings fails the journeys where money moves, saying so', async () => {
  const results = await run(17500, CHARGES_IN_EUROS);
  expect(results.map((result) => [result.journey, result.verdict, result.actual, result.expected])).toEqual([
    ['frictionless', 'fail', 'paid in EUR without challenge', 'paid in HUF without challenge'],
    ['declined', 'pass', 'declined (generic_decline) without challenge', 'declined (generic_decline) without challenge'],
  ]);
});
