/**
 * The checkout backend, wired exactly as docs/ARCHITECTURE.md ("Using the runtime in the checkout
 * backend") tells a team to: the current runtime document from a config source, the key set it
 * names, a Stripe client pinned to its API version, and `createCheckout`.
 */
import type Stripe from 'stripe';
import { createCheckout, createStripeClient, type Checkout, type KeySetMaterial, type RuntimeDocument, type StripeEndpoint } from 'stripe-config/runtime';
// The package exports its package.json so that a service can say which runtime it runs (GET /healthz).
import { version as installedRuntimeVersion } from 'stripe-config/package.json';

/** Where the shop reads its settings: `createConfigLoader` on Secrets Manager fits, and so does a fixed document. */
export interface DocumentSource {
  get(): Promise<{ document: RuntimeDocument }>;
}

/** Reads a key set by its secret id (`document.stripe.keySetSecretId`): in production, `(id) => loadKeySet(secrets, id)`. */
export type KeySetSource = (keySetSecretId: string) => Promise<KeySetMaterial>;

export interface BackendOptions {
  config: DocumentSource;
  keys: KeySetSource;
  /** The Stripe stand-in on loopback; omit for api.stripe.com. */
  stripeEndpoint?: StripeEndpoint;
  /**
   * Another release of the runtime to run on (the gate's checks pass the one a checkout service
   * declares, to see the document as that service will); default the installed stripe-config/runtime.
   * A team never passes one.
   */
  runtime?: { version: string; createCheckout: typeof createCheckout; createStripeClient: typeof createStripeClient };
}

/** The checkout for the document that is current now: call it per request, it is cheap after the first. */
export type CheckoutForRequest = () => Promise<{ document: RuntimeDocument; checkout: Checkout; runtimeVersion: string }>;

export function checkoutBackend(options: BackendOptions): CheckoutForRequest {
  // Key sets are immutable (a rotation adds a new one and the document names it), so a key set read
  // once stays right for as long as a document names it: one read per key-set id, never a TTL.
  const runtime = options.runtime ?? { version: installedRuntimeVersion, createCheckout, createStripeClient };
  const clients = new Map<string, Promise<Stripe>>();
  const clientFor = (document: RuntimeDocument): Promise<Stripe> => {
    const { keySetSecretId, apiVersion } = document.stripe;
    const cacheKey = `${keySetSecretId} ${apiVersion}`;
    let client = clients.get(cacheKey);
    if (!client) {
      client = options.keys(keySetSecretId).then((keys) => runtime.createStripeClient({ secretKey: keys.secretKey, apiVersion, endpoint: options.stripeEndpoint }));
      // A failed read is not cached: the next request tries again.
      client.catch(() => clients.delete(cacheKey));
      clients.set(cacheKey, client);
    }
    return client;
  };

  return async () => {
    let document: RuntimeDocument;
    let stripe: Stripe;
    try {
      ({ document } = await options.config.get());
      stripe = await clientFor(document);
    } catch (error) {
      throw new SettingsUnavailable(error);
    }
    return { document, checkout: runtime.createCheckout({ document, stripe }), runtimeVersion: runtime.version };
  };
}

/** The config document or its key set could not be read (or is invalid): the shop cannot take payments now. */
export class SettingsUnavailable extends Error {
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? ((cause as { code?: string }).code ?? cause.name) : 'unknown';
    super(`the shop's payment settings are unavailable (${reason})`, { cause });
    this.name = 'SettingsUnavailable';
  }
}
