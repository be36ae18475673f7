/**
 * Acceptance 4: malformed requests get Stripe-shaped 4xx errors, and the stand-in keeps serving,
 * on the same keep-alive connection where HTTP allows it. Raw `http`/`net`, since stripe-node never
 * sends such requests.
 */
import http from 'node:http';
import net from 'node:net';
import { startStripeEmulator, type StripeEmulator } from '../../../../emulators/stripe';

const KEY = 'sk_test_malformed1';
const ACCOUNT = { id: 'acct_1Malformed000000', secretKeys: [KEY], publishableKeys: ['pk_test_malformed1'] };
const GOOD = 'amount=1000&currency=eur&description=ok';

let emulator: StripeEmulator;
let agent: http.Agent;

beforeEach(async () => {
  emulator = await startStripeEmulator({ accounts: [ACCOUNT] });
  agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
});

afterEach(async () => {
  agent.destroy();
  await emulator.close();
});

interface RawReply {
  status: number;
  body: { error?: { type: string; message: string; code?: string; param?: string } } & Record<string, unknown>;
  reusedSocket: boolean;
}

function send(body: string | Buffer, headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' }, path = '/v1/payment_intents'): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${emulator.url}${path}`,
      { method: 'POST', agent, headers: { Authorization: `Bearer ${KEY}`, ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as RawReply['body'], reusedSocket: request.reusedSocket }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const nested = `metadata${'[a]'.repeat(9)}=1`;
const hugeArray = Array.from({ length: 2001 }, (_, i) => `expand[${i}]=x`).join('&');

test.each<[string, string | Buffer, Record<string, string> | undefined, string | undefined, RegExp]>([
  ['a JSON body', JSON.stringify({ amount: 1000, currency: 'eur' }), { 'Content-Type': 'application/json' }, undefined, /^Invalid request: unsupported Content-Type application\/json\. If error persists/],
  ['a text/plain body', GOOD, { 'Content-Type': 'text/plain; charset=utf-8' }, undefined, /unsupported Content-Type text\/plain; charset=utf-8\./],
  ['a body without Content-Type', GOOD, {}, undefined, /unsupported Content-Type \./],
  ['raw bytes that are not UTF-8', Buffer.concat([Buffer.from(`${GOOD}&description=`), Buffer.from([0xff, 0xfe])]), undefined, undefined, /not valid UTF-8/],
  ['percent-encoded bytes that are not UTF-8', `${GOOD}&description=%FF%FE`, undefined, 'description', /Invalid UTF-8/],
  ['a broken percent-encoding', `${GOOD}&description=100%zz`, undefined, 'description', /Invalid percent-encoding/],
  ['brackets nested too deep', `${GOOD}&${nested}`, undefined, 'metadata', /nesting too deep/],
  ['a huge array', `${GOOD}&${hugeArray}`, undefined, undefined, /Too many parameters/],
  ['a duplicate key', `${GOOD}&amount=2000`, undefined, 'amount', /duplicate parameter: amount/],
  ['a string where an integer belongs', 'amount=ten&currency=eur', undefined, 'amount', /Invalid integer: ten/],
  ['a hash where a string belongs', 'amount=1000&currency[x]=eur', undefined, 'currency', /string/],
  ['a word where a boolean belongs', `${GOOD}&confirm=maybe`, undefined, 'confirm', /Invalid boolean: maybe/],
  ['an unknown parameter', `${GOOD}&colour=red`, undefined, 'colour', /Received unknown parameter: colour/],
  ['a prototype-polluting key', `${GOOD}&__proto__[admin]=1`, undefined, '__proto__', /Invalid parameter name/],
])('%s is a Stripe-shaped 400, and the same connection then serves a good request', async (_name, body, headers, param, message) => {
  const bad = await send(body, headers);
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(message) });
  if (param !== undefined) expect(bad.body.error?.param).toBe(param);
  const good = await send(GOOD);
  expect(good).toMatchObject({ status: 200, reusedSocket: true, body: { object: 'payment_intent', amount: 1000 } });
});

test('an oversized body is a 413 that closes the connection, and the next connection is served', async () => {
  const bad = await send(`${GOOD}&description=${'x'.repeat(1024 * 1024)}`);
  expect(bad.status).toBe(413);
  expect(bad.body.error).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(/too large/) });
  const good = await send(GOOD);
  expect(good).toMatchObject({ status: 200, reusedSocket: false });
});

/** Writes raw bytes on a fresh TCP connection and returns everything the server sends back. */
function rawExchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(emulator.port, '127.0.0.1', () => socket.end(bytes));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

test('a request Node cannot parse gets a Stripe-shaped 400, and the server keeps serving', async () => {
  const reply = await rawExchange('NOT AN HTTP REQUEST\r\n\r\n');
  expect(reply).toMatch(/^HTTP\/1\.1 400 /);
  expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { type: 'invalid_request_error' } });
  expect((await send(GOOD)).status).toBe(200);
});

test('oversized headers get a Stripe-shaped 431, and the server keeps serving', async () => {
  const reply = await rawExchange(`GET /v1/account HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
  expect(reply).toMatch(/^HTTP\/1\.1 431 /);
  expect(reply).toContain('"invalid_request_error"');
  expect((await send(GOOD)).status).toBe(200);
});

test('a malformed form on a hosted page is a 400, not a crash', async () => {
  const reply = await send('outcome=complete&outcome=fail', undefined, '/3ds/authenticate/pi_missing');
  expect(reply.status).toBe(400);
  expect(reply.body.error).toMatchObject({ type: 'invalid_request_error', param: 'outcome' });
});

test('a client that hangs up mid-body does not take the server down', async () => {
  await new Promise<void>((resolve) => {
    const socket = net.connect(emulator.port, '127.0.0.1', () => {
      socket.write(`POST /v1/payment_intents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\namount=10`);
      setTimeout(() => {
        socket.destroy();
        resolve();
      }, 20);
    });
  });
  expect((await send(GOOD)).status).toBe(200);
});

test('200 garbage bodies all get 4xx Stripe errors (never a 5xx), and the server keeps serving', async () => {
  // A fixed LCG, so a failure reproduces.
  let seed = 42;
  const nextByte = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256;
  const alphabet = '&=[]%+aZ09_.-\u00e9\u0000';
  const statuses = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const length = 1 + (nextByte() % 40);
    const body = i % 2 === 0 ? Buffer.from(Array.from({ length }, nextByte)) : Array.from({ length }, () => alphabet[nextByte() % alphabet.length]).join('');
    const reply = await send(body);
    statuses.add(reply.status);
    expect(reply.status).toBeLessThan(500);
    if (reply.status >= 400) expect(reply.body.error).toMatchObject({ type: expect.any(String), message: expect.any(String) });
  }
  expect([...statuses].some((s) => s >= 400)).toBe(true);
  expect((await send(GOOD)).status).toBe(200);
});

test('raw UTF-8 beside percent-encoding in one value arrives unaltered', async () => {
  // Astral characters (UTF-16 surrogate pairs) sent raw, next to a %-escape in the same value.
  const reply = await send(Buffer.from('amount=1000&currency=eur&description=%F0%9F%98%80+😀+€%21'));
  expect(reply.status).toBe(200);
  expect(reply.body.description).toBe('😀 😀 €!');
});
