/**
 * The hosted 3DS challenge page of the Stripe stand-in, driven in headless Chromium like a customer:
 * open `next_action.redirect_to_url.url`, press a button found by role and name, land on the shop's
 * return_url with Stripe's query parameters (facts: `next_action`, failing the challenge).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import Stripe from 'stripe';
import { findChromium } from '../../../../checks';
import { startStripeEmulator, type StripeEmulator } from '../../../../emulators/stripe';

const SECRET_KEY = 'sk_test_challengePage1';

interface Shop {
  returnUrl: string;
  close(): Promise<void>;
}

/** The shop's return page: a loopback server that answers every request with a small page. */
async function startShop(): Promise<Shop> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>Order status</title><p>Back at the shop</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    returnUrl: `http://127.0.0.1:${port}/checkout/complete?order=42`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

let emulator: StripeEmulator;
let shop: Shop;
let stripe: Stripe;

beforeEach(async () => {
  emulator = await startStripeEmulator();
  shop = await startShop();
  stripe = new Stripe(SECRET_KEY, { host: '127.0.0.1', port: emulator.port, protocol: 'http', maxNetworkRetries: 0 });
});

afterEach(async () => {
  await Promise.all([emulator.close(), shop.close()]);
});

async function pendingChallenge(paymentMethod: string): Promise<Stripe.PaymentIntent> {
  const intent = await stripe.paymentIntents.create({
    amount: 2000,
    currency: 'eur',
    payment_method: paymentMethod,
    confirm: true,
    return_url: shop.returnUrl,
  });
  expect(intent.status).toBe('requires_action');
  return intent;
}

/** Opens the challenge, presses `button`, and returns where the browser landed. */
async function answerChallenge(intent: Stripe.PaymentIntent, button: 'Complete authentication' | 'Fail authentication'): Promise<URL> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(intent.next_action!.redirect_to_url!.url!);
    await expect(page.title()).resolves.toMatch(/3D Secure/);
    await Promise.all([page.waitForURL((url) => url.href.startsWith(shop.returnUrl.split('?')[0]!)), page.getByRole('button', { name: button }).click()]);
    return new URL(page.url());
  } finally {
    await browser.close();
  }
}

test('Complete authentication redirects to return_url with redirect_status=succeeded and the payment succeeds', async () => {
  const intent = await pendingChallenge('pm_card_threeDSecure2Required');
  const landed = await answerChallenge(intent, 'Complete authentication');

  expect(landed.pathname).toBe('/checkout/complete');
  expect(landed.searchParams.get('order')).toBe('42');
  expect(landed.searchParams.get('payment_intent')).toBe(intent.id);
  expect(landed.searchParams.get('payment_intent_client_secret')).toBe(intent.client_secret);
  expect(landed.searchParams.get('redirect_status')).toBe('succeeded');
  expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
});

test('Fail authentication redirects with redirect_status=failed and leaves payment_intent_authentication_failure', async () => {
  const intent = await pendingChallenge('pm_card_threeDSecureRequired');
  const landed = await answerChallenge(intent, 'Fail authentication');

  expect(landed.searchParams.get('payment_intent')).toBe(intent.id);
  expect(landed.searchParams.get('redirect_status')).toBe('failed');
  const after = await stripe.paymentIntents.retrieve(intent.id);
  expect(after.status).toBe('requires_payment_method');
  expect(after.last_payment_error?.code).toBe('payment_intent_authentication_failure');
});

test('completing authentication on 4000008400001629 still ends declined card_declined', async () => {
  const intent = await pendingChallenge('pm_card_threeDSecureRequiredChargeDeclined');
  const landed = await answerChallenge(intent, 'Complete authentication');

  expect(landed.searchParams.get('redirect_status')).toBe('failed');
  const after = await stripe.paymentIntents.retrieve(intent.id);
  expect(after.status).toBe('requires_payment_method');
  expect(after.last_payment_error).toMatchObject({ type: 'card_error', code: 'card_declined' });
});
