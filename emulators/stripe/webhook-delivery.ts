/**
 * Webhook delivery: every recorded Event is POSTed to each enabled endpoint of the same account that
 * wants its type, signed as Stripe signs (docs.stripe.com/webhooks/signatures; facts: webhooks):
 * `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>`, so
 * `stripe.webhooks.constructEvent(body, header, secret)` verifies it.
 *
 * Asynchronous and contained: the API request that caused the event never waits for delivery, a slow
 * or dead endpoint costs at most `timeoutMs` per attempt, failures are retried a bounded number of
 * times with backoff, and nothing here can throw into the API. Endpoint URLs are loopback-only
 * (checked at create), and `localhost` is connected to as 127.0.0.1 so no name lookup can send the
 * request elsewhere. `pending_webhooks` on the stored Event counts endpoints not yet delivered to.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { Account } from './accounts';
import type { EventLog, StripeEvent } from './events';
import { wantsEvent, type WebhookEndpointRecord } from './webhook-endpoints';

export interface WebhookDeliveryOptions {
  /** Per attempt. Default: 5000 ms. */
  timeoutMs?: number;
  /** Attempts per event and endpoint, the first included. Default: 3. */
  attempts?: number;
  /** Wait before the first retry, doubled for each later one. Default: 500 ms. */
  retryDelayMs?: number;
  /** Deliveries in flight at once, over all endpoints. Default: 8. */
  maxInFlight?: number;
}

/** One attempt, as the control surface reports it. */
export interface WebhookAttempt {
  eventId: string;
  eventType: string;
  endpointId: string;
  attempt: number;
  /** HTTP status, or the network error's code/message. */
  outcome: number | string;
  delivered: boolean;
}

interface Delivery {
  account: Account;
  event: StripeEvent;
  endpointId: string;
  attempt: number;
}

const MAX_QUEUE = 10_000;
const MAX_ATTEMPT_LOG = 1000;

/** The signature header for `payload` at unix time `t` (exported for tests of verification). */
export function signatureHeader(payload: string, secret: string, t: number): string {
  const v1 = createHmac('sha256', secret).update(`${t}.${payload}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}

export class WebhookDispatcher {
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly maxInFlight: number;
  private readonly queue: Delivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly requests = new Set<http.ClientRequest>();
  private readonly log: WebhookAttempt[] = [];
  private idleWaiters: (() => void)[] = [];
  private inFlight = 0;
  private waiting = 0;
  /** Bumped by `cancelAll`: an attempt that was in flight then belongs to the past and leaves no trace. */
  private generation = 0;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(events: EventLog, options: WebhookDeliveryOptions, private readonly now: () => Date) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.attempts = options.attempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.maxInFlight = options.maxInFlight ?? 8;
    this.unsubscribe = events.subscribe((account, event) => this.onEvent(account, event));
  }

  /** Attempts so far, oldest first (the last 1000). */
  attemptLog(): readonly WebhookAttempt[] {
    return this.log;
  }

  /** Resolves once nothing is queued, in flight or waiting to retry. */
  idle(): Promise<void> {
    if (this.busy() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops queued deliveries and retries and aborts those in flight (reset keeps the dispatcher). */
  cancelAll(): void {
    this.generation += 1;
    this.queue.length = 0;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiting = 0;
    for (const request of this.requests) request.destroy();
    this.log.length = 0;
    this.settleIfIdle();
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    this.cancelAll();
  }

  private busy(): number {
    return this.queue.length + this.inFlight + this.waiting;
  }

  private settleIfIdle(): void {
    if (this.busy() !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Called synchronously inside `EventLog.record`: must be cheap and must not throw. */
  private onEvent(account: Account, event: StripeEvent): void {
    if (this.closed) return;
    try {
      const targets = [...account.objects.webhookEndpoints.values()].filter((r) => wantsEvent(r.endpoint, event.type));
      event.pending_webhooks = targets.length;
      for (const target of targets) {
        if (this.queue.length >= MAX_QUEUE) break;
        this.queue.push({ account, event, endpointId: target.endpoint.id, attempt: 1 });
      }
      // Never on the API request's own turn: the response goes out first.
      if (targets.length > 0) setImmediate(() => this.pump());
    } catch {
      // Delivery is best effort; the API answer must not depend on it.
    }
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const delivery = this.queue.shift()!;
      this.inFlight += 1;
      this.attempt(delivery)
        .catch(() => undefined)
        .finally(() => {
          this.inFlight -= 1;
          this.pump();
          this.settleIfIdle();
        });
    }
  }

  private async attempt(delivery: Delivery): Promise<void> {
    // The endpoint may have been deleted, disabled or reset since the event was queued.
    const record: WebhookEndpointRecord | undefined = delivery.account.objects.webhookEndpoints.get(delivery.endpointId);
    if (record === undefined || record.endpoint.status !== 'enabled') return;
    const payload = JSON.stringify(delivery.event, null, 2);
    const t = Math.floor(this.now().getTime() / 1000);
    const generation = this.generation;
    const outcome = await this.post(record.endpoint.url, payload, signatureHeader(payload, record.secret, t));
    // Reset or closed meanwhile: after a reset the re-created endpoint may even have the same id.
    if (generation !== this.generation) return;
    const delivered = typeof outcome === 'number' && outcome >= 200 && outcome < 300;
    this.log.push({ eventId: delivery.event.id, eventType: delivery.event.type, endpointId: delivery.endpointId, attempt: delivery.attempt, outcome, delivered });
    if (this.log.length > MAX_ATTEMPT_LOG) this.log.shift();
    if (delivered) {
      delivery.event.pending_webhooks = Math.max(0, delivery.event.pending_webhooks - 1);
      return;
    }
    if (delivery.attempt >= this.attempts) return;
    this.waiting += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.waiting -= 1;
      this.queue.push({ ...delivery, attempt: delivery.attempt + 1 });
      this.pump();
    }, this.retryDelayMs * 2 ** (delivery.attempt - 1));
    timer.unref();
    this.timers.add(timer);
  }

  /** One POST; resolves with the status or a short error description, never rejects. */
  private post(target: string, payload: string, signature: string): Promise<number | string> {
    const url = new URL(target);
    return new Promise((resolve) => {
      const request = http.request(
        {
          // Loopback only (webhook-endpoints.ts); `localhost` is pinned to 127.0.0.1 rather than resolved.
          host: url.hostname === 'localhost' ? '127.0.0.1' : url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port === '' ? 80 : Number(url.port),
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          agent: false,
          headers: {
            Host: url.host,
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': Buffer.byteLength(payload),
            'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            'Stripe-Signature': signature,
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode ?? 0));
          response.on('error', () => resolve('response error'));
        },
      );
      this.requests.add(request);
      request.on('close', () => this.requests.delete(request));
      request.setTimeout(this.timeoutMs, () => request.destroy(new Error(`timed out after ${this.timeoutMs} ms`)));
      request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      request.end(payload);
    });
  }
}
