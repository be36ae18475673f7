/**
 * Which payment methods an intent takes, the same for PaymentIntents and SetupIntents: chosen at
 * create (`payment_method_types` or `automatic_payment_methods`), and the `return_url` that
 * redirect-capable automatic payment methods need at confirm. The rules change with the API version
 * (api-versions.ts).
 */
import { automaticPaymentMethodsByDefault, paymentMethodTypesWritable } from './api-versions';
import { invalidRequest, type StripeApiError } from './errors';
import { embedded, type IntentKind } from './intent-errors';

/** The `automatic_payment_methods` field of both intents. */
export interface AutomaticPaymentMethods {
  enabled: boolean;
  allow_redirects: 'always' | 'never';
}

export interface AutomaticPaymentMethodsRequest {
  enabled: boolean;
  allowRedirects?: 'always' | 'never';
}

/**
 * `payment_method_types` or `automatic_payment_methods` at create: Endive refuses the former (wording
 * ours, code Stripe's: docs.stripe.com/changelog/endive/2026-09-30/…), the two exclude each other,
 * only `card` is modelled, and since 2023-08-16 giving neither means automatic payment methods.
 */
export function automaticPaymentMethodsAtCreate(
  paymentMethodTypes: readonly string[] | undefined,
  requested: AutomaticPaymentMethodsRequest | undefined,
  apiVersion: string,
): AutomaticPaymentMethods | null {
  if (paymentMethodTypes !== undefined && !paymentMethodTypesWritable(apiVersion)) {
    throw invalidRequest(
      `The parameter \`payment_method_types\` is no longer supported on API version ${apiVersion}. ` +
        'Use `allowed_payment_method_types` or `excluded_payment_method_types`, or manage payment methods in the Dashboard.',
      { code: 'payment_method_types_no_longer_supported', param: 'payment_method_types' },
    );
  }
  if (paymentMethodTypes !== undefined && requested !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: automatic_payment_methods, payment_method_types.', {
      code: 'parameters_exclusive',
      param: 'automatic_payment_methods',
    });
  }
  refuseOtherThanCard(paymentMethodTypes ?? [], 'payment_method_types');
  if (requested !== undefined) return { enabled: requested.enabled, allow_redirects: requested.allowRedirects ?? 'always' };
  return paymentMethodTypes === undefined && automaticPaymentMethodsByDefault(apiVersion) ? { enabled: true, allow_redirects: 'always' } : null;
}

/** The stand-in models cards only: any other type in a list of payment method types is refused, naming its index. */
export function refuseOtherThanCard(types: readonly string[], param: string): void {
  for (const [i, type] of types.entries()) {
    if (type !== 'card') {
      throw invalidRequest(`The payment method type provided: ${type} is invalid. This stand-in models card payments only.`, {
        code: 'payment_method_unactivated',
        param: `${param}[${i}]`,
      });
    }
  }
}

/**
 * The 2023-08-16 rule (facts: PaymentIntent and SetupIntent): an intent with redirect-capable
 * automatic payment methods can't be confirmed without a `return_url`, unless off-session. Stripe's
 * text, as returned by the API (docs.stripe.com/changelog/2023-08-16; quoted in many public bug
 * reports), naming the intent kind and embedding the intent. Undefined when the confirmation may go on.
 */
export function missingReturnUrl(
  kind: IntentKind,
  intent: { automatic_payment_methods: AutomaticPaymentMethods | null },
  returnUrl: string | null,
  offSession: boolean,
): StripeApiError | undefined {
  const automatic = intent.automatic_payment_methods;
  const needed = automatic?.enabled === true && automatic.allow_redirects !== 'never' && returnUrl === null && !offSession;
  if (!needed) return undefined;
  const message =
    `This ${kind} is configured to accept payment methods enabled in your Dashboard. Because some of these ` +
    "payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don't " +
    'want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and ' +
    '`automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.';
  return invalidRequest(message, embedded(kind, intent));
}
