/**
 * What the server writes back: a status, headers and a body. Stripe's API answers JSON; any failure
 * becomes Stripe's error shape (errors.ts).
 */
import { toErrorResponse } from './errors';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body, null, 2) };
}

/** Any failure as Stripe's error response; unexpected exceptions are a bare 500 `api_error`. */
export function errorReply(failure: unknown, headers: Record<string, string> = {}): Reply {
  const rendered = toErrorResponse(failure);
  return json(rendered.status, rendered.body, headers);
}

/** A fault rule cut the connection: there is no reply to write. */
export const DROPPED: Reply = { status: 0, headers: {}, body: '' };

/** CORS preflight: browsers ask before Stripe.js-style calls from a page. */
export const PREFLIGHT: Reply = { status: 204, headers: {}, body: '' };

/** On every answer, so Stripe.js-style calls from a browser page work (Stripe's API allows any origin). */
export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key, Stripe-Version, Stripe-Account',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE',
  'Access-Control-Expose-Headers': 'Request-Id, Stripe-Version, Idempotency-Key, Idempotent-Replayed',
};
