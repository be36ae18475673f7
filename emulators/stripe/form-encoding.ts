/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracket notation.
 * `card[number]=4242…` is a hash, `expand[]=a` and `expand[0]=a` are arrays (stripe-node sends
 * indexed arrays, Stripe.js and curl users often send `[]`), `metadata[k]=v` a hash of strings.
 */
import { invalidRequest } from './errors';

export type FormValue = string | FormValue[] | FormHash;
export interface FormHash {
  [key: string]: FormValue;
}

/** Limits that keep a hostile body from costing more than a normal one. */
const MAX_PAIRS = 2000;
const MAX_DEPTH = 8;
/** Keys that would reach Object.prototype if used as property names. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

interface Container {
  entries: Map<string, Container | string>;
  /** Every key came from `[]` or a decimal index, so this becomes an array. */
  listLike: boolean;
}

function newContainer(): Container {
  return { entries: new Map(), listLike: true };
}

/** Splits `a[b][]` into `['a', 'b', '']`; a key that isn't bracket-shaped stays one segment. */
function keySegments(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (match === null) return [key];
  const segments = [match[1]!];
  const rest = match[2] ?? '';
  for (const part of rest.matchAll(/\[([^[\]]*)\]/g)) segments.push(part[1] ?? '');
  return segments;
}

function displayPath(segments: string[]): string {
  return segments[0] + segments.slice(1).map((s) => `[${s}]`).join('');
}

function insert(root: Container, segments: string[], value: string): void {
  if (segments.length > MAX_DEPTH) {
    throw invalidRequest(`Parameter nesting too deep: ${displayPath(segments)}`, { param: segments[0] });
  }
  let node = root;
  for (let i = 0; i < segments.length; i += 1) {
    let segment = segments[i]!;
    if (FORBIDDEN_KEYS.has(segment)) {
      throw invalidRequest(`Invalid parameter name: ${displayPath(segments.slice(0, i + 1))}`, {
        param: displayPath(segments.slice(0, i + 1)),
      });
    }
    if (i > 0 && segment === '') segment = String(node.entries.size);
    if (i > 0 && !/^\d+$/.test(segment)) node.listLike = false;
    const last = i === segments.length - 1;
    const existing = node.entries.get(segment);
    if (last) {
      if (existing !== undefined && typeof existing !== 'string') {
        throw invalidRequest('Invalid hash', { param: displayPath(segments) });
      }
      // `amount=1&amount=2` is ambiguous; refuse it rather than silently keep one (stripe-node never sends it).
      if (existing !== undefined) {
        throw invalidRequest(`Received duplicate parameter: ${displayPath(segments)}`, { param: displayPath(segments) });
      }
      node.entries.set(segment, value);
      return;
    }
    if (typeof existing === 'string') {
      throw invalidRequest('Invalid hash', { param: displayPath(segments.slice(0, i + 1)) });
    }
    const child = existing ?? newContainer();
    node.entries.set(segment, child);
    node = child;
  }
}

function finish(container: Container, isRoot: boolean): FormValue {
  if (!isRoot && container.listLike) {
    return [...container.entries.entries()]
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, v]) => (typeof v === 'string' ? v : finish(v, false)));
  }
  const hash: FormHash = {};
  for (const [key, v] of container.entries) hash[key] = typeof v === 'string' ? v : finish(v, false);
  return hash;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One `application/x-www-form-urlencoded` component: `+` is a space, `%XX` a byte, and the bytes
 * must be UTF-8. Unlike URLSearchParams, which keeps a stray `%` and replaces bad UTF-8 with U+FFFD,
 * this refuses both, so a card number or metadata value never arrives silently altered.
 */
function decodeComponent(text: string, near: string): string {
  const plus = text.replace(/\+/g, ' ');
  if (!plus.includes('%')) return plus;
  if (/%(?![0-9A-Fa-f]{2})/.test(plus)) {
    throw invalidRequest(`Invalid percent-encoding in the request near '${near.slice(0, 60)}'.`, { param: near.slice(0, 60) });
  }
  // Walk the text's UTF-8 bytes, not its UTF-16 units (which would split astral characters); `%XX` is ASCII.
  const raw = Buffer.from(plus, 'utf8');
  const bytes = Buffer.alloc(raw.length);
  let length = 0;
  for (let i = 0; i < raw.length; i += 1) {
    if (raw[i] === 0x25) {
      bytes[length] = parseInt(raw.toString('latin1', i + 1, i + 3), 16);
      i += 2;
    } else {
      bytes[length] = raw[i]!;
    }
    length += 1;
  }
  try {
    return UTF8.decode(bytes.subarray(0, length));
  } catch {
    throw invalidRequest(`Invalid UTF-8 in the request near '${near.slice(0, 60)}'.`, { param: near.slice(0, 60) });
  }
}

/** Decodes a form body or query string into nested hashes and arrays of strings. */
export function decodeForm(text: string): FormHash {
  const root = newContainer();
  let pairs = 0;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    pairs += 1;
    if (pairs > MAX_PAIRS) throw invalidRequest(`Too many parameters in one request (at most ${MAX_PAIRS}).`);
    const equals = pair.indexOf('=');
    const rawKey = equals === -1 ? pair : pair.slice(0, equals);
    const key = decodeComponent(rawKey, rawKey);
    if (key === '') continue;
    const value = equals === -1 ? '' : decodeComponent(pair.slice(equals + 1), key);
    insert(root, keySegments(key), value);
  }
  return finish(root, true) as FormHash;
}
