/**
 * Accounts and keys: objects of one account are invisible to another's keys (same answer as for an
 * id that never existed), live keys that no account has are refused, and reset() drops what it
 * documents. Live mode itself is live-mode.test.ts.
 */
import Stripe from 'stripe';
import { startStripeEmulator, type StripeAccountSpec, type StripeEmulator } from '../../../../emulators/stripe';

const ACCOUNT_A: StripeAccountSpec & { secretKeys: string[] } = { id: 'acct_1PlatformA000000', secretKeys: ['sk_test_platformA'], publishableKeys: ['pk_test_platformA'] };
const ACCOUNT_B: StripeAccountSpec & { secretKeys: string[] } = { id: 'acct_1PlatformB000000', secretKeys: ['sk_test_platformB'], publishableKeys: ['pk_test_platformB'] };
const PAYMENT = { amount: 1000, currency: 'eur', automatic_payment_methods: { enabled: true, allow_redirects: 'never' as const } };

let emulator: StripeEmulator;

beforeAll(async () => {
  emulator = await startStripeEmulator({ accounts: [ACCOUNT_A, ACCOUNT_B] });
});

afterAll(async () => {
  await emulator.close();
});

function client(key: string): Stripe {
  return new Stripe(key, { host: emulator.host, port: emulator.port, protocol: 'http', maxNetworkRetries: 0, telemetry: false });
}

describe("account B's keys cannot reach account A's objects", () => {
  const a = (): Stripe => client(ACCOUNT_A.secretKeys[0]!);
  const b = (): Stripe => client(ACCOUNT_B.secretKeys[0]!);

  test.each<[string, (ids: Record<string, string>) => Promise<unknown>, string]>([
    ['retrieving a PaymentIntent', (ids) => b().paymentIntents.retrieve(ids.pi!), 'payment_intent'],
    ['confirming a PaymentIntent', (ids) => b().paymentIntents.confirm(ids.pi!, { payment_method: 'pm_card_visa' }), 'payment_intent'],
    ['retrieving a PaymentMethod', (ids) => b().paymentMethods.retrieve(ids.pm!), 'payment_method'],
    ['paying with a PaymentMethod', (ids) => b().paymentIntents.create({ ...PAYMENT, payment_method: ids.pm!, confirm: true }), 'payment_method'],
    ['retrieving a Customer', (ids) => b().customers.retrieve(ids.cus!), 'customer'],
    ['retrieving a SetupIntent', (ids) => b().setupIntents.retrieve(ids.seti!), 'setup_intent'],
    ['retrieving an Event', (ids) => b().events.retrieve(ids.evt!), 'event'],
  ])('%s gets resource_missing, as for an id that never existed', async (_name, call, resource) => {
    const stripe = a();
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2040, cvc: '123' } });
    const pi = await stripe.paymentIntents.create(PAYMENT);
    const cus = await stripe.customers.create({ email: 'a@example.com' });
    const seti = await stripe.setupIntents.create({});
    const [evt] = (await stripe.events.list({ limit: 1 })).data;
    const ids = { pm: pm.id, pi: pi.id, cus: cus.id, seti: seti.id, evt: evt!.id };
    const error = (await call(ids).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ code: 'resource_missing', message: expect.stringMatching(new RegExp(`^No such ${resource}: '`)) });
  });

  test("lists show only the key's own account", async () => {
    await a().paymentIntents.create(PAYMENT);
    const ownIds = new Set((await a().paymentIntents.list({ limit: 100 })).data.map((p) => p.id));
    const otherIds = (await b().paymentIntents.list({ limit: 100 })).data.map((p) => p.id);
    expect(ownIds.size).toBeGreaterThan(0);
    expect(otherIds.filter((id) => ownIds.has(id))).toEqual([]);
    const otherEvents = (await b().events.list({ limit: 100 })).data;
    expect(otherEvents.filter((e) => ownIds.has((e.data.object as { id: string }).id))).toEqual([]);
  });
});

test.each([
  ['a secret', 'sk_live_51Xyz0000000000000000'],
  ['a publishable', 'pk_live_51Xyz0000000000000000'],
  ['a restricted', 'rk_live_51Xyz0000000000000000'],
])('%s live key that no account has is refused with 401 Invalid API Key, showing only its last 4', async (_kind, key) => {
  const error = (await client(key).paymentIntents.create(PAYMENT).catch((e: unknown) => e)) as Stripe.errors.StripeError;
  expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  expect(error.message).toBe(`Invalid API Key provided: ${key.slice(0, 8)}************0000`);
  expect(error.message).not.toContain('51Xyz');
});

test('reset() drops objects and events, keeps accounts and keys', async () => {
  const stripe = client(ACCOUNT_A.secretKeys[0]!);
  const intent = await stripe.paymentIntents.create({ ...PAYMENT, payment_method: 'pm_card_visa', confirm: true });
  expect((await stripe.events.list()).data.length).toBeGreaterThan(0);
  emulator.reset();
  await expect(stripe.paymentIntents.retrieve(intent.id)).rejects.toMatchObject({ statusCode: 404 });
  expect((await stripe.events.list()).data).toEqual([]);
  await expect(stripe.accounts.retrieveCurrent()).resolves.toMatchObject({ id: ACCOUNT_A.id });
});
