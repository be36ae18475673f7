/**
 * Live mode, only through stripe-node: the read-only checks a gate makes with live keys answer as
 * Stripe does, test cards are refused with Stripe's answer, nothing is ever charged, and an account's
 * test and live modes share nothing but the account (facts: "Live-mode keys without moving money").
 */
import Stripe from 'stripe';
import { startStripeEmulator, type StripeAccountSpec, type StripeEmulator } from '../../../../emulators/stripe';
import { stripeClient, stripeError } from '../../../helpers/stripe-stand-in';

const SHOP: StripeAccountSpec = {
  id: 'acct_1LiveShop000000000',
  secretKeys: ['sk_test_liveShop1'],
  publishableKeys: ['pk_test_liveShop1'],
  live: {
    secretKeys: ['sk_live_liveShop1'],
    publishableKeys: ['pk_live_liveShop1'],
    restrictedKeys: [
      // What a checkout service's key may do (payment-related resources), without account access.
      { key: 'rk_live_checkout01', permissions: { payment_intents: 'write', payment_methods: 'write', customers: 'write', setup_intents: 'write' } },
      { key: 'rk_live_readsOnly1', permissions: { payment_intents: 'read', account: 'read', balance: 'read' } },
    ],
  },
};
const OTHER_SHOP: StripeAccountSpec = {
  id: 'acct_1OtherShop00000000',
  secretKeys: ['sk_test_otherShop1'],
  publishableKeys: ['pk_test_otherShop1'],
  live: { secretKeys: ['sk_live_otherShop1'], publishableKeys: ['pk_live_otherShop1'] },
};
const KEYS = {
  testSecret: 'sk_test_liveShop1',
  testPublishable: 'pk_test_liveShop1',
  liveSecret: 'sk_live_liveShop1',
  livePublishable: 'pk_live_liveShop1',
  otherLivePublishable: 'pk_live_otherShop1',
  checkoutKey: 'rk_live_checkout01',
  readsOnlyKey: 'rk_live_readsOnly1',
};

/** facts: "Test card in live mode" (canonical/ubuntu.com#9324). */
const LIVE_MODE_TEST_CARD = {
  statusCode: 402,
  type: 'StripeCardError',
  code: 'card_declined',
  decline_code: 'live_mode_test_card',
  message: 'Your card was declined. Your request was in live mode, but used a known test card.',
  doc_url: 'https://stripe.com/docs/error-codes/card-declined',
};

let emulator: StripeEmulator;

beforeAll(async () => {
  emulator = await startStripeEmulator({ accounts: [SHOP, OTHER_SHOP] });
});

afterAll(async () => {
  await emulator.close();
});

function client(key: string): Stripe {
  return stripeClient(emulator, key);
}

const card = (number: string) => ({ type: 'card' as const, card: { number, exp_month: 12, exp_year: 2040, cvc: '123' } });

