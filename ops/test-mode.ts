/**
 * Production is live mode, and checks never move real money: a live-mode environment's journeys run
 * its settings in Stripe test mode, with the same account's test keys that its config names in
 * `testMode` (docs/CONFIG.md). Test mode is part of the same account ("Every account is divided into
 * two universes", stripe-facts "Live-mode keys without moving money"), so the settings under test
 * are the account's own; only the keys differ.
 */
import type { TestModeLocation } from '../config';
import type { RuntimeDocument } from '../runtime';

/**
 * The document the checks run: a live-mode document with its keys swapped for the test-mode ones
 * (mode, publishable key, key set and where it is stored), every setting unchanged. A test-mode
 * document, or a live one whose environment names no test keys, is returned as it is: the checks
 * then refuse its live keys (checks/preflight.ts `refuseLiveKeys`).
 */
export function inTestMode(document: RuntimeDocument, testMode: TestModeLocation | undefined): RuntimeDocument {
  if (document.stripe.mode !== 'live' || !testMode) return document;
  return {
    ...document,
    stripe: {
      ...document.stripe,
      mode: 'test',
      publishableKey: testMode.publishableKey,
      keySet: testMode.keySet,
      keySetSecretId: testMode.keySetSecretId,
    },
  };
}
