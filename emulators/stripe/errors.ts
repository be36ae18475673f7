/**
 * The one place where failures become Stripe's error shape:
 * `{"error": {type, code, decline_code, message, param, doc_url, charge, payment_intent, payment_method}}`
 * with Stripe's HTTP status (400 invalid request, 401 bad key, 402 card error, 404 missing resource,
 * 409/400 idempotency, 5xx server; docs.stripe.com/api/errors). stripe-node picks its error class
 * from the status alone (cjs/Error.js generateV1Error), so the status matters as much as the body.
 */

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
  setup_intent?: unknown;
}

/** A failure the stand-in answers with; thrown by any layer, rendered by `toErrorResponse`. */
export class StripeApiError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;

  constructor(status: number, body: StripeErrorBody) {
    super(body.message);
    this.name = 'StripeApiError';
    this.status = status;
    this.body = body;
  }
}

/** Stripe links every coded error to its page in the error-code reference. */
export function docUrlFor(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;
}

interface InvalidRequestOptions {
  code?: string;
  param?: string;
  status?: number;
  paymentIntent?: unknown;
  setupIntent?: unknown;
}

export function invalidRequest(message: string, options: InvalidRequestOptions = {}): StripeApiError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (options.code !== undefined) {
    body.code = options.code;
    body.doc_url = docUrlFor(options.code);
  }
  if (options.param !== undefined) body.param = options.param;
  if (options.paymentIntent !== undefined) body.payment_intent = options.paymentIntent;
  if (options.setupIntent !== undefined) body.setup_intent = options.setupIntent;
  return new StripeApiError(options.status ?? 400, body);
}

export function parameterUnknown(param: string): StripeApiError {
  return invalidRequest(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param });
}

export function parameterMissing(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

/**
 * `No such payment_method: 'pm_…'`. The same answer whether the object never existed or belongs to
 * another account, so keys of one account learn nothing about another's objects. 404 when the
 * object is the URL's resource, 400 when a parameter refers to it.
 */
export function resourceMissing(resource: string, id: string, options: { param?: string } = {}): StripeApiError {
  return invalidRequest(`No such ${resource}: '${id}'`, {
    code: 'resource_missing',
    param: options.param ?? 'id',
    status: options.param === undefined ? 404 : 400,
  });
}

/** 401; Stripe types authentication failures as `invalid_request_error`. */
export function authenticationFailure(message: string, code?: string): StripeApiError {
  return invalidRequest(message, { status: 401, ...(code === undefined ? {} : { code }) });
}

export interface CardErrorDetails {
  code: string;
  declineCode?: string;
  message: string;
  param?: string;
  charge?: string;
  paymentIntent?: unknown;
  paymentMethod?: unknown;
  setupIntent?: unknown;
}

/** 402 `card_error`: a decline. Embeds the PaymentIntent as Stripe does (facts: decline cards). */
export function cardError(details: CardErrorDetails): StripeApiError {
  const body: StripeErrorBody = {
    type: 'card_error',
    code: details.code,
    message: details.message,
    doc_url: docUrlFor(details.code),
  };
  if (details.declineCode !== undefined) body.decline_code = details.declineCode;
  if (details.param !== undefined) body.param = details.param;
  if (details.charge !== undefined) body.charge = details.charge;
  if (details.paymentIntent !== undefined) body.payment_intent = details.paymentIntent;
  if (details.paymentMethod !== undefined) body.payment_method = details.paymentMethod;
  if (details.setupIntent !== undefined) body.setup_intent = details.setupIntent;
  return new StripeApiError(402, body);
}

/** 401 for a call that needs a secret key, made with a publishable one (facts: requests). */
export function publishableKeyRefused(): StripeApiError {
  return invalidRequest(
    'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
    { status: 401, code: 'secret_key_required' },
  );
}

export function idempotencyError(message: string): StripeApiError {
  return new StripeApiError(400, { type: 'idempotency_error', message });
}

/**
 * 403 for a restricted key without the permission. Stripe's text, as quoted in stripe/stripe-node#2246
 * and tylerjrichards/st-paywall#36 (`rawType: 'invalid_request_error'`, `statusCode: 403`, no code);
 * permissions are named `rak_<resource>_<read|write>` there (e.g. `rak_subscription_read`).
 */
export function permissionError(redactedKey: string, accountId: string, permission: string): StripeApiError {
  return new StripeApiError(403, {
    type: 'invalid_request_error',
    message: `The provided key '${redactedKey}' does not have the required permissions for this endpoint on account '${accountId}'. Having the '${permission}' permission would allow this request to continue.`,
  });
}

/**
 * 429 `rate_limit` (docs.stripe.com/rate-limits; body as stripe-node reported it in
 * codecombat/codecombat#2588: `{type: 'invalid_request_error', message: 'Request rate limit exceeded', code: 'rate_limit'}`).
 */
export function rateLimitError(): StripeApiError {
  return new StripeApiError(429, {
    type: 'invalid_request_error',
    code: 'rate_limit',
    message: 'Request rate limit exceeded. (Injected by the Stripe stand-in\'s fault rules.)',
    doc_url: docUrlFor('rate_limit'),
  });
}

/** A 5xx `api_error` answered on purpose by a fault rule. */
export function injectedServerError(status: number): StripeApiError {
  return new StripeApiError(status, {
    type: 'api_error',
    message: `An unknown error occurred (HTTP ${status} injected by the Stripe stand-in's fault rules). The request may be retried.`,
  });
}

/**
 * Stripe only reads form-encoded bodies. Its text for anything else, as reported in
 * MarcinusX/flutter_stripe_demo#9 and vapor-community/stripe#39 (an empty type reads "Content-Type ."
 * per thephpleague/omnipay-stripe#197).
 */
export function unsupportedContentType(contentType: string): StripeApiError {
  return invalidRequest(
    `Invalid request: unsupported Content-Type ${contentType}. If error persists and you need assistance, please contact support@stripe.com.`,
  );
}

export interface ErrorResponse {
  status: number;
  body: { error: StripeErrorBody };
}

/**
 * Any failure → Stripe's error response. Unexpected exceptions become a 500 `api_error` whose
 * message says nothing about the internals (no stack, no request data, no key material).
 */
export function toErrorResponse(failure: unknown): ErrorResponse {
  if (failure instanceof StripeApiError) {
    return { status: failure.status, body: { error: { ...failure.body } } };
  }
  return {
    status: 500,
    body: {
      error: {
        type: 'api_error',
        message: 'An unknown error occurred in the Stripe stand-in. The request may be retried.',
      },
    },
  };
}
