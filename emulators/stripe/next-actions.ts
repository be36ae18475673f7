/**
 * `next_action` for a card that must be authenticated, shared by PaymentIntents and SetupIntents
 * (facts: `next_action`): `redirect_to_url` when confirmed with a `return_url` (the server-side
 * redirect flow), `use_stripe_sdk` otherwise or when the caller asked for it (Stripe.js handles it).
 * Both point to the same hosted page (pages.ts); only how the browser gets there differs.
 * Also the payment-method rules both kinds share: which methods at create, and when a return_url is due.
 */
import { automaticPaymentMethodsByDefault, paymentMethodTypesWritable } from './api-versions';
import { invalidRequest } from './errors';

export type NextAction =
  | { type: 'redirect_to_url'; redirect_to_url: { url: string; return_url: string } }
  | {
      type: 'use_stripe_sdk';
      use_stripe_sdk: { type: 'three_d_secure_redirect'; stripe_js: string; source: string };
    };

export interface NextActionSituation {
  /** The hosted authentication page of the intent. */
  pageUrl: string;
  returnUrl: string | null;
  useStripeSdk: boolean;
  /** The `src_…` id Stripe.js uses to follow the authentication. */
  sourceId: string;
}

export function authenticationNextAction(situation: NextActionSituation): NextAction {
  if (situation.returnUrl !== null && !situation.useStripeSdk) {
    return { type: 'redirect_to_url', redirect_to_url: { url: situation.pageUrl, return_url: situation.returnUrl } };
  }
  return {
    type: 'use_stripe_sdk',
    use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: situation.pageUrl, source: situation.sourceId },
  };
}

/**
 * The 2023-08-16 rule (facts: PaymentIntent and SetupIntent): an intent with redirect-capable
 * automatic payment methods can't be confirmed without a `return_url`, unless off-session.
 * Stripe's text, as returned by the API (docs.stripe.com/changelog/2023-08-16; quoted in many public
 * bug reports), naming the intent kind.
 */
export function returnUrlRequiredMessage(kind: 'PaymentIntent' | 'SetupIntent'): string {
  return (
    `This ${kind} is configured to accept payment methods enabled in your Dashboard. Because some of these ` +
    "payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don't " +
    'want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and ' +
    '`automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.'
  );
}

export interface AutomaticPaymentMethods {
  enabled: boolean;
  allow_redirects: 'always' | 'never';
}

/**
 * `payment_method_types` or `automatic_payment_methods` at create, the same for PaymentIntents and
 * SetupIntents: Endive refuses the former (wording ours, code Stripe's: docs.stripe.com/changelog/
 * endive/2026-09-30/…), the two exclude each other, only `card` is modelled, and since 2023-08-16
 * giving neither means automatic payment methods.
 */
export function automaticPaymentMethodsAtCreate(
  paymentMethodTypes: readonly string[] | undefined,
  requested: { enabled: boolean; allowRedirects?: 'always' | 'never' } | undefined,
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
  for (const [i, type] of (paymentMethodTypes ?? []).entries()) {
    if (type !== 'card') {
      throw invalidRequest(`The payment method type provided: ${type} is invalid. This stand-in models card payments only.`, {
        code: 'payment_method_unactivated',
        param: `payment_method_types[${i}]`,
      });
    }
  }
  if (requested !== undefined) return { enabled: requested.enabled, allow_redirects: requested.allowRedirects ?? 'always' };
  return paymentMethodTypes === undefined && automaticPaymentMethodsByDefault(apiVersion) ? { enabled: true, allow_redirects: 'always' } : null;
}

export function needsReturnUrl(
  automatic: AutomaticPaymentMethods | null,
  returnUrl: string | null,
  offSession: boolean,
): boolean {
  return automatic?.enabled === true && automatic.allow_redirects !== 'never' && returnUrl === null && !offSession;
}
