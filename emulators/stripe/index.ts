/**
 * Stripe test-mode stand-in: the folder's only public surface.
 *
 * A real HTTP server with real state that stripe-node talks to unmodified
 * (`new Stripe(sk, { host: '127.0.0.1', port, protocol: 'http', apiVersion })`): PaymentMethods,
 * PaymentIntents with the 3DS test-card table, hosted 3DS challenge pages, Stripe's errors and API
 * versions. Loopback, test keys only.
 */
import type { StripeAccountSpec } from './accounts';
import { startServer } from './server';

export type { StripeAccountSpec } from './accounts';
export { KNOWN_API_VERSIONS } from './api-versions';

export interface StripeEmulatorOptions {
  /** Interface to listen on. Default: '127.0.0.1'. */
  host?: string;
  /** Port to listen on. Default: 0, a random free port. */
  port?: number;
  /** Accounts and their keys. Default: any well-formed sk_test_/pk_test_ key is accepted as one account (like stripe-mock). */
  accounts?: StripeAccountSpec[];
}

export interface StripeEmulator {
  /** 'http://127.0.0.1:PORT' */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops listening and closes keep-alive sockets promptly. */
  close(): Promise<void>;
  /** Drops all objects (PaymentMethods, PaymentIntents, charges, idempotency keys); accounts stay. */
  reset(): void;
}

export function startStripeEmulator(options: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  return startServer({
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    accounts: options.accounts,
  });
}
