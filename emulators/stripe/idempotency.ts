/**
 * Idempotent POSTs (docs.stripe.com/api/idempotent_requests): the same `Idempotency-Key` with the same
 * parameters replays the first response with `Idempotent-Replayed: true`; the same key with other
 * parameters or on another endpoint is a 400 `idempotency_error`. Keys are scoped to an account and
 * kept 24 hours. Only requests that ran are saved (2xx and declines), as Stripe saves no result for
 * requests that failed validation.
 */
import { idempotencyError } from './errors';
import type { Reply } from './replies';

const RETENTION_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;
/** stripe-node puts a key on every POST when retries are on; the oldest go first beyond this. */
const MAX_ENTRIES = 10_000;

export interface SavedResponse {
  status: number;
  body: string;
}

interface Entry {
  endpoint: string;
  fingerprint: string;
  response: SavedResponse;
  savedAt: number;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** The saved response to replay, `undefined` to run the request, or a 400 when the key is misused. */
  lookup(accountId: string, key: string, endpoint: string, fingerprint: string, now: number): SavedResponse | undefined {
    if (key.length > MAX_KEY_LENGTH) {
      throw idempotencyError(`Idempotency keys can be no longer than ${MAX_KEY_LENGTH} characters.`);
    }
    const entry = this.entries.get(`${accountId}\u0000${key}`);
    if (entry === undefined || now - entry.savedAt > RETENTION_MS) return undefined;
    if (entry.endpoint !== endpoint) {
      throw idempotencyError(
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.endpoint}' vs '${endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    if (entry.fingerprint !== fingerprint) {
      throw idempotencyError(
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    return entry.response;
  }

  save(accountId: string, key: string, endpoint: string, fingerprint: string, response: SavedResponse, now: number): void {
    if (response.status >= 300 && response.status !== 402) return;
    this.entries.set(`${accountId}\u0000${key}`, { endpoint, fingerprint, response, savedAt: now });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A stable fingerprint of decoded parameters: key order does not matter, values do. */
export function fingerprintOf(params: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value as Record<string, unknown>)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return JSON.stringify(canonical(params));
}

/** One request as idempotency sees it. `key` is undefined when the request carries none (or is not a POST). */
export interface IdempotentRequest {
  accountId: string;
  key: string | undefined;
  /** `POST /v1/payment_intents` */
  endpoint: string;
  /** Of the decoded parameters (`fingerprintOf`). */
  fingerprint: string;
  /** Epoch milliseconds. */
  at: number;
  apiVersion: string;
}

/**
 * The idempotency stage: the saved answer of an earlier request with the same key, replayed with
 * `Idempotent-Replayed: true`; else `run`'s answer, saved under the key. Misusing a key throws.
 */
export function idempotently(store: IdempotencyStore, request: IdempotentRequest, run: () => Reply): Reply {
  const { key } = request;
  if (key === undefined) return run();
  const saved = store.lookup(request.accountId, key, request.endpoint, request.fingerprint, request.at);
  if (saved !== undefined) {
    return {
      status: saved.status,
      headers: { 'Content-Type': 'application/json', 'Stripe-Version': request.apiVersion, 'Idempotency-Key': key, 'Idempotent-Replayed': 'true' },
      body: saved.body,
    };
  }
  const reply = run();
  store.save(request.accountId, key, request.endpoint, request.fingerprint, { status: reply.status, body: reply.body }, request.at);
  reply.headers['Idempotency-Key'] = key;
  return reply;
}
