/**
 * The Stripe stand-in's wire behaviour that stripe-node never exercises: raw form bodies, missing
 * headers, hostile input. Every test starts its own emulator on port 0 and closes it.
 */
import http from 'node:http';
import { KNOWN_API_VERSIONS, startStripeEmulator, type StripeEmulator } from '../../../../emulators/stripe';

const ACCOUNT = {
  id: 'acct_1ServerTest00000',
  secretKeys: ['sk_test_server1'],
  publishableKeys: ['pk_test_server1'],
  defaultApiVersion: '2022-11-15',
};

let emulator: StripeEmulator;

beforeEach(async () => {
  emulator = await startStripeEmulator({ accounts: [ACCOUNT] });
});

afterEach(async () => {
  await emulator.close();
});

interface RawReply {
  status: number;
  headers: Headers;
  body: { error?: { type: string; code?: string; message: string; param?: string } } & Record<string, unknown>;
}

async function call(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<RawReply> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${ACCOUNT.secretKeys[0]}`, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    ...(body === undefined ? {} : { body }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as RawReply['body'] };
}

test('without a Stripe-Version header the account default version is used', async () => {
  const reply = await call('POST', '/v1/payment_intents', 'amount=2000&currency=usd&payment_method=pm_card_visa&confirm=true');
  expect(reply.headers.get('stripe-version')).toBe('2022-11-15');
  expect(reply.body).toMatchObject({ status: 'succeeded', capture_method: 'automatic' });
});

test('the Stripe-Version header overrides the account default', async () => {
  const reply = await call('POST', '/v1/payment_intents', 'amount=2000&currency=usd', { 'Stripe-Version': '2024-06-20' });
  expect(reply.headers.get('stripe-version')).toBe('2024-06-20');
  expect(reply.body.capture_method).toBe('automatic_async');
});

test('bracketed form parameters are decoded: card[number], metadata[k], expand[]', async () => {
  const pm = await call(
    'POST',
    '/v1/payment_methods',
    'type=card&card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2034&card[cvc]=123&metadata[order]=42',
    { Authorization: `Bearer ${ACCOUNT.publishableKeys[0]}` },
  );
  expect(pm.body.metadata).toEqual({ order: '42' });
  const intent = await call(
    'POST',
    '/v1/payment_intents',
    `amount=2000&currency=usd&payment_method=${pm.body.id as string}&confirm=true&expand[]=payment_method&expand[]=latest_charge`,
  );
  expect(intent.body.payment_method).toMatchObject({ id: pm.body.id, object: 'payment_method' });
  expect(intent.body.latest_charge).toMatchObject({ object: 'charge', status: 'succeeded' });
});

test('Basic authentication with the key as user name is accepted', async () => {
  const basic = Buffer.from(`${ACCOUNT.secretKeys[0]}:`).toString('base64');
  const reply = await call('GET', '/v1/account', undefined, { Authorization: `Basic ${basic}` });
  expect(reply.body.id).toBe(ACCOUNT.id);
});

test('a request without a key is a 401', async () => {
  const response = await fetch(`${emulator.url}/v1/account`);
  expect(response.status).toBe(401);
  expect(((await response.json()) as RawReply['body']).error?.type).toBe('invalid_request_error');
});

test('an unknown key is a 401 that shows only its last 4 characters', async () => {
  const reply = await call('GET', '/v1/account', undefined, { Authorization: 'Bearer sk_test_notAKeyOfThisAccount9876' });
  expect(reply.status).toBe(401);
  expect(reply.body.error?.message).toContain('9876');
  expect(reply.body.error?.message).not.toContain('notAKeyOfThisAccount');
});

test.each([
  ['a hash where a string is expected', 'amount=2000&currency[x]=usd'],
  ['a string where a hash is expected', 'amount=2000&currency=usd&payment_method_options=card'],
  ['a prototype-polluting key', 'amount=2000&currency=usd&metadata[__proto__][x]=1'],
  ['a non-integer amount', 'amount=twenty&currency=usd'],
  ['an unknown enum value', 'amount=2000&currency=usd&capture_method=later'],
  ['garbled percent-encoding', 'amount=2000&currency=%E0%A4%A&description=%'],
  ['conflicting shapes for one key', 'amount=2000&currency=usd&metadata[a]=1&metadata[a][b]=2'],
])('%s is a Stripe-shaped 400 and the server keeps serving', async (_name, body) => {
  const reply = await call('POST', '/v1/payment_intents', body);
  expect(reply.status).toBe(400);
  expect(reply.body.error?.type).toBe('invalid_request_error');
  expect((await call('GET', '/v1/account')).status).toBe(200);
});

test('a publishable key retrieves and confirms a PaymentIntent only with its client secret', async () => {
  const publishable = { Authorization: `Bearer ${ACCOUNT.publishableKeys[0]}` };
  const intent = await call('POST', '/v1/payment_intents', 'amount=2000&currency=usd&payment_method_types[]=card');
  const secret = encodeURIComponent(intent.body.client_secret as string);
  expect((await call('GET', `/v1/payment_intents/${intent.body.id as string}`, undefined, publishable)).status).toBe(401);
  const confirmed = await call(
    'POST',
    `/v1/payment_intents/${intent.body.id as string}/confirm`,
    `client_secret=${secret}&payment_method=pm_card_visa&return_url=https%3A%2F%2Fshop.test%2Freturn`,
    publishable,
  );
  expect(confirmed.body.status).toBe('succeeded');
});

test('a missing required parameter is parameter_missing', async () => {
  const reply = await call('POST', '/v1/payment_intents', 'currency=usd');
  expect(reply.body.error).toMatchObject({ code: 'parameter_missing', param: 'amount' });
});

test('an unknown URL is a 404 naming the method and path', async () => {
  const reply = await call('GET', '/v1/refunds/re_123/nowhere');
  expect(reply.status).toBe(404);
  expect(reply.body.error?.message).toMatch(/Unrecognized request URL \(GET: \/v1\/refunds\/re_123\/nowhere\)/);
});

test('a body over 1 MiB is refused without crashing', async () => {
  const reply = await call('POST', '/v1/payment_intents', `description=${'x'.repeat(1024 * 1024 + 10)}`);
  expect(reply.status).toBe(413);
  expect((await call('GET', '/v1/account')).status).toBe(200);
});

test('reset drops objects but keeps accounts', async () => {
  const intent = await call('POST', '/v1/payment_intents', 'amount=2000&currency=usd');
  emulator.reset();
  expect((await call('GET', `/v1/payment_intents/${intent.body.id as string}`)).status).toBe(404);
  expect((await call('GET', '/v1/account')).status).toBe(200);
});

test('close returns promptly while a keep-alive connection is open', async () => {
  const agent = new http.Agent({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    http
      .get(`${emulator.url}/v1/account`, { agent, headers: { Authorization: `Bearer ${ACCOUNT.secretKeys[0]}` } }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
      .on('error', reject);
  });
  const started = Date.now();
  await emulator.close();
  expect(Date.now() - started).toBeLessThan(1000);
  agent.destroy();
});

test('KNOWN_API_VERSIONS lists dated versions from 2020-08-27 to 2026-10-28.endive', () => {
  for (const version of ['2020-08-27', '2022-11-15', '2023-08-16', '2023-10-16', '2024-06-20', '2024-09-30.acacia', '2025-03-31.basil', '2025-09-30.clover', '2026-10-28.endive']) {
    expect(KNOWN_API_VERSIONS).toContain(version);
  }
  expect(KNOWN_API_VERSIONS.every((v) => /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(v))).toBe(true);
});
