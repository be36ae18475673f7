import Stripe from 'stripe';

/** Where stripe-node sends requests: real Stripe by default, or a stand-in on loopback. */
export interface StripeEndpoint {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

export interface StripeClientOptions {
  secretKey: string;
  /** The document's pinned API version; sent as Stripe-Version on every request. */
  apiVersion: string;
  /** Omit for api.stripe.com. */
  endpoint?: StripeEndpoint;
  /** stripe-node retries 409/429/5xx and network errors with backoff; default 2. */
  maxNetworkRetries?: number;
  /** Per-request timeout in ms; default 20 s. */
  timeoutMs?: number;
}

/** The one way the runtime and the checks build a Stripe client, so both talk to Stripe the same way. */
export function createStripeClient(options: StripeClientOptions): Stripe {
  return new Stripe(options.secretKey, {
    // The document pins the version; stripe-node's types follow its own default, so cast once here.
    apiVersion: options.apiVersion as Stripe.LatestApiVersion,
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    telemetry: false,
    appInfo: { name: 'stripe-config' },
    ...(options.endpoint ?? {}),
  });
}
