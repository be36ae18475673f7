/**
 * The Stripe side of fault injection (emulators/shared/faults.ts does matching and counting): how an
 * injected status is answered in Stripe's shape.
 *
 * Request labels are `METHOD /path` as received, e.g. `POST /v1/payment_intents/pi_1/confirm`;
 * match them with a string (exact) or a RegExp (`/^POST \/v1\/payment_intents\/[^/]+\/confirm$/`).
 */
import { injectedServerError, invalidRequest, rateLimitError } from './errors';
import { errorReply, type Reply } from './replies';

/**
 * 429 → Stripe's rate-limit error with `Stripe-Should-Retry: true` (stripe-node defers to that header,
 * cjs/RequestSender.js `_shouldRetry`); 5xx → `api_error` (retried by stripe-node on status alone);
 * any other 4xx → an `invalid_request_error` saying it was injected.
 */
export function faultReply(status: number): Reply {
  const failure =
    status === 429
      ? rateLimitError()
      : status >= 500
        ? injectedServerError(status)
        : invalidRequest(`HTTP ${status} injected by the Stripe stand-in's fault rules.`, { status });
  return errorReply(failure, status === 429 ? { 'Stripe-Should-Retry': 'true' } : {});
}
