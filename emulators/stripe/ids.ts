/**
 * Stripe-shaped identifiers: a type prefix and an opaque base62 tail (`pi_…`, `pm_…`, `ch_…`).
 *
 * Random by default. An emulator started with `ids: 'sequential'` runs each request inside its own
 * `IdSource` (AsyncLocalStorage), so `newId('pi')` gives `pi_000000000000000000000001`, `…2`, … per
 * emulator instance, even with two instances in one process, without call sites passing anything.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Stripe's ids carry 24 characters after the prefix (e.g. `pi_3MtwBwLkdIwHu7ix28a3tqPa`). */
const ID_TAIL_LENGTH = 24;

export type IdMode = 'random' | 'sequential';

function randomTail(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 248 = 4 × 62: rejecting bytes ≥ 248 keeps every character equally likely.
  for (let i = 0; out.length < length; i += 1) {
    if (i >= bytes.length) return out + randomTail(length - out.length);
    const b = bytes[i]!;
    if (b < 248) out += BASE62[b % 62];
  }
  return out;
}

function base62(n: number, length: number): string {
  let out = '';
  for (let rest = n; rest > 0; rest = Math.floor(rest / 62)) out = BASE62[rest % 62] + out;
  return out.padStart(length, '0').slice(-length);
}

/** Where one emulator's ids come from; sequential counters are kept per prefix (or per kind of token). */
export class IdSource {
  private readonly counters = new Map<string, number>();

  constructor(readonly mode: IdMode) {}

  /** A token of `length` base62 characters; `kind` separates the sequences (`pi`, `secret`, `req`, …). */
  token(kind: string, length: number): string {
    if (this.mode === 'random') return randomTail(length);
    const next = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, next);
    return base62(next, length);
  }

  /** Sequences start again at 1 (the emulator's reset). */
  reset(): void {
    this.counters.clear();
  }
}

const RANDOM = new IdSource('random');
const current = new AsyncLocalStorage<IdSource>();

/** Runs `work` (and everything it awaits or schedules) with ids from `source`. */
export function withIdSource<T>(source: IdSource, work: () => T): T {
  return current.run(source, work);
}

function source(): IdSource {
  return current.getStore() ?? RANDOM;
}

export function randomBase62(length: number, kind = 'token'): string {
  return source().token(kind, length);
}

export function newId(prefix: string): string {
  return `${prefix}_${source().token(prefix, ID_TAIL_LENGTH)}`;
}

/** `pi_…_secret_…`: Stripe's client secrets embed the intent id. */
export function newClientSecret(intentId: string): string {
  return `${intentId}_secret_${source().token('client_secret', 25)}`;
}
