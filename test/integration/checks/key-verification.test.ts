/**
 * Read-only key verification against the Stripe stand-in, through stripe-node only: what each key
 * set gets, and that it never leaves money moved or anything standing in live mode.
 */
import Stripe from 'stripe';
import { verifyKeySet, type KeySetVerificationInput } from '../../../checks';
import { startStripeEmulator, type StripeAccountSpec, type StripeEmulator } from '../../../emulators/stripe';

const CHECKOUT_PERMISSIONS = { payment_intents: 'write', customers: 'write', payment_methods: 'write', setup_intents: 'write' } as const;

const SHOP: StripeAccountSpec = {
  id: 'acct_1KeyCheckShop',
  secretKeys: ['sk_test_keyCheckShop0001'],
  publishableKeys: ['pk_test_keyCheckShop0001'],
  live: {
    secretKeys: ['sk_live_keyCheckShop0001'],
    publishableKeys: ['pk_live_keyCheckShop0001'],
    restrictedKeys: [
      // What a checkout service's key may do, without access to the account object (its 403 names the account).
      { key: 'rk_live_keyCheckCheckout1', permissions: CHECKOUT_PERMISSIONS },
      { key: 'rk_live_keyCheckNoIntents', permissions: { ...CHECKOUT_PERMISSIONS, payment_intents: 'read' } },
    ],
  },
};
const OTHER_SHOP: StripeAccountSpec = {
  id: 'acct_1KeyCheckOther',
  secretKeys: ['sk_test_keyCheckOther001'],
  publishableKeys: ['pk_test_keyCheckOther001'],
  live: { secretKeys: ['sk_live_keyCheckOther001'], publishableKeys: ['pk_live_keyCheckOther001'] },
};

let emulator: StripeEmulator;
beforeAll(async () => {
  emulator = await startStripeEmulator({ accounts: [SHOP, OTHER_SHOP] });
});
afterEach(() => emulator.reset());
afterAll(async () => emulator?.close());

/** The live key set of SHOP's production, as the gate would verify it; `change` makes it wrong in one way. */
function liveKeySet(change: Partial<KeySetVerificationInput> = {}): KeySetVerificationInput {
  return {
    keySet: 'production-2026-11',
    accountId: SHOP.id,
    mode: 'live',
    material: { secretKey: 'sk_live_keyCheckShop0001', webhookSigningSecret: 'whsec_keyCheckShop0001' },
    publishableKey: 'pk_live_keyCheckShop0001',
    apiVersion: '2025-03-31.basil',
    endpoint: { host: emulator.host, port: emulator.port, protocol: 'http' },
    ...change,
  };
}
const key = (secretKey: string) => ({ material: { secretKey } });

describe('read-only verification of a key set', () => {
  test.each<[string, Partial<KeySetVerificationInput>, 'pass' | 'fail', RegExp]>([
    ['the live secret key with its publishable key', {}, 'pass', /^live secret key sk_live_…0001; of acct_1KeyCheckShop; publishable key pk_live_keyCheckShop0001 of the same account$/],
    [
      'a restricted live key with every permission the checkout uses (the account read from its 403)',
      key('rk_live_keyCheckCheckout1'),
      'pass',
      /^live restricted key rk_live_…out1; of acct_1KeyCheckShop; has rak_payment_intent_write, rak_customer_write, rak_payment_method_write, rak_payment_method_read; publishable key/,
    ],
    ['a test key where the config needs a live one', key('sk_test_keyCheckShop0001'), 'fail', /^holds a test-mode key \(sk_test_…0001\), but the config uses it in live mode$/],
    ["another account's live key", key('sk_live_keyCheckOther001'), 'fail', /^its key belongs to acct_1KeyCheckOther, not acct_1KeyCheckShop \(stripe\.accountId\)$/],
    [
      'a restricted key without rak_payment_intent_write',
      key('rk_live_keyCheckNoIntents'),
      'fail',
      /^the restricted key lacks rak_payment_intent_write, to pay and resume$/,
    ],
    [
      "another account's publishable key",
      { publishableKey: 'pk_live_keyCheckOther001' },
      'fail',
      /^publishable key pk_live_keyCheckOther001 belongs to another account or mode than the key set's live key of acct_1KeyCheckShop$/,
    ],
    ["the same account's test publishable key with its live key set", { publishableKey: 'pk_test_keyCheckShop0001' }, 'fail', /^publishable key pk_test_keyCheckShop0001 belongs to another account or mode/],
    ['a key Stripe does not know', key('sk_live_keyCheckUnknown01'), 'fail', /^Stripe answered: Invalid API Key provided: sk_live_\*+wn01$/],
  ])('%s', async (_name, change, verdict, detail) => {
    const check = await verifyKeySet(liveKeySet(change));
    expect(check).toEqual({ keySet: 'production-2026-11', verdict, detail: expect.stringMatching(detail) });
  });

  test("a test key set of a live environment's checks is verified in test mode", async () => {
    const check = await verifyKeySet(
      liveKeySet({ keySet: 'production-test-2026-11', mode: 'test', material: { secretKey: 'sk_test_keyCheckShop0001' }, publishableKey: 'pk_test_keyCheckShop0001' }),
    );
    expect(check).toMatchObject({ verdict: 'pass', detail: expect.stringMatching(/^test secret key sk_test_…0001; of acct_1KeyCheckShop; publishable key pk_test_keyCheckShop0001/) });
  });

  test('a spare key set (not in use) is verified without a publishable key', async () => {
    const check = await verifyKeySet(liveKeySet({ keySet: 'production-2026-10', publishableKey: undefined }));
    expect(check).toEqual({ keySet: 'production-2026-10', verdict: 'pass', detail: 'live secret key sk_live_…0001; of acct_1KeyCheckShop' });
  });

  test('a Stripe answering 503 makes it inconclusive, never a pass', async () => {
    emulator.faults.add({ match: 'GET /v1/account', status: 503 });
    const check = await verifyKeySet(liveKeySet());
    expect(check).toMatchObject({ verdict: 'inconclusive', detail: expect.stringMatching(/^Stripe answered: /) });
  }, 30_000);

  test('a wrong mode and a wrong account are both named', async () => {
    const check = await verifyKeySet(liveKeySet({ mode: 'test', accountId: OTHER_SHOP.id }));
    expect(check).toMatchObject({
      verdict: 'fail',
      detail: 'holds a live-mode key (sk_live_…0001), but the config uses it in test mode; its key belongs to acct_1KeyCheckShop, not acct_1KeyCheckOther (stripe.accountId)',
    });
  });

  test('it moves no money and leaves nothing standing: no PaymentIntent, Customer or PaymentMethod, and its SetupIntent cancelled', async () => {
    await verifyKeySet(liveKeySet(key('rk_live_keyCheckCheckout1')));
    const live = new Stripe('sk_live_keyCheckShop0001', { host: emulator.host, port: emulator.port, protocol: 'http' });
    expect((await live.paymentIntents.list({ limit: 100 })).data).toEqual([]);
    expect((await live.customers.list({ limit: 100 })).data).toEqual([]);
    expect((await live.balance.retrieve()).pending.every((amount) => amount.amount === 0)).toBe(true);
    const setups = (await live.setupIntents.list({ limit: 100 })).data;
    expect(setups.map((setup) => [setup.status, setup.metadata])).toEqual([['canceled', { 'stripe-config': 'key check of production-2026-11' }]]);
  });
});
