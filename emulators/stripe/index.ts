/**
 * Stripe stand-in: the folder's only public surface.
 *
 * A real HTTP server with real state that stripe-node talks to unmodified
 * (`new Stripe(sk, { host: '127.0.0.1', port, protocol: 'http', apiVersion })`): PaymentMethods,
 * PaymentIntents with the 3DS test-card table, hosted 3DS challenge pages, Stripe's errors, API
 * versions and currencies, restricted keys, webhook endpoints and events. Loopback only. Test mode
 * behaves as Stripe's test mode; an account's live keys (`StripeAccountSpec.live`) reach its live
 * mode, where reads work, test cards are refused as Stripe refuses them, and nothing is ever charged.
 *
 * Control for tests lives on the returned object, apart from the emulated API: `reset()`,
 * `faults.add(...)`, `webhooks.idle()`.
 */
import type { FaultRule } from '../shared';
import type { StripeAccountSpec } from './accounts';
import type { IdMode } from './ids';
import { startServer } from './server';
import type { WebhookAttempt, WebhookDeliveryOptions } from './webhook-delivery';

export type { RestrictedAccess, RestrictedKeySpec, RestrictedPermissions, StripeAccountSpec, StripeLiveModeSpec } from './accounts';
export type { FaultRule } from '../shared';
export type { WebhookAttempt, WebhookDeliveryOptions } from './webhook-delivery';
export type { WebhookEndpointSpec } from './webhook-endpoints';
export { signatureHeader } from './webhook-delivery';
export { KNOWN_API_VERSIONS } from './api-versions';

export interface StripeEmulatorOptions {
  /** Interface to listen on. Default: '127.0.0.1'. */
  host?: string;
  /** Port to listen on. Default: 0, a random free port. */
  port?: number;
  /**
   * Accounts and their keys, test and live (`live: { secretKeys: ['sk_live_…'], publishableKeys: ['pk_live_…'] }`).
   * Default: any well-formed sk_test_/pk_test_ key is accepted as one account (like stripe-mock); live keys need an account.
   */
  accounts?: StripeAccountSpec[];
  /** 'sequential' gives `pi_000000000000000000000001`-style ids per instance, restarting on reset. Default: 'random'. */
  ids?: IdMode;
  /** Webhook delivery timeouts and retries. Default: 5 s per attempt, 3 attempts, 500 ms first backoff. */
  webhooks?: WebhookDeliveryOptions;
}

export interface StripeEmulator {
  /** 'http://127.0.0.1:PORT' */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /**
   * Fault injection per request, matched on `METHOD /path` (e.g. `POST /v1/payment_intents`, or a
   * RegExp): latency, an error status (429 → rate limit with `Stripe-Should-Retry: true`, 5xx →
   * `api_error`), or a dropped connection. `add` returns a remover; `clear` removes all.
   */
  readonly faults: { add(rule: FaultRule): () => void; clear(): void };
  /** Webhook delivery: `idle()` resolves when nothing is queued, in flight or waiting to retry; `attempts()` lists attempts. */
  readonly webhooks: { idle(): Promise<void>; attempts(): readonly WebhookAttempt[] };
  /** Stops listening, cancels deliveries and fault delays, and closes keep-alive sockets promptly. */
  close(): Promise<void>;
  /**
   * Drops all objects (PaymentMethods, PaymentIntents, charges, Customers, SetupIntents, events,
   * webhook endpoints made through the API), idempotency keys, pending deliveries and fault rules;
   * restarts sequential ids. Accounts, keys and the webhook endpoints of `accounts` stay (re-created).
   */
  reset(): void;
}

export function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  return startServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    accounts: options.accounts,
    ...(options.ids === undefined ? {} : { ids: options.ids }),
    ...(options.webhooks === undefined ? {} : { webhooks: options.webhooks }),
  });
}
