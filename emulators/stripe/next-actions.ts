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