describe('reads with live keys', () => {
  test.each([KEYS.liveSecret, KEYS.testSecret, KEYS.readsOnlyKey])('GET /v1/account with %s names the account, the same acct_ for test and live keys', async (key) => {
    const account = await client(key).accounts.retrieveCurrent();
    expect(account).toMatchObject({ id: SHOP.id, object: 'account' });
    expect(account).not.toHaveProperty('livemode');
  });

  test.each([
    [KEYS.liveSecret, true],
    [KEYS.readsOnlyKey, true],
    [KEYS.testSecret, false],
  ])('GET /v1/balance with %s says livemode %s', async (key, livemode) => {
    const balance = await client(key).balance.retrieve();
    expect(balance).toMatchObject({ object: 'balance', livemode, available: [{ amount: 0, currency: 'usd' }] });
  });

  test("a test-mode payment is pending in the test balance, in its currency, and not in the live one", async () => {
    const pendingJpy = async (key: string) => (await client(key).balance.retrieve()).pending.find((p) => p.currency === 'jpy')?.amount ?? 0;
    const [testBefore, liveBefore] = [await pendingJpy(KEYS.testSecret), await pendingJpy(KEYS.liveSecret)];
    await client(KEYS.testSecret).paymentIntents.create({ amount: 1500, currency: 'jpy', payment_method: 'pm_card_visa', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
    expect(await pendingJpy(KEYS.testSecret)).toBe(testBefore + 1500);
    expect(await pendingJpy(KEYS.liveSecret)).toBe(liveBefore);
  });

  test('a live object is retrieved and listed with live keys, and carries livemode: true', async () => {
    const live = client(KEYS.liveSecret);
    const intent = await live.paymentIntents.create({ amount: 2000, currency: 'eur' });
    expect(intent).toMatchObject({ livemode: true, status: 'requires_payment_method' });
    await expect(live.paymentIntents.retrieve(intent.id)).resolves.toMatchObject({ id: intent.id, livemode: true });
    await expect(client(KEYS.readsOnlyKey).paymentIntents.retrieve(intent.id)).resolves.toMatchObject({ id: intent.id });
    expect((await live.paymentIntents.list({ limit: 100 })).data.map((p) => p.id)).toContain(intent.id);
  });
});

describe('a restricted live key (facts: "Restricted key lacking a permission")', () => {
  test("lacking the permission, GET /v1/account is a 403 naming the account and the key's last 4 only", async () => {
    const error = await stripeError(client(KEYS.checkoutKey).accounts.retrieveCurrent());
    expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(error.statusCode).toBe(403);
    expect(error.message).toBe(
      `The provided key 'rk_live_************ut01' does not have the required permissions for this endpoint on account '${SHOP.id}'. Having the 'rak_account_read' permission would allow this request to continue.`,
    );
  });

  // Permission is checked before parameters, so a request invalid on its merits tells 400 (permitted) from 403 (not).
  test.each([
    [KEYS.liveSecret, 400, 'StripeInvalidRequestError'],
    [KEYS.checkoutKey, 400, 'StripeInvalidRequestError'],
    [KEYS.readsOnlyKey, 403, 'StripePermissionError'],
  ])('POST /v1/payment_intents without an amount with %s answers %i', async (key, statusCode, type) => {
    const error = await stripeError(client(key).paymentIntents.create({ currency: 'eur' } as Stripe.PaymentIntentCreateParams));
    expect(error).toMatchObject({ statusCode, type });
    if (statusCode === 400) expect(error).toMatchObject({ code: 'parameter_missing', param: 'amount' });
    else expect(error.message).toContain("'rak_payment_intent_write'");
  });
});

describe('the publishable key belongs to the account: a SetupIntent made with sk_live_, retrieved with its client secret', () => {
  test.each([
    ["the same account's live publishable key", KEYS.livePublishable, 200],
    ["another account's live publishable key", KEYS.otherLivePublishable, 404],
    ["the same account's test publishable key", KEYS.testPublishable, 404],
  ])('%s (%s) answers %i; the SetupIntent is then cancelled', async (_name, publishable, statusCode) => {
    const live = client(KEYS.liveSecret);
    const setup = await live.setupIntents.create({});
    expect(setup).toMatchObject({ livemode: true, status: 'requires_payment_method' });
    const retrieve = client(publishable).setupIntents.retrieve(setup.id, { client_secret: setup.client_secret! });
    if (statusCode === 200) {
      await expect(retrieve).resolves.toMatchObject({ id: setup.id, livemode: true });
    } else {
      expect(await stripeError(retrieve)).toMatchObject({ statusCode, code: 'resource_missing', message: `No such setup_intent: '${setup.id}'` });
    }
    await expect(live.setupIntents.cancel(setup.id)).resolves.toMatchObject({ status: 'canceled' });
  });
});

describe('nothing is ever charged in live mode', () => {
  test.each(['4242424242424242', '4000002760003184', '4000000000003220', '4000000000000002', '378282246310005'])(
    'test card %s with the live publishable key: 402 live_mode_test_card, as Stripe answers',
    async (number) => {
      expect(await stripeError(client(KEYS.livePublishable).paymentMethods.create(card(number)))).toMatchObject(LIVE_MODE_TEST_CARD);
    },
  );

  test('a test card as payment_method_data on a live PaymentIntent is refused the same way, before any intent is made', async () => {
    const live = client(KEYS.liveSecret);
    const before = (await live.paymentIntents.list({ limit: 100 })).data.length;
    const error = await stripeError(live.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method_data: card('4242424242424242'), confirm: true }));
    expect(error).toMatchObject(LIVE_MODE_TEST_CARD);
    expect((await live.paymentIntents.list({ limit: 100 })).data).toHaveLength(before);
  });

  test.each<[string, (stripe: Stripe) => Promise<unknown>]>([
    ['paying with pm_card_visa', (stripe) => stripe.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: 'pm_card_visa', confirm: true })],
    ['setting up pm_card_threeDSecure2Required', (stripe) => stripe.setupIntents.create({ payment_method: 'pm_card_threeDSecure2Required', confirm: true })],
    ['attaching pm_card_mastercard', async (stripe) => stripe.paymentMethods.attach('pm_card_mastercard', { customer: (await stripe.customers.create({})).id })],
  ])("%s with a live key is Stripe's 400 for a test ID in livemode (liberu-genealogy/genealogy-old#1735)", async (_name, call) => {
    const error = await stripeError(call(client(KEYS.liveSecret)));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.message).toMatch(/^You cannot use the test ID 'pm_card_[A-Za-z0-9]+' in livemode\. If you are testing your integration, please use your testmode API keys instead\.$/);
  });

  test('any other card number in live mode: the account cannot make live charges, and no PaymentMethod is made', async () => {
    const error = await stripeError(client(KEYS.livePublishable).paymentMethods.create(card('4532015112830366')));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, message: 'Your account cannot currently make live charges.' });
  });

  test('a card number that is wrong is refused for what is wrong with it first, as in test mode', async () => {
    const error = await stripeError(client(KEYS.livePublishable).paymentMethods.create(card('4242424242424241')));
    expect(error).toMatchObject({ statusCode: 402, code: 'incorrect_number' });
  });

  test('a live PaymentIntent has nothing to be confirmed with, and the live balance stays zero', async () => {
    const live = client(KEYS.liveSecret);
    const intent = await live.paymentIntents.create({ amount: 2000, currency: 'eur' });
    const error = await stripeError(live.paymentIntents.confirm(intent.id));
    expect(error).toMatchObject({ statusCode: 400, message: expect.stringMatching(/^You cannot confirm this PaymentIntent because it's missing a payment method/) });
    await expect(live.paymentIntents.retrieve(intent.id)).resolves.toMatchObject({ status: 'requires_payment_method', amount_received: 0, latest_charge: null });
    expect((await live.balance.retrieve()).pending).toEqual([{ amount: 0, currency: 'usd', source_types: { card: 0 } }]);
  });
});

describe("an account's test and live modes are separate worlds", () => {
  const made: [name: string, make: (stripe: Stripe) => Promise<{ id: string; livemode: boolean }>, fetch: (stripe: Stripe, id: string) => Promise<unknown>, resource: string][] = [
    ['a PaymentIntent', (s) => s.paymentIntents.create({ amount: 2000, currency: 'eur' }), (s, id) => s.paymentIntents.retrieve(id), 'payment_intent'],
    ['a SetupIntent', (s) => s.setupIntents.create({}), (s, id) => s.setupIntents.retrieve(id), 'setup_intent'],
    ['a Customer', (s) => s.customers.create({ email: 'ada@shop.test' }), (s, id) => s.customers.retrieve(id), 'customer'],
    [
      'a webhook endpoint',
      (s) => s.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hooks', enabled_events: ['payment_intent.succeeded'] }),
      (s, id) => s.webhookEndpoints.retrieve(id),
      'webhook_endpoint',
    ],
  ];

  test.each(made.flatMap(([name, make, fetch, resource]) => [
    [name, 'test', 'live', make, fetch, resource] as const,
    [name, 'live', 'test', make, fetch, resource] as const,
  ]))('%s made in %s mode says so in livemode and is resource_missing in %s mode', async (_name, madeIn, lookedUpIn, make, fetch, resource) => {
    const key = (mode: string) => (mode === 'live' ? KEYS.liveSecret : KEYS.testSecret);
    const object = await make(client(key(madeIn)));
    expect(object.livemode).toBe(madeIn === 'live');
    expect(await stripeError(fetch(client(key(lookedUpIn)), object.id))).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: `No such ${resource}: '${object.id}'`,
    });
  });

  test('a test-mode PaymentMethod cannot be used in live mode', async () => {
    const pm = await client(KEYS.testPublishable).paymentMethods.create(card('4242424242424242'));
    expect(pm.livemode).toBe(false);
    const error = await stripeError(client(KEYS.liveSecret).paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: pm.id }));
    expect(error).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payment_method' });
  });

  test("lists and Events show only the key's own mode, and every Event's livemode says which", async () => {
    const testIntent = await client(KEYS.testSecret).paymentIntents.create({ amount: 2000, currency: 'eur' });
    const liveIntent = await client(KEYS.liveSecret).paymentIntents.create({ amount: 2000, currency: 'eur' });
    const liveIds = (await client(KEYS.liveSecret).paymentIntents.list({ limit: 100 })).data.map((p) => p.id);
    expect(liveIds).toContain(liveIntent.id);
    expect(liveIds).not.toContain(testIntent.id);
    const liveEvents = (await client(KEYS.liveSecret).events.list({ limit: 100 })).data;
    const testEvents = (await client(KEYS.testSecret).events.list({ limit: 100 })).data;
    const objectIds = (events: Stripe.Event[]) => events.map((e) => (e.data.object as { id: string }).id);
    expect(objectIds(liveEvents)).toContain(liveIntent.id);
    expect(objectIds(liveEvents)).not.toContain(testIntent.id);
    expect(objectIds(testEvents)).not.toContain(liveIntent.id);
    expect(new Set(liveEvents.map((e) => e.livemode))).toEqual(new Set([true]));
    expect(new Set(testEvents.map((e) => e.livemode))).toEqual(new Set([false]));
  });

  test('an idempotency key used in test mode is a fresh key in live mode', async () => {
    const idempotencyKey = 'order-7-both-modes';
    const inTest = await client(KEYS.testSecret).paymentIntents.create({ amount: 2000, currency: 'eur' }, { idempotencyKey });
    const inLive = await client(KEYS.liveSecret).paymentIntents.create({ amount: 3000, currency: 'eur' }, { idempotencyKey });
    expect(inLive.id).not.toBe(inTest.id);
    expect(inLive).toMatchObject({ livemode: true, amount: 3000 });
    expect(inLive.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    const replay = await client(KEYS.liveSecret).paymentIntents.create({ amount: 3000, currency: 'eur' }, { idempotencyKey });
    expect(replay.id).toBe(inLive.id);
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
  });
});
