/** Runs the preflight and journeys for one document on the chosen targets (which ones: ops/check-policy.ts). */
import type { ValidatedEnvironment } from '../config';
import {
  checkKeys,
  findChromium,
  JOURNEYS,
  launchCustomerBrowser,
  refuseLiveKeys,
  runJourneys,
  type CustomerBrowser,
  type Journey,
  type JourneyResult,
  type CheckoutRuntime,
  type JourneyRunContext,
  type ShopTarget,
} from '../checks';
import { loadKeySet, type RuntimeDocument } from '../runtime';
import { installExampleShopRuntime } from './example-shop';
import type { Targets } from './targets';

export interface CheckRun {
  document: RuntimeDocument;
  /** AWS region of the environment's secrets. */
  region: string;
  /**
   * Set for a candidate (not yet deployed) document: its key set's material is resolved like a
   * deploy would ($STRIPE_CONFIG_KEY_SET_<NAME>, embedded accounts, or the stored key set).
   * Without it the key set is read from Secrets Manager, as the checkout service would.
   */
  candidate?: ValidatedEnvironment;
  /** Default every journey; ops/check-policy.ts says which ones each workflow runs. */
  journeys?: readonly Journey[];
  /** Amount per journey in minor units (default the runner's). */
  amount?: number;
  /** Screenshots of each authentication and landing page, for the reports (default false). */
  evidence?: boolean;
  /** Progress of each journey (the gate's progress view). */
  onJourney?: JourneyRunContext['onJourney'];
  /** The runtime release the checkout runs on (default the repository's, packaged): the gate's version-skew check. */
  runtime?: CheckoutRuntime;
  /** Told once the loopback shop is up (embedded default), before the first journey. */
  onShop?: JourneyRunContext['onShop'];
}

export async function runChecks(targets: Targets, browser: CustomerBrowser, run: CheckRun): Promise<JourneyResult[]> {
  const { document } = run;
  const material = run.candidate
    ? await targets.keyMaterial(run.candidate, document.stripe.keySet)
    : await loadKeySet(targets.secretsManager(run.region), document.stripe.keySetSecretId);
  refuseLiveKeys(document, material.secretKey);
  const shop = shopOf(targets, run);
  // The loopback shop (examples/shop) imports stripe-config/runtime as an installed package: put the repository's there first.
  if (shop.answeredBy === 'loopback') await installExampleShopRuntime();
  const keys = await checkKeys(document, material.secretKey, targets.stripeEndpoint);
  const journeys = await runJourneys(run.journeys ?? JOURNEYS, {
    document,
    secretKey: material.secretKey,
    endpoint: targets.stripeEndpoint,
    browser,
    shop,
    ...(run.amount !== undefined ? { amount: run.amount } : {}),
    ...(run.evidence ? { evidence: true } : {}),
    ...(run.runtime ? { runtime: run.runtime } : {}),
    ...(run.onShop ? { onShop: run.onShop } : {}),
    onJourney: run.onJourney,
  });
  return [keys, ...journeys];
}

/**
 * Where customers return: a candidate is judged against the shop origins its environment declares
 * now. A deployed document passed that rule against the origins of its day, which the repository
 * may no longer hold, so its own return origin counts as declared (only its path is judged): a
 * move to another host then shows as a change between the two, never as a silent fix.
 * On the embedded default the loopback shop answers for them; on real targets the real shop does.
 */
function shopOf(targets: Targets, run: CheckRun): ShopTarget {
  return {
    origins: run.candidate?.config.shop.origins ?? [new URL(run.document.payments.returnUrl).origin],
    answeredBy: targets.stripe === 'local' ? 'loopback' : 'network',
  };
}

/** Launches the customer's browser for the duration of `work` and always closes it. */
export async function withBrowser<T>(targets: Targets, work: (browser: CustomerBrowser) => Promise<T>): Promise<T> {
  const browser = await launchCustomerBrowser({ allowedOrigins: targets.browserOrigins });
  try {
    return await work(browser);
  } finally {
    await browser.close();
  }
}

/**
 * Like withBrowser, but `work` starts at once while Chromium launches, and awaits `browser()` where
 * it first needs it (the gate plans meanwhile). A missing Chromium still fails before any work starts.
 */
export async function withBrowserLaunching<T>(targets: Targets, work: (browser: () => Promise<CustomerBrowser>) => Promise<T>): Promise<T> {
  findChromium();
  const launching = launchCustomerBrowser({ allowedOrigins: targets.browserOrigins });
  // Observed here too: when work fails before it asks for the browser, a failed launch is not left unhandled.
  launching.catch(() => undefined);
  try {
    return await work(() => launching);
  } finally {
    const browser = await launching.catch(() => undefined);
    await browser?.close();
  }
}
