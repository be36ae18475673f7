/**
 * The example shop (examples/shop) against the Stripe stand-in: what its routes answer a front end
 * and a returning customer, in-process as the checks start it, and as a program reading its config
 * from Secrets Manager the way docs/ARCHITECTURE.md tells a checkout team to; and that the runtime
 * it runs is the installed package (stripe-config/runtime), never the repository's runtime/ source.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import ts from 'typescript';
import { startSecretsManagerEmulator, type SecretsManagerEmulator } from '../../../emulators/secrets-manager';
import { startStripeEmulator, type StripeEmulator } from '../../../emulators/stripe';
import type { Shop } from '../../../examples/shop';
import { exampleShopRuntimePath } from '../../../checks';
import { locationOf } from '../../../config';
import { inTestMode } from '../../../ops/test-mode';
import { createStripeClient, type RuntimeDocument } from '../../../runtime';
import { sampleEnvironment } from '../../helpers/environments';
import { exampleShopOnPackagedRuntime, INSTALL_TIMEOUT_MS } from '../../helpers/example-shop';

const SECRET_KEY = 'sk_test_exampleShop000000';
const ROOT = path.resolve(__dirname, '..', '..', '..');
const TOOL_VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let stripe: StripeEmulator;
let shop: Shop;
let document: RuntimeDocument;
// The shop imports stripe-config/runtime from its node_modules: the repository's runtime, packed and installed there first.
let startShop: Awaited<ReturnType<typeof exampleShopOnPackagedRuntime>>['startShop'];

beforeAll(async () => {
  ({ startShop } = await exampleShopOnPackagedRuntime());
  // Without `accounts` the stand-in takes any well-formed test key as one account, so the sample's publishable key works.
  stripe = await startStripeEmulator();
  // Production is live mode: the shop runs its settings with the same account's test keys, as the checks run it.
  const production = sampleEnvironment('production');
  document = inTestMode(production.rendered.document, locationOf(production).testMode);
  shop = await startShop({
    config: { get: async () => ({ document }) },
    keys: async () => ({ secretKey: SECRET_KEY }),
    stripeEndpoint: { host: stripe.host, port: stripe.port, protocol: 'http' },
  });
}, INSTALL_TIMEOUT_MS);
afterAll(async () => {
  await shop?.close();
  await stripe?.close();
});

/** What Stripe.js does in the customer's browser: a PaymentMethod made with the publishable key. */
async function cardTyped(number: string): Promise<string> {
  const frontEnd = createStripeClient({ secretKey: document.stripe.publishableKey, apiVersion: document.stripe.apiVersion, endpoint: { host: stripe.host, port: stripe.port, protocol: 'http' } });
  const method = await frontEnd.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvc: '123' } });
  return method.id;
}

