/**
 * What an API key is (docs.stripe.com/keys): `<type>_<mode>_<secret>`, the type saying what it may do
 * and the mode which data it reaches. Both are tables, so a mode or type the stand-in learns later is
 * a row, not a new branch. Key material is only ever compared, never logged or echoed beyond its last 4.
 */

export type KeyType = 'secret' | 'publishable' | 'restricted';
export type KeyMode = 'test' | 'live';

/** Key prefix → type. */
const KEY_TYPES: Readonly<Record<string, KeyType>> = { sk: 'secret', pk: 'publishable', rk: 'restricted' };

/** Which modes the stand-in serves: test mode only, so live keys get a refusal that says so. */
export const SERVED_MODES: Readonly<Record<KeyMode, boolean>> = { test: true, live: false };

/** The characters Stripe's keys are made of after `<type>_<mode>_`. */
const KEY_BODY = /^[A-Za-z0-9_]+$/;

export interface ParsedKey {
  type: KeyType;
  mode: KeyMode;
  /** The rest is made of the characters real keys have (a configured or accepted key must be). */
  wellFormed: boolean;
}

/** `sk_test_…` → secret, test; undefined when the prefix names no known type and mode. */
export function parseApiKey(key: string): ParsedKey | undefined {
  const [prefix = '', mode = '', ...rest] = key.split('_');
  const type = Object.prototype.hasOwnProperty.call(KEY_TYPES, prefix) ? KEY_TYPES[prefix] : undefined;
  if (type === undefined || (mode !== 'test' && mode !== 'live') || rest.length === 0) return undefined;
  return { type, mode, wellFormed: KEY_BODY.test(rest.join('_')) };
}

/** The prefix a key of this type and mode starts with, e.g. `sk_test_`. */
export function keyPrefix(type: KeyType, mode: KeyMode): string {
  const prefix = Object.keys(KEY_TYPES).find((candidate) => KEY_TYPES[candidate] === type)!;
  return `${prefix}_${mode}_`;
}

/** `sk_test_************wxyz`: Stripe's own redaction, keeping only the last 4. */
export function redactKey(key: string): string {
  const prefix = /^[a-z]{2}_(test|live)_/.exec(key)?.[0] ?? '';
  const tail = key.length - prefix.length > 8 ? key.slice(-4) : '';
  return `${prefix}${'*'.repeat(12)}${tail}`;
}
