/**
 * `next_action` for a card that must be authenticated, shared by PaymentIntents and SetupIntents
 * (facts: `next_action`): `redirect_to_url` when confirmed with a `return_url` (the server-side
 * redirect flow), `use_stripe_sdk` otherwise or when the caller asked for it (Stripe.js handles it).
 * Both point to the same hosted page (pages.ts); only how the browser gets there differs.
 */
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

export function needsReturnUrl(
  automatic: { enabled: boolean; allow_redirects: 'always' | 'never' } | null,
  returnUrl: string | null,
  offSession: boolean,
): boolean {
  return automatic?.enabled === true && automatic.allow_redirects !== 'never' && returnUrl === null && !offSession;
}
