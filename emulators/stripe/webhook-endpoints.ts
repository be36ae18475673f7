/**
 * Webhook endpoints as objects (docs.stripe.com/api/webhook_endpoints): a URL, the event types it
 * wants (`*` for all), and a signing secret `whsec_…` that Stripe shows only in the create response.
 *
 * The stand-in delivers to loopback URLs only: every other URL is refused when the endpoint is
 * created or updated, so nothing the emulator does ever leaves the machine.
 */
import { invalidRequest } from './errors';
import { newId, randomBase62 } from './ids';

/** A webhook endpoint given in the emulator's options (created at start and after each reset). */
export interface WebhookEndpointSpec {
  /** A loopback URL, e.g. `http://127.0.0.1:4242/webhooks`. */
  url: string;
  /** Event types, or `['*']` for all. */
  enabledEvents: string[];
  /** The signing secret. Default: a fresh `whsec_…`. */
  secret?: string;
  description?: string;
}

/** The object as stripe-node's `Stripe.WebhookEndpoint` declares it (without `secret`). */
export interface WebhookEndpoint {
  id: string;
  object: 'webhook_endpoint';
  api_version: string | null;
  application: null;
  created: number;
  description: string | null;
  enabled_events: string[];
  livemode: boolean;
  metadata: Record<string, string>;
  status: 'enabled' | 'disabled';
  url: string;
}

export interface WebhookEndpointRecord {
  endpoint: WebhookEndpoint;
  secret: string;
}

const EVENT_TYPE = /^[a-z_]+(\.[a-z_]+)+$/;
const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

/** `http://127.0.0.1:PORT/…`, `http://[::1]:PORT/…` or `http://localhost:PORT/…`; anything else is a 400 naming `param`. */
export function loopbackUrl(value: string, param = 'url'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidRequest('Invalid URL: must be an absolute URL such as http://127.0.0.1:4242/webhooks', { code: 'url_invalid', param });
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127(\.\d{1,3}){3}$/.test(url.hostname);
  if (url.protocol !== 'http:' || !loopback || url.username !== '' || url.password !== '') {
    throw invalidRequest(
      `Invalid URL: ${value.slice(0, 100)}. This Stripe stand-in delivers webhooks to loopback http URLs only (127.0.0.1, [::1] or localhost): it never sends traffic off the machine.`,
      { code: 'url_invalid', param },
    );
  }
  return url.toString();
}

export function validEnabledEvents(values: readonly string[], param = 'enabled_events'): string[] {
  if (values.length === 0) throw invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
  values.forEach((value, i) => {
    if (value !== '*' && !EVENT_TYPE.test(value)) {
      throw invalidRequest(`Invalid ${param}[${i}]: '${value.slice(0, 60)}' is not an event type (e.g. payment_intent.succeeded) or '*'.`, {
        param: `${param}[${i}]`,
      });
    }
  });
  return [...values];
}

export interface NewEndpoint {
  url: string;
  enabledEvents: string[];
  created: number;
  /** The mode of the account it belongs to: its Events are that mode's. */
  livemode: boolean;
  secret?: string;
  description?: string;
  metadata?: Record<string, string>;
  apiVersion?: string;
}

export function createWebhookEndpoint(fields: NewEndpoint): WebhookEndpointRecord {
  return {
    secret: fields.secret ?? `whsec_${randomBase62(32, 'whsec')}`,
    endpoint: {
      id: newId('we'),
      object: 'webhook_endpoint',
      api_version: fields.apiVersion ?? null,
      application: null,
      created: fields.created,
      description: fields.description ?? null,
      enabled_events: validEnabledEvents(fields.enabledEvents),
      livemode: fields.livemode,
      metadata: fields.metadata ?? {},
      status: 'enabled',
      url: loopbackUrl(fields.url),
    },
  };
}

/** Whether an enabled endpoint wants events of this type. */
export function wantsEvent(endpoint: WebhookEndpoint, type: string): boolean {
  return endpoint.status === 'enabled' && (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type));
}
