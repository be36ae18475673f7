/**
 * Both hosted authentication page kinds — `redirect_to_url` (the browser is sent to the page and back
 * to the shop) and `use_stripe_sdk` (Stripe.js opens `stripe_js`; no return redirect) — for
 * PaymentIntents and SetupIntents, completed and failed by a click in headless Chromium, found by
 * role and accessible name (facts: next_action; automating the challenge). One browser per file.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import type Stripe from 'stripe';
import { findChromium } from '../../../../checks';
import { COMPLETE_BUTTON, FAIL_BUTTON } from '../../../../emulators/stripe/pages';
import { authenticationUrl, startStandIn, type StandIn } from '../../../helpers/stripe-stand-in';

let browser: Browser;
let standIn: StandIn;
let stripe: Stripe;
let shop: http.Server;
let shopUrl: string;

beforeAll(async () => {
  [browser, standIn] = await Promise.all([
    chromium.launch({
      executablePath: findChromium(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }),
    startStandIn(),
  ]);
  stripe = standIn.secret();
  shop = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>Order status</title><p>Back at the shop</p>');
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/checkout/complete?order=42`;
});

afterAll(async () => {
  await Promise.all([
    browser?.close(),
    standIn?.emulator.close(),
    new Promise<void>((resolve) => {
      shop.close(() => resolve());
      shop.closeAllConnections();
    }),
  ]);
});

type Button = typeof COMPLETE_BUTTON | typeof FAIL_BUTTON;
type Kind = 'redirect_to_url' | 'use_stripe_sdk';

/** How each kind is asked for: a return_url, or Stripe.js-style with redirects off. */
function confirmation(kind: Kind): { return_url?: string; automatic_payment_methods?: { enabled: true; allow_redirects: 'never' } } {
  return kind === 'redirect_to_url' ? { return_url: shopUrl } : { automatic_payment_methods: { enabled: true, allow_redirects: 'never' } };
}

/** Opens the page, presses the button; returns the shop URL landed on, or null after the closing page. */
async function press(nextAction: Stripe.PaymentIntent.NextAction | Stripe.SetupIntent.NextAction | null, kind: Kind, button: Button): Promise<URL | null> {
  expect(nextAction?.type).toBe(kind);
  const page: Page = await browser.newPage();
  try {
    await page.goto(authenticationUrl(nextAction));
    await expect(page.title()).resolves.toMatch(/3D Secure/);
    const click = page.getByRole('button', { name: button }).click();
    if (kind === 'redirect_to_url') {
      await Promise.all([page.waitForURL((url) => url.href.startsWith(shopUrl.split('?')[0]!)), click]);
      return new URL(page.url());
    }
    await click;
    await page.getByRole('heading', { name: 'Authentication finished' }).waitFor();
    return null;
  } finally {
    await page.close();
  }
}

/** The shop page the customer landed on carries Stripe's three parameters for the intent (facts: `next_action`). */
function expectReturnParameters(landed: URL | null, kind: 'payment_intent' | 'setup_intent', intent: { id: string; client_secret: string | null }, completed: boolean): void {
  if (landed === null) return;
  expect(landed.searchParams.get(kind)).toBe(intent.id);
  expect(landed.searchParams.get(`${kind}_client_secret`)).toBe(intent.client_secret);
  expect(landed.searchParams.get('redirect_status')).toBe(completed ? 'succeeded' : 'failed');
}

const CASES = (['redirect_to_url', 'use_stripe_sdk'] as const).flatMap((kind) =>
  ([COMPLETE_BUTTON, FAIL_BUTTON] as const).map((button) => [kind, button] as const),
);

describe('PaymentIntent', () => {
  test.each(CASES)('%s: "%s" in Chromium', async (kind, button) => {
    const intent = await stripe.paymentIntents.create({
      amount: 2000, currency: 'eur', payment_method: 'pm_card_threeDSecure2Required', confirm: true, ...confirmation(kind),
    });
    const landed = await press(intent.next_action, kind, button);
    const completed = button === COMPLETE_BUTTON;
    if (landed !== null) expect(landed.searchParams.get('order')).toBe('42');
    expectReturnParameters(landed, 'payment_intent', intent, completed);
    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after.status).toBe(completed ? 'succeeded' : 'requires_payment_method');
    if (!completed) expect(after.last_payment_error?.code).toBe('payment_intent_authentication_failure');
  });
});

describe('SetupIntent', () => {
  test.each(CASES)('%s: "%s" in Chromium', async (kind, button) => {
    const customer = await stripe.customers.create();
    const intent = await stripe.setupIntents.create({
      customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true, ...confirmation(kind),
    });
    const landed = await press(intent.next_action, kind, button);
    const completed = button === COMPLETE_BUTTON;
    expectReturnParameters(landed, 'setup_intent', intent, completed);
    const after = await stripe.setupIntents.retrieve(intent.id);
    expect(after.status).toBe(completed ? 'succeeded' : 'requires_payment_method');
    if (!completed) expect(after.last_setup_error?.code).toBe('setup_intent_authentication_failure');
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toHaveLength(completed ? 1 : 0);
  });
});
