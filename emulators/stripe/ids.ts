/** Stripe-shaped identifiers: a type prefix and an opaque base62 tail (`pi_…`, `pm_…`, `ch_…`). */
import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 248 = 4 × 62: rejecting bytes ≥ 248 keeps every character equally likely.
  for (let i = 0; out.length < length; i += 1) {
    if (i >= bytes.length) return out + randomBase62(length - out.length);
    const b = bytes[i]!;
    if (b < 248) out += BASE62[b % 62];
  }
  return out;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(24)}`;
}

/** `pi_…_secret_…`: Stripe's client secrets embed the intent id. */
export function newClientSecret(intentId: string): string {
  return `${intentId}_secret_${randomBase62(25)}`;
}
