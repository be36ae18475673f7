/**
 * Shared by the suites that drive the stand-in through stripe-node: a stand-in with one account,
 * stripe-node clients pointed at it, the error a call fails with, and the customer's side of a 3DS
 * challenge (a form POST to the hosted page, as the browser does; test/slow/emulators/stripe/hosted-pages.test.ts does the same
 * in Chromium).
 */
import Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';

export const ACCOUNT = {
  id: 'acct_1Conformance00000',
  secretKeys: ['sk_test_conformance1'],
  publishableKeys: ['pk_test_conformance1'],
};
export const RETURN_URL = 'https://shop.test/checkout/return';

export interface StandIn {
  emulator: StripeEmulator;
  /** Secret-key client at `apiVersion` (default: stripe-node's pinned version). */
  secret(apiVersion?: string): Stripe;
  /** Publishable-key client, as Stripe.js would use. */
  publishable(): Stripe;
}

/** A stripe-node client for `emulator` over loopback http, without retries unless `config` asks for them. */
export function stripeClient(emulator: StripeEmulator, key: string, config: Stripe.StripeConfig = {}): Stripe {
  return new Stripe(key, { host: emulator.host, port: emulator.port, protocol: 'http', maxNetworkRetries: 0, ...config });
}

export async function startStandIn(accounts = [ACCOUNT]): Promise<StandIn> {
  const emulator = await startStripeEmulator({ accounts });
  const client = (key: string, apiVersion?: string): Stripe =>
    stripeClient(emulator, key, apiVersion === undefined ? {} : { apiVersion: apiVersion as Stripe.LatestApiVersion });
  return {
    emulator,
    secret: (apiVersion) => client(accounts[0]!.secretKeys[0]!, apiVersion),
    publishable: () => client(accounts[0]!.publishableKeys[0]!),
  };
}

/** One stand-in for the whole file: started before its tests (and handed to `use`), closed after them. */
export function standInForFile(use: (standIn: StandIn) => void, accounts = [ACCOUNT]): void {
  let started: StandIn | undefined;
  beforeAll(async () => {
    started = await startStandIn(accounts);
    use(started);
  });
  afterAll(async () => {
    await started?.emulator.close();
  });
}

export type StripeErrorInstance = InstanceType<typeof Stripe.errors.StripeError>;

export async function stripeError(promise: Promise<unknown>): Promise<StripeErrorInstance> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Whatever the call fails with (a network failure too), as stripe-node's error type. */
export async function rejection(promise: Promise<unknown>): Promise<StripeErrorInstance> {
  try {
    await promise;
  } catch (error) {
    return error as StripeErrorInstance;
  }
  throw new Error('expected the call to fail');
}

/** The hosted page of an intent's next_action, whichever kind it is. */
export function authenticationUrl(nextAction: Stripe.PaymentIntent.NextAction | Stripe.SetupIntent.NextAction | null): string {
  if (nextAction?.type === 'redirect_to_url') return nextAction.redirect_to_url!.url!;
  if (nextAction?.type === 'use_stripe_sdk') return (nextAction.use_stripe_sdk as { stripe_js: string }).stripe_js;
  throw new Error(`no authentication next_action: ${JSON.stringify(nextAction)}`);
}

/** Presses "Complete authentication" or "Fail authentication" without a browser; returns where it redirects. */
export async function answerChallenge(
  nextAction: Stripe.PaymentIntent.NextAction | Stripe.SetupIntent.NextAction | null,
  outcome: 'complete' | 'fail',
): Promise<string | null> {
  const url = new URL(authenticationUrl(nextAction));
  const form = new URLSearchParams({ client_secret: url.searchParams.get('client_secret') ?? '', outcome });
  const response = await fetch(`${url.origin}${url.pathname}`, { method: 'POST', body: form, redirect: 'manual' });
  if (response.status !== 303 && response.status !== 200) throw new Error(`hosted page answered ${response.status}`);
  await response.arrayBuffer();
  return response.headers.get('location');
}
