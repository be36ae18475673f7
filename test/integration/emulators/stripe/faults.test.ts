/**
 * Fault injection per route, seen through stripe-node: latency, 5xx, 429 with Stripe-Should-Retry,
 * dropped connections, and client timeouts. Each test starts its own emulator on port 0.
 */
import Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator } from '../../../../emulators/stripe';
import { rejection as failure, stripeClient } from '../../../helpers/stripe-stand-in';

const KEY = 'sk_test_faults1';
const ACCOUNT = { id: 'acct_1Faults00000000', secretKeys: [KEY], publishableKeys: ['pk_test_faults1'] };

let emulator: StripeEmulator;

beforeEach(async () => {
  emulator = await startStripeEmulator({ accounts: [ACCOUNT] });
});

afterEach(async () => {
  await emulator.close();
});

function client(options: { maxNetworkRetries?: number; timeout?: number } = {}): Stripe {
  return stripeClient(emulator, KEY, { maxNetworkRetries: options.maxNetworkRetries ?? 0, timeout: options.timeout ?? 10_000, telemetry: false });
}

test('latency delays only the matching route', async () => {
  emulator.faults.add({ match: 'GET /v1/account', latencyMs: 300 });
  const stripe = client();
  let started = Date.now();
  await stripe.accounts.retrieveCurrent();
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  started = Date.now();
  await stripe.paymentIntents.create({ amount: 1000, currency: 'eur' });
  expect(Date.now() - started).toBeLessThan(250);
});

test('a 5xx is an api_error that stripe-node raises as StripeAPIError', async () => {
  emulator.faults.add({ match: 'GET /v1/account', status: 503 });
  const error = await failure(client().accounts.retrieveCurrent());
  expect(error).toBeInstanceOf(Stripe.errors.StripeAPIError);
  expect(error).toMatchObject({ statusCode: 503, type: 'StripeAPIError', message: expect.stringMatching(/injected/) });
});

test('a 429 is Stripe\'s rate_limit error with Stripe-Should-Retry: true', async () => {
  emulator.faults.add({ match: 'GET /v1/account', status: 429 });
  const error = await failure(client().accounts.retrieveCurrent());
  expect(error).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
  expect(error).toMatchObject({ statusCode: 429, code: 'rate_limit', message: expect.stringMatching(/^Request rate limit exceeded/) });
  expect(error.headers?.['stripe-should-retry']).toBe('true');
});

test('a dropped connection is a StripeConnectionError', async () => {
  emulator.faults.add({ match: 'GET /v1/account', drop: true });
  const error = await failure(client().accounts.retrieveCurrent());
  expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
});

test('latency beyond the client timeout is a StripeConnectionError, and close() does not wait it out', async () => {
  emulator.faults.add({ match: 'GET /v1/account', latencyMs: 30_000 });
  const error = await failure(client({ timeout: 200 }).accounts.retrieveCurrent());
  expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);
  const started = Date.now();
  await emulator.close();
  expect(Date.now() - started).toBeLessThan(2000);
});

test('a fault with times: 1 is retried away by stripe-node and the payment goes through', async () => {
  emulator.faults.add({ match: /^POST \/v1\/payment_intents\/[^/]+\/confirm$/, status: 500, times: 1 });
  const stripe = client({ maxNetworkRetries: 1 });
  const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur', automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
  const confirmed = await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
  expect(confirmed.status).toBe('succeeded');
});

test('a RegExp rule leaves other routes alone', async () => {
  emulator.faults.add({ match: /^POST \/v1\/payment_intents\/[^/]+\/confirm$/, status: 500 });
  const stripe = client();
  const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur', automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
  expect(intent.status).toBe('requires_payment_method');
  await expect(stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' })).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
});

test('the remover returned by add and reset() both end a rule', async () => {
  const remove = emulator.faults.add({ match: 'GET /v1/account', status: 500 });
  remove();
  await expect(client().accounts.retrieveCurrent()).resolves.toMatchObject({ id: ACCOUNT.id });
  emulator.faults.add({ match: 'GET /v1/account', status: 500 });
  emulator.reset();
  await expect(client().accounts.retrieveCurrent()).resolves.toMatchObject({ id: ACCOUNT.id });
});