async function pay(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${shop.url}/checkout/pay`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** The customer answers the hosted challenge page as its form would; Stripe's 303 names where they go back to. */
async function answerChallenge(redirectUrl: string, outcome: 'complete' | 'fail'): Promise<URL> {
  const page = new URL(redirectUrl);
  const response = await fetch(page, { method: 'POST', body: new URLSearchParams({ client_secret: page.searchParams.get('client_secret') ?? '', outcome }), redirect: 'manual' });
  return new URL(response.headers.get('location')!);
}

async function returnTo(returnedTo: URL): Promise<{ status: number; html: string }> {
  const response = await fetch(`${shop.url}${returnedTo.pathname}${returnedTo.search}`);
  return { status: response.status, html: await response.text() };
}

describe('POST /checkout/pay', () => {
  test('a frictionless card is paid, and the answer is the outcome, not a Stripe object', async () => {
    const { status, json } = await pay({ amount: 4200, paymentMethodId: await cardTyped('4242424242424242') });
    expect(status).toBe(200);
    expect(json).toEqual({ status: 'paid', paymentIntentId: expect.stringMatching(/^pi_/) });
  });

  test('a 3DS card needs authentication and gets the bank page to send the customer to', async () => {
    const { json } = await pay({ amount: 4200, paymentMethodId: await cardTyped('4000000000003220') });
    expect(json).toEqual({
      status: 'needs_authentication',
      paymentIntentId: expect.stringMatching(/^pi_/),
      clientSecret: expect.stringMatching(/^pi_.*_secret_/),
      redirectUrl: expect.stringMatching(new RegExp(`^${stripe.url}/`)),
    });
  });

  test('a declined card is an outcome with the customer message', async () => {
    const { status, json } = await pay({ amount: 4200, paymentMethodId: await cardTyped('4000000000009995') });
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: 'declined', declineCode: 'insufficient_funds', customerMessage: 'Your card has insufficient funds. Try another card.' });
  });

  test.each([
    ['a missing amount', { paymentMethodId: 'pm_123' }, 'amount', /^amount is required/],
    ['an amount that is not an integer', { amount: 42.5, paymentMethodId: 'pm_123' }, 'amount', /^amount: expected integer/],
    ['a card id that is not a PaymentMethod', { amount: 4200, paymentMethodId: '4242424242424242' }, 'paymentMethodId', /^paymentMethodId: /],
    ['a field the shop does not know', { amount: 4200, paymentMethodId: 'pm_123', currency: 'usd' }, 'currency', /^currency is not a field of this request/],
    ['a body that is not JSON', 'amount=4200', 'body', /is not JSON/],
  ])('%s is a 400 naming the field', async (_case, body, field, message) => {
    const { status, json } = await pay(body);
    expect(status).toBe(400);
    expect(json).toEqual({ error: { field, message: expect.stringMatching(message) } });
  });

  test('a PaymentMethod Stripe does not know is a 400 naming paymentMethodId', async () => {
    const { status, json } = await pay({ amount: 4200, paymentMethodId: 'pm_doesnotexist' });
    expect(status).toBe(400);
    expect(json).toEqual({ error: { field: 'paymentMethodId', message: expect.stringMatching(/^Stripe refused the request: No such payment_method: 'pm_doesnotexist'/) } });
  });
});

describe('GET /checkout/return, where the customer comes back from the bank', () => {
  test('after a completed challenge the page says paid, with the outcome as data', async () => {
    const { json } = await pay({ amount: 4200, paymentMethodId: await cardTyped('4000000000003220') });
    const returnedTo = await answerChallenge(json.redirectUrl as string, 'complete');
    expect(`${returnedTo.origin}${returnedTo.pathname}`).toBe(document.payments.returnUrl);
    const { status, html } = await returnTo(returnedTo);
    expect(status).toBe(200);
    expect(html).toContain(`<main data-status="paid" data-payment-intent="${json.paymentIntentId}">`);
    expect(html).toContain('Thank you: your payment is complete');
  });

  test('after a failed challenge the page says why, in the words the customer reads', async () => {
    const { json } = await pay({ amount: 4200, paymentMethodId: await cardTyped('4000000000003220') });
    const { html } = await returnTo(await answerChallenge(json.redirectUrl as string, 'fail'));
    expect(html).toContain('data-status="authentication_failed"');
    expect(html).toContain('We could not verify your payment with your bank. Try again or use another card.');
  });

  test('a customer back before finishing is sent on to the bank again', async () => {
    const { json } = await pay({ amount: 4200, paymentMethodId: await cardTyped('4000000000003220') });
    const { html } = await returnTo(new URL(`${document.payments.returnUrl}?payment_intent=${json.paymentIntentId}`));
    expect(html).toContain('data-status="needs_authentication"');
    expect(html).toContain('Continue to your bank');
  });

  test('a link without payment_intent is a 400 page, an unknown payment a 404 page', async () => {
    expect((await returnTo(new URL(document.payments.returnUrl))).status).toBe(400);
    const unknown = await returnTo(new URL(`${document.payments.returnUrl}?payment_intent=pi_doesnotexist`));
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain('We could not find this payment');
  });
});

describe('other routes', () => {
  test('GET /healthz answers once the config is readable', async () => {
    const response = await fetch(`${shop.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', environment: 'production', runtimeVersion: TOOL_VERSION });
  });

  test.each([['GET', '/checkout/returned'], ['GET', '/'], ['POST', '/checkout/return'], ['GET', '/checkout/pay']])('%s %s is a 404', async (method, pathname) => {
    expect((await fetch(`${shop.url}${pathname}`, { method })).status).toBe(404);
  });

  test('settings that cannot be read make the shop answer 503 naming why, and it keeps running', async () => {
    const accessDenied = Object.assign(new Error('User is not authorized to perform secretsmanager:GetSecretValue'), { name: 'AccessDeniedException' });
    const broken = await startShop({ config: { get: async () => Promise.reject(accessDenied) }, keys: async () => ({ secretKey: SECRET_KEY }) });
    try {
      const health = await fetch(`${broken.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ error: { message: "the shop's payment settings are unavailable (AccessDeniedException); try again in a moment." } });
      const returning = await fetch(`${broken.url}/checkout/return?payment_intent=pi_1`);
      expect([returning.status, await returning.text()]).toEqual([503, expect.stringContaining('Payments are unavailable')]);
    } finally {
      await broken.close();
    }
  });
});

describe('the runtime it runs: the installed package, as a team has it', () => {
  const SHOP_DIR = path.join(ROOT, 'examples', 'shop');

  test('every stripe-config import of the shop names the package (stripe-config/runtime), none reaches for runtime/ source', () => {
    const imports = readdirSync(SHOP_DIR)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => ts.preProcessFile(readFileSync(path.join(SHOP_DIR, file), 'utf8'), true, true).importedFiles.map(({ fileName }) => ({ file, fileName })));
    const outside = imports.filter(({ fileName }) => fileName.startsWith('.') && path.relative(SHOP_DIR, path.resolve(SHOP_DIR, fileName)).startsWith('..'));
    expect(outside).toEqual([]);
    expect(imports.filter(({ fileName }) => fileName.startsWith('stripe-config')).map(({ fileName }) => fileName)).toEqual(
      expect.arrayContaining(['stripe-config/runtime', 'stripe-config/package.json']),
    );
  });

  test("the shop's stripe-config/runtime resolves to the packed runtime installed in examples/shop/node_modules", () => {
    // Node resolves it through examples/shop/node_modules, a link into the install made from the packed tarball.
    const resolved = exampleShopRuntimePath();
    expect(resolved).toBe(realpathSync(path.join(SHOP_DIR, 'node_modules', 'stripe-config', 'runtime', 'index.js')));
    expect(path.relative(path.join(ROOT, '.stripe-config', 'example-shop'), resolved)).toMatch(new RegExp(`^${TOOL_VERSION.replace(/\./g, '\\.')}\\+sha256\\.[0-9a-f]{12}/node_modules/stripe-config/runtime/index\\.js$`));
    expect(JSON.parse(readFileSync(path.join(SHOP_DIR, 'node_modules', 'stripe-config', 'package.json'), 'utf8'))).toMatchObject({ name: 'stripe-config', version: TOOL_VERSION });
  });
});

describe('as a program (npx tsx examples/shop/main.ts)', () => {
  let secrets: SecretsManagerEmulator;
  let program: ChildProcess | undefined;
  beforeAll(async () => (secrets = await startSecretsManagerEmulator()));
  afterAll(async () => {
    program?.kill('SIGTERM');
    await secrets?.close();
  });

  test('reads its config and key set from Secrets Manager and takes a payment', async () => {
    const client = new SecretsManagerClient({ region: 'eu-west-1', endpoint: secrets.url, credentials: { accessKeyId: 'AKIDEXAMPLESHOP', secretAccessKey: 'example' } });
    await client.send(new CreateSecretCommand({ Name: document.stripe.keySetSecretId, SecretString: JSON.stringify({ secretKey: SECRET_KEY }) }));
    await client.send(new CreateSecretCommand({ Name: 'stripe-config/production/config', SecretString: JSON.stringify(document) }));
    client.destroy();

    const root = path.resolve(__dirname, '..', '..', '..');
    program = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['examples/shop/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        STRIPE_CONFIG_SECRET_ID: 'stripe-config/production/config',
        AWS_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLESHOP',
        AWS_SECRET_ACCESS_KEY: 'example',
        STRIPE_API_URL: stripe.url,
        SHOP_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      program!.stdout!.on('data', (chunk) => {
        output += chunk;
        const found = /example shop on (http:\/\/\S+)/.exec(output);
        if (found) resolve(found[1]);
      });
      program!.stderr!.on('data', (chunk) => (output += chunk));
      program!.once('exit', (code) => reject(new Error(`the shop exited (${code}): ${output}`)));
    });
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok', environment: 'production', runtimeVersion: TOOL_VERSION });
    const response = await fetch(`${url}/checkout/pay`, { method: 'POST', body: JSON.stringify({ amount: 4200, paymentMethodId: await cardTyped('4242424242424242') }) });
    expect(await response.json()).toMatchObject({ status: 'paid' });
  }, 30_000);
});
