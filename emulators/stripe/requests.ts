/**
 * Reading an HTTP request as Stripe does: the method and URL, headers, a body of at most 1 MiB that
 * must be UTF-8 and form-encoded, and the API key (Bearer, Basic, or Stripe.js's `key` field).
 * Every refusal is a StripeApiError in Stripe's words.
 */
import type http from 'node:http';
import { invalidRequest, unsupportedContentType, type StripeApiError } from './errors';
import type { FormHash } from './form-encoding';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Raw bytes that are not UTF-8 are refused, not silently replaced by U+FFFD. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export interface RequestTarget {
  method: string;
  url: URL;
}

/** The method and URL, or undefined when the URL cannot be parsed. */
export function requestTarget(req: http.IncomingMessage): RequestTarget | undefined {
  try {
    return { method: (req.method ?? 'GET').toUpperCase(), url: new URL(req.url ?? '/', 'http://stand-in.invalid') };
  } catch {
    return undefined;
  }
}

/** How fault rules and idempotency keys name a request: `POST /v1/payment_intents`. */
export function requestLabel(target: RequestTarget): string {
  return `${target.method} ${target.url.pathname}`;
}

export function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Why a body could not be read; `tooLarge` leaves the rest unread on the connection. */
export class UnreadableBody extends Error {
  constructor(readonly tooLarge: boolean, message: string) {
    super(message);
    this.name = 'UnreadableBody';
  }
}

/** The body as text; rejects with `UnreadableBody` (too large, not UTF-8, or the read failed). */
export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        reject(new UnreadableBody(true, `Request body too large: the limit is ${MAX_BODY_BYTES} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (failed) return;
      try {
        resolve(UTF8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new UnreadableBody(false, 'Invalid request: the body is not valid UTF-8.'));
      }
    });
    req.on('error', () => {
      if (!failed) {
        failed = true;
        reject(new UnreadableBody(false, 'The request body could not be read.'));
      }
    });
  });
}

/** Stripe reads form-encoded bodies only; an empty body needs no type (stripe-node's bodiless POSTs). */
export function checkContentType(req: http.IncomingMessage, rawBody: string): void {
  if (rawBody === '') return;
  const contentType = header(req, 'content-type') ?? '';
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') throw unsupportedContentType(contentType.slice(0, 100));
}

/** `Authorization: Bearer sk_…` or `Basic base64(sk_…:)` (facts: requests); '' for another scheme. */
function keyFromAuthorization(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const [scheme, credentials = ''] = value.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return credentials;
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    return decoded.split(':', 1)[0];
  }
  return '';
}

/** The key the request carries: the Authorization header, else Stripe.js's publishable key sent as a `key` field. */
export function requestKey(req: http.IncomingMessage, params: FormHash): string | undefined {
  const bodyKey = typeof params.key === 'string' && params.key.startsWith('pk_') ? params.key : undefined;
  return keyFromAuthorization(header(req, 'authorization')) ?? bodyKey;
}

/** A body that could not be read as Stripe's 4xx: 413 when too large, 400 otherwise. */
export function unreadableBodyError(failure: UnreadableBody): StripeApiError {
  return invalidRequest(failure.message, { status: failure.tooLarge ? 413 : 400 });
}
