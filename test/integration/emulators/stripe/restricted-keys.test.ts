/**
 * Restricted keys (`rk_test_…`) through stripe-node: a permission allows what it names (write implies
 * read), and anything else is Stripe's 403 naming the `rak_…` permission that would allow it.
 */
import Stripe from 'stripe';
import { startStripeEmulator, type StripeAccountSpec, type StripeEmulator } from '../../../../emulators/stripe';
import { rejection as failure, stripeClient } from '../../../helpers/stripe-stand-in';

const ACCOUNT: StripeAccountSpec & { secretKeys: string[] } = {
  id: 'acct_1Restricted00000',
  secretKeys: ['sk_test_restricted1'],
  publishableKeys: ['pk_test_restricted1'],
  restrictedKeys: [
    { key: 'rk_test_payments0000000000', permissions: { payment_intents: 'write', payment_methods: 'write', events: 'read' } },
    { key: 'rk_test_readonly0000000000', permissions: { payment_intents: 'read', events: 'none' } },
  ],
};

let emulator: StripeEmulator;

beforeAll(async () => {
  emulator = await startStripeEmulator({ accounts: [ACCOUNT] });
});

afterAll(async () => {
  await emulator.close();
});

function client(key: string): Stripe {
  return stripeClient(emulator, key, { telemetry: false });
}

const PAYMENT = { amount: 1000, currency: 'eur', automatic_payment_methods: { enabled: true, allow_redirects: 'never' as const } };

test('a key with payment_intents=write creates, confirms and reads a payment', async () => {
  const stripe = client('rk_test_payments0000000000');
  const intent = await stripe.paymentIntents.create({ ...PAYMENT, payment_method: 'pm_card_visa', confirm: true });
  expect(intent.status).toBe('succeeded');
  expect((await stripe.paymentIntents.retrieve(intent.id)).id).toBe(intent.id);
});

test('a key with payment_intents=read reads a payment but cannot create one', async () => {
  const intent = await client(ACCOUNT.secretKeys[0]!).paymentIntents.create(PAYMENT);
  const stripe = client('rk_test_readonly0000000000');
  expect((await stripe.paymentIntents.retrieve(intent.id)).id).toBe(intent.id);
  const error = await failure(stripe.paymentIntents.create(PAYMENT));
  expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
  expect(error.statusCode).toBe(403);
  expect(error.message).toBe(
    "The provided key 'rk_test_************0000' does not have the required permissions for this endpoint on account 'acct_1Restricted00000'. Having the 'rak_payment_intent_write' permission would allow this request to continue.",
  );
});

test.each<[string, string, (stripe: Stripe) => Promise<unknown>]>([
  ['confirming a payment', 'rak_payment_intent_write', (s) => s.paymentIntents.confirm('pi_any', { payment_method: 'pm_card_visa' })],
  ['creating a PaymentMethod (not listed: none)', 'rak_payment_method_write', (s) => s.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: 2040, cvc: '123' } })],
  ['listing events (events=none)', 'rak_event_read', (s) => s.events.list()],
  ['creating a webhook endpoint (not listed)', 'rak_webhook_endpoint_write', (s) => s.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hook', enabled_events: ['*'] })],
  ['reading the account (not listed)', 'rak_account_read', (s) => s.accounts.retrieveCurrent()],
])('the read-only key is refused %s with a 403 naming %s', async (_name, permission, call) => {
  const error = await failure(call(client('rk_test_readonly0000000000')));
  expect(error).toBeInstanceOf(Stripe.errors.StripePermissionError);
  expect(error.message).toContain(`Having the '${permission}' permission`);
});

test('a key with events=read lists events', async () => {
  await expect(client('rk_test_payments0000000000').events.list()).resolves.toMatchObject({ object: 'list' });
});

test('an unknown URL is still a 404 for a restricted key, not a permission error', async () => {
  const response = await fetch(`${emulator.url}/v1/no_such_thing`, { headers: { Authorization: 'Bearer rk_test_readonly0000000000' } });
  expect(response.status).toBe(404);
});

test('a restricted key that was not configured is refused as an invalid key', async () => {
  const error = await failure(client('rk_test_unknown00000000000').paymentIntents.create(PAYMENT));
  expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
});

test.each([
  ['a restricted key without the rk_test_ prefix', { key: 'sk_test_notrestricted', permissions: {} }, /must be a rk_test_… key/],
  ['an access level that does not exist', { key: 'rk_test_badlevel', permissions: { payment_intents: 'admin' } }, /read, write or none/],
])('%s is refused at start', async (_name, restricted, message) => {
  const spec = { id: 'acct_1BadRestricted000', secretKeys: [], publishableKeys: [], restrictedKeys: [restricted as never] };
  await expect(startStripeEmulator({ accounts: [spec] })).rejects.toThrow(message);
});
