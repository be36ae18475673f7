/**
 * Webhook endpoints, events, and signed delivery to loopback receivers, through stripe-node:
 * `stripe.webhooks.constructEvent` must verify what the stand-in sends (facts: webhooks).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startStripeEmulator, type StripeAccountSpec, type StripeEmulator } from '../../../../emulators/stripe';

const ACCOUNT_A: StripeAccountSpec & { secretKeys: string[] } = { id: 'acct_1WebhooksA000000', secretKeys: ['sk_test_webhooksA'], publishableKeys: ['pk_test_webhooksA'] };
const ACCOUNT_B: StripeAccountSpec & { secretKeys: string[] } = { id: 'acct_1WebhooksB000000', secretKeys: ['sk_test_webhooksB'], publishableKeys: ['pk_test_webhooksB'] };
const PAYMENT = { amount: 1000, currency: 'eur', automatic_payment_methods: { enabled: true, allow_redirects: 'never' as const } };

interface Received {
  body: string;
  signature: string;
}

/** A loopback webhook receiver; `answer` decides each response's status (or null: never answer). */
class Receiver {
  readonly received: Received[] = [];
  answer: (n: number) => number | null = () => 200;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['stripe-signature']) });
      const status = this.answer(this.received.length);
      if (status !== null) res.writeHead(status).end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  types(): string[] {
    return this.received.map((r) => (JSON.parse(r.body) as { type: string }).type);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let emulator: StripeEmulator;
let receiver: Receiver;
let receiverUrl: string;

beforeEach(async () => {
  receiver = new Receiver();
  receiverUrl = await receiver.start();
  emulator = await startStripeEmulator({ accounts: [ACCOUNT_A, ACCOUNT_B], webhooks: { timeoutMs: 300, attempts: 3, retryDelayMs: 20 } });
});

afterEach(async () => {
  await emulator.close();
  await receiver.close();
});

function client(account: { secretKeys: string[] }): Stripe {
  return new Stripe(account.secretKeys[0]!, { host: emulator.host, port: emulator.port, protocol: 'http', maxNetworkRetries: 0, telemetry: false });
}

test('a succeeded payment is delivered as payment_intent.succeeded, signed so constructEvent verifies it', async () => {
  const stripe = client(ACCOUNT_A);
  const endpoint = await stripe.webhookEndpoints.create({ url: receiverUrl, enabled_events: ['payment_intent.succeeded'] });
  expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
  const intent = await stripe.paymentIntents.create({ ...PAYMENT, payment_method: 'pm_card_visa', confirm: true });
  await emulator.webhooks.idle();
  expect(receiver.types()).toEqual(['payment_intent.succeeded']);
  const [delivery] = receiver.received;
  const event = stripe.webhooks.constructEvent(delivery!.body, delivery!.signature, endpoint.secret!);
  expect(event).toMatchObject({ type: 'payment_intent.succeeded', data: { object: { id: intent.id, status: 'succeeded' } } });
  expect(() => stripe.webhooks.constructEvent(delivery!.body, delivery!.signature, 'whsec_wrong')).toThrow(Stripe.errors.StripeSignatureVerificationError);
});

test('a SetupIntent that needs authentication is delivered as setup_intent.requires_action', async () => {
  const stripe = client(ACCOUNT_A);
  const endpoint = await stripe.webhookEndpoints.create({ url: receiverUrl, enabled_events: ['setup_intent.requires_action', 'setup_intent.succeeded'] });
  const intent = await stripe.setupIntents.create({
    payment_method: 'pm_card_authenticationRequired',
    confirm: true,
    return_url: 'https://shop.example/return',
    automatic_payment_methods: { enabled: true, allow_redirects: 'always' },
  });
  expect(intent.status).toBe('requires_action');
  await emulator.webhooks.idle();
  expect(receiver.types()).toEqual(['setup_intent.requires_action']);
  const event = stripe.webhooks.constructEvent(receiver.received[0]!.body, receiver.received[0]!.signature, endpoint.secret!);
  expect(event.data.object).toMatchObject({ id: intent.id, object: 'setup_intent' });
});

test('an endpoint with * receives every event of its own account and none of another account', async () => {
  await client(ACCOUNT_B).webhookEndpoints.create({ url: receiverUrl, enabled_events: ['*'] });
  await client(ACCOUNT_A).paymentIntents.create({ ...PAYMENT, payment_method: 'pm_card_visa', confirm: true });
  await emulator.webhooks.idle();
  expect(receiver.received).toHaveLength(0);
  await client(ACCOUNT_B).paymentIntents.create({ ...PAYMENT, payment_method: 'pm_card_visa', confirm: true });
  await emulator.webhooks.idle();
  expect(receiver.types()).toEqual(expect.arrayContaining(['payment_intent.created', 'payment_intent.succeeded']));
});

test('a failed delivery is retried, and pending_webhooks drops to 0 once it gets through', async () => {
  receiver.answer = (n) => (n === 1 ? 500 : 200);
  const stripe = client(ACCOUNT_A);
  await stripe.webhookEndpoints.create({ url: receiverUrl, enabled_events: ['payment_intent.succeeded'] });
  await stripe.paymentIntents.create({ ...PAYMENT, payment_method: 'pm_card_visa', confirm: true });
  await emulator.webhooks.idle();
  expect(emulator.webhooks.attempts().map((a) => [a.attempt, a.outcome])).toEqual([[1, 500], [2, 200]]);
  const [event] = (await stripe.events.list({ type: 'payment_intent.succeeded' })).data;
  expect(event!.pending_webhooks).toBe(0);
});

test('an endpoint that never answers costs a bounded number of timed-out attempts and never slows the API', async () => {
  receiver.answer = () => null;
  const stripe = client(ACCOUNT_A);
  await stripe.webhookEndpoints.create({ url: receiverUrl, enabled_events: ['*'] });
  const started = Date.now();
  await stripe.paymentIntents.create({ ...PAYMENT, payment_method: 'pm_card_visa', confirm: true });
  expect(Date.now() - started).toBeLessThan(250);
  await emulator.webhooks.idle();
  const attempts = emulator.webhooks.attempts().filter((a) => a.eventType === 'payment_intent.succeeded');
  expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
  expect(attempts.every((a) => !a.delivered && /timed out/.test(String(a.outcome)))).toBe(true);
  const [event] = (await stripe.events.list({ type: 'payment_intent.succeeded' })).data;
  expect(event!.pending_webhooks).toBe(1);
});

test.each([
  ['a public https URL', 'https://example.com/hooks'],
  ['a private-network address', 'http://10.0.0.1/hooks'],
  ['a cloud metadata address', 'http://169.254.169.254/latest'],
  ['a name that merely starts with localhost', 'http://localhost.example.com/hooks'],
  ['https on loopback (not delivered by the stand-in)', 'https://127.0.0.1:4242/hooks'],
])('%s is refused at create with a url_invalid error naming url', async (_name, url) => {
  const error = await client(ACCOUNT_A).webhookEndpoints.create({ url, enabled_events: ['*'] }).catch((e: Stripe.errors.StripeError) => e);
  expect(error).toMatchObject({ statusCode: 400, code: 'url_invalid', param: 'url', message: expect.stringMatching(/loopback/) });
});

test('the secret is returned on create only; retrieve, list, update and delete behave as Stripe', async () => {
  const stripe = client(ACCOUNT_A);
  const created = await stripe.webhookEndpoints.create({ url: receiverUrl, enabled_events: ['payment_intent.succeeded'], description: 'shop' });
  const retrieved = await stripe.webhookEndpoints.retrieve(created.id);
  expect(retrieved).toMatchObject({ id: created.id, object: 'webhook_endpoint', status: 'enabled', url: receiverUrl, description: 'shop' });
  expect(retrieved.secret).toBeUndefined();
  expect((await stripe.webhookEndpoints.list()).data.map((e) => [e.id, e.secret])).toEqual([[created.id, undefined]]);
  await expect(stripe.webhookEndpoints.update(created.id, { disabled: true, enabled_events: ['*'] })).resolves.toMatchObject({ status: 'disabled', enabled_events: ['*'] });
  await stripe.paymentIntents.create({ ...PAYMENT, payment_method: 'pm_card_visa', confirm: true });
  await emulator.webhooks.idle();
  expect(receiver.received).toHaveLength(0);
  await expect(stripe.webhookEndpoints.del(created.id)).resolves.toMatchObject({ id: created.id, deleted: true });
  await expect(stripe.webhookEndpoints.retrieve(created.id)).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
});

test('another account cannot see, update or delete an endpoint', async () => {
  const created = await client(ACCOUNT_A).webhookEndpoints.create({ url: receiverUrl, enabled_events: ['*'] });
  const other = client(ACCOUNT_B);
  await expect(other.webhookEndpoints.retrieve(created.id)).rejects.toMatchObject({ statusCode: 404 });
  await expect(other.webhookEndpoints.del(created.id)).rejects.toMatchObject({ statusCode: 404 });
  expect((await other.webhookEndpoints.list()).data).toEqual([]);
});

test('events list newest first with type filters and pagination, and retrieve by id', async () => {
  const stripe = client(ACCOUNT_A);
  await stripe.paymentIntents.create({ ...PAYMENT, payment_method: 'pm_card_visa', confirm: true });
  await stripe.paymentIntents.create({ ...PAYMENT, payment_method: 'pm_card_visa', confirm: true });
  const succeeded = await stripe.events.list({ type: 'payment_intent.succeeded' });
  expect(succeeded.data.map((e) => e.type)).toEqual(['payment_intent.succeeded', 'payment_intent.succeeded']);
  const wildcard = await stripe.events.list({ type: 'payment_intent.*' });
  expect(wildcard.data.every((e) => e.type.startsWith('payment_intent.'))).toBe(true);
  const first = await stripe.events.list({ types: ['payment_intent.succeeded'], limit: 1 });
  expect(first).toMatchObject({ has_more: true, url: '/v1/events' });
  const second = await stripe.events.list({ types: ['payment_intent.succeeded'], limit: 1, starting_after: first.data[0]!.id });
  expect(second.data[0]!.id).toBe(succeeded.data[1]!.id);
  await expect(stripe.events.retrieve(first.data[0]!.id)).resolves.toMatchObject({ object: 'event', livemode: false });
  await expect(client(ACCOUNT_B).events.retrieve(first.data[0]!.id)).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
});

test('an endpoint from the options, with its own secret, is delivered to and survives reset; API-made ones do not', async () => {
  await emulator.close();
  const secret = 'whsec_configuredSecret000000000000';
  emulator = await startStripeEmulator({
    accounts: [{ ...ACCOUNT_A, webhookEndpoints: [{ url: receiverUrl, enabledEvents: ['payment_intent.succeeded'], secret }] }],
    webhooks: { timeoutMs: 300, attempts: 1 },
  });
  const stripe = client(ACCOUNT_A);
  await stripe.webhookEndpoints.create({ url: receiverUrl, enabled_events: ['*'] });
  emulator.reset();
  expect((await stripe.webhookEndpoints.list()).data.map((e) => e.enabled_events)).toEqual([['payment_intent.succeeded']]);
  await stripe.paymentIntents.create({ ...PAYMENT, payment_method: 'pm_card_visa', confirm: true });
  await emulator.webhooks.idle();
  expect(receiver.types()).toEqual(['payment_intent.succeeded']);
  expect(() => stripe.webhooks.constructEvent(receiver.received[0]!.body, receiver.received[0]!.signature, secret)).not.toThrow();
});

test('a delivery in flight at reset is neither logged nor retried afterwards, even to the re-created endpoint', async () => {
  await emulator.close();
  receiver.answer = () => null;
  // Sequential ids: the endpoint re-created by reset has the same id as the one the delivery was for.
  emulator = await startStripeEmulator({
    accounts: [{ ...ACCOUNT_A, webhookEndpoints: [{ url: receiverUrl, enabledEvents: ['payment_intent.succeeded'] }] }],
    ids: 'sequential',
    webhooks: { timeoutMs: 500, attempts: 2, retryDelayMs: 20 },
  });
  await client(ACCOUNT_A).paymentIntents.create({ ...PAYMENT, payment_method: 'pm_card_visa', confirm: true });
  while (receiver.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  emulator.reset();
  await emulator.webhooks.idle();
  await new Promise((resolve) => setTimeout(resolve, 60));
  expect(emulator.webhooks.attempts()).toEqual([]);
  expect(receiver.received).toHaveLength(1);
});

test('an events type filter full of wildcards is answered at once (no pattern backtracking)', async () => {
  const stripe = client(ACCOUNT_A);
  await stripe.paymentIntents.create({ ...PAYMENT, payment_method: 'pm_card_visa', confirm: true });
  const started = Date.now();
  const listed = await stripe.events.list({ type: `${'*'.repeat(11)}Q` });
  expect(Date.now() - started).toBeLessThan(1000);
  expect(listed.data).toEqual([]);
  const wildcards = await stripe.events.list({ type: 'payment_*.*ed' });
  expect(wildcards.data.map((e) => e.type).sort()).toEqual(['payment_intent.created', 'payment_intent.succeeded']);
}, 30_000);
