/**
 * Never pass on doubt, under injected faults: the real journey runner against a Stripe stand-in that
 * throttles, fails, or cuts connections. Persistent faults (outlasting stripe-node's retries; the
 * runtime's client sets maxNetworkRetries 2) make a journey inconclusive, never passed; a single
 * transient fault that stripe-node retries away still passes.
 */
import { JOURNEYS, runJourneys, type CustomerBrowser, type JourneyResult } from '../../../checks';
import { startStripeEmulator, type FaultRule, type StripeEmulator } from '../../../emulators/stripe';
import { locationOf } from '../../../config';
import { inTestMode } from '../../../ops/test-mode';
import { sampleEnvironment } from '../../helpers/environments';
import { installExampleShopBeforeAll } from '../../helpers/example-shop';

// The runner's loopback shop is examples/shop on the packaged runtime.
installExampleShopBeforeAll();

const noBrowser: CustomerBrowser = {
  authenticate: async () => {
    throw new Error('no browser in this test');
  },
  close: async () => undefined,
};

const frictionless = JOURNEYS.filter((j) => j.id === 'frictionless');

let emulator: StripeEmulator;

beforeEach(async () => {
  // Without `accounts` the stand-in takes any sk_test_/pk_test_ key, so the sample document's publishable key works.
  emulator = await startStripeEmulator();
});

afterEach(async () => {
  await emulator.close();
});

async function runFrictionless(stripeTimeoutMs?: number): Promise<JourneyResult> {
  const environment = sampleEnvironment('production');
  const [result] = await runJourneys(frictionless, {
    // Production is live mode: its settings run with the same account's test keys, as the check policy runs them.
    document: inTestMode(environment.rendered.document, locationOf(environment).testMode),
    secretKey: 'sk_test_checksFaults0000',
    endpoint: { host: emulator.host, port: emulator.port, protocol: 'http' },
    browser: noBrowser,
    ...(stripeTimeoutMs ? { stripeTimeoutMs } : {}),
  });
  return result!;
}

test('without faults the frictionless journey passes (the baseline the other tests break)', async () => {
  expect(await runFrictionless()).toMatchObject({ verdict: 'pass' });
});

test.each<[string, FaultRule]>([
  ['a persistent 429 on payment', { match: 'POST /v1/payment_intents', status: 429 }],
  ['a persistent 500 on payment', { match: 'POST /v1/payment_intents', status: 500 }],
  ['a persistent 503 on tokenisation', { match: 'POST /v1/payment_methods', status: 503 }],
  ['connections to payment always dropped', { match: 'POST /v1/payment_intents', drop: true }],
  ['a gateway that times out (a delay, then the connection dropped)', { match: 'POST /v1/payment_intents', latencyMs: 200, drop: true }],
])('%s makes the journey inconclusive, never passed', async (_name, rule) => {
  emulator.faults.add(rule);
  const result = await runFrictionless();
  expect(result.verdict).toBe('inconclusive');
  expect(result.actual).toMatch(/^error: /);
}, 30_000);

test.each<[string, FaultRule]>([
  ['a single 503', { match: 'POST /v1/payment_intents', status: 503, times: 1 }],
  ['a single 429', { match: 'POST /v1/payment_intents', status: 429, times: 1 }],
  ['a single dropped connection', { match: 'POST /v1/payment_intents', drop: true, times: 1 }],
])('%s is retried by stripe-node and the journey still passes', async (_name, rule) => {
  emulator.faults.add(rule);
  expect(await runFrictionless()).toMatchObject({ verdict: 'pass', actual: 'paid in EUR without challenge' });
}, 30_000);

test('a Stripe that answers too slowly on every attempt makes the journey inconclusive within the timeout', async () => {
  emulator.faults.add({ match: 'POST /v1/payment_intents', latencyMs: 5_000 });
  const started = Date.now();
  const result = await runFrictionless(300);
  expect(result).toMatchObject({ verdict: 'inconclusive', actual: expect.stringMatching(/^error: .*(timed out|timeout)/i) });
  // 3 attempts of 300 ms plus stripe-node's backoff, far below the 5 s the stand-in would take.
  expect(Date.now() - started).toBeLessThan(4_000);
}, 30_000);
