/**
 * Deterministic ids on request: `ids: 'sequential'` numbers ids per prefix and per emulator
 * instance (two instances in one process do not share counters), in Stripe's shape, and restarts on
 * reset. The default stays random.
 */
import Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator } from '../../../../emulators/stripe';

const PAYMENT = { amount: 1000, currency: 'eur', automatic_payment_methods: { enabled: true, allow_redirects: 'never' as const } };
const started: StripeEmulator[] = [];

async function emulator(ids?: 'sequential' | 'random'): Promise<StripeEmulator> {
  const instance = await startStripeEmulator(ids === undefined ? {} : { ids });
  started.push(instance);
  return instance;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});

function client(e: StripeEmulator): Stripe {
  return new Stripe('sk_test_ids0000', { host: e.host, port: e.port, protocol: 'http', maxNetworkRetries: 0, telemetry: false });
}

test('sequential ids count per prefix in Stripe\'s shape, and client secrets follow suit', async () => {
  const stripe = client(await emulator('sequential'));
  const first = await stripe.paymentIntents.create(PAYMENT);
  const second = await stripe.paymentIntents.create(PAYMENT);
  const pm = await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2040, cvc: '123' } });
  expect([first.id, second.id, pm.id]).toEqual(['pi_000000000000000000000001', 'pi_000000000000000000000002', 'pm_000000000000000000000001']);
  expect(first.client_secret).toBe('pi_000000000000000000000001_secret_0000000000000000000000001');
  expect(first.lastResponse.requestId).toMatch(/^req_0{13}1$/);
});

test('two sequential instances in one process keep their own counters, even interleaved', async () => {
  const [one, two] = [client(await emulator('sequential')), client(await emulator('sequential'))];
  const ids = await Promise.all([one.paymentIntents.create(PAYMENT), two.paymentIntents.create(PAYMENT), one.paymentIntents.create(PAYMENT)]);
  expect(ids.map((p) => p.id).sort()).toEqual(['pi_000000000000000000000001', 'pi_000000000000000000000001', 'pi_000000000000000000000002']);
});

test('events get sequential ids too, and reset() starts every sequence again', async () => {
  const instance = await emulator('sequential');
  const stripe = client(instance);
  await stripe.paymentIntents.create({ ...PAYMENT, payment_method: 'pm_card_visa', confirm: true });
  const events = (await stripe.events.list()).data.map((e) => e.id);
  expect(events).toContain('evt_000000000000000000000001');
  instance.reset();
  expect((await stripe.paymentIntents.create(PAYMENT)).id).toBe('pi_000000000000000000000001');
});

test('ids are random by default', async () => {
  const stripe = client(await emulator());
  const [a, b] = [await stripe.paymentIntents.create(PAYMENT), await stripe.paymentIntents.create(PAYMENT)];
  expect(a.id).toMatch(/^pi_[A-Za-z0-9]{24}$/);
  expect(a.id).not.toBe('pi_000000000000000000000001');
  expect(a.id).not.toBe(b.id);
});
