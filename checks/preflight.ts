/**
 * Checks that run before any journey: the keys are test-mode keys, and the secret key, the
 * publishable key and the configured account all belong together. A mismatch here is the classic
 * outage: cards tokenised with one account's publishable key cannot be charged by another's.
 */
import Stripe from 'stripe';
import { createStripeClient, type RuntimeDocument, type StripeEndpoint } from '../runtime';
import { CheckError } from './errors';
import type { JourneyResult } from './result';
import { firstLine, tokeniseCard, verdictOnError } from './stripe-calls';

export const KEYS_CHECK_ID = 'keys';

/**
 * Checks refuse live keys outright: they would create real charges. A live-mode environment's checks
 * run on its test keys (ops/test-mode.ts), so this fires only when test-mode material turns out to be live.
 */
export function refuseLiveKeys(document: RuntimeDocument, secretKey: string): void {
  const live = [
    ...(/^(sk|rk)_live_/.test(secretKey) ? [`key set ${document.stripe.keySet} holds a live key (${secretKey.slice(0, 8)}…${secretKey.slice(-4)})`] : []),
    ...(/^pk_live_/.test(document.stripe.publishableKey) ? [`the publishable key ${document.stripe.publishableKey} is live`] : []),
    ...(document.stripe.mode === 'live' ? ['the document is in live mode'] : []),
  ];
  if (live.length > 0) {
    throw new CheckError(
      'live_keys_refused',
      `${document.environment}: checks run only in Stripe test mode, but ${live.join(', and ')}`,
      "A live-mode environment's checks run with the same account's test keys named in its testMode (docs/CONFIG.md); a test-mode environment needs test keys in its key set.",
    );
  }
}

export async function checkKeys(document: RuntimeDocument, secretKey: string, endpoint?: StripeEndpoint): Promise<JourneyResult> {
  const started = Date.now();
  const expected = `secret and publishable keys of ${document.stripe.accountId}`;
  const result = (actual: string, verdict: JourneyResult['verdict']): JourneyResult => ({
    journey: KEYS_CHECK_ID,
    title: 'Keys belong to the configured account',
    expected,
    actual,
    verdict,
    durationMs: Date.now() - started,
  });
  const apiVersion = document.stripe.apiVersion;
  const server = createStripeClient({ secretKey, apiVersion, endpoint });
  const frontEnd = createStripeClient({ secretKey: document.stripe.publishableKey, apiVersion, endpoint });
  try {
    const account = await server.accounts.retrieveCurrent();
    if (account.id !== document.stripe.accountId) {
      return result(`secret key of key set ${document.stripe.keySet} belongs to ${account.id}`, 'fail');
    }
    const probe = await tokeniseCard(frontEnd, '4242424242424242');
    try {
      await server.paymentMethods.retrieve(probe.id);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing') {
        return result(`publishable key ${document.stripe.publishableKey} belongs to another account than ${account.id}`, 'fail');
      }
      throw error;
    }
    return result(expected, 'pass');
  } catch (error) {
    return result(`error: ${firstLine(error)}`, verdictOnError(error));
  }
}
