/**
 * The check policy: which journeys each workflow runs, and whose key material they use. This is the
 * one place that says it; gate, `check`, deploy and rollback take their checks from here.
 *
 * - A candidate (gate, `check`, deploy's precheck): every journey, with the key set the candidate
 *   names, resolved as a deploy would ($STRIPE_CONFIG_KEY_SET_<NAME>, the embedded accounts, or the
 *   stored key set): a rotation adds its key set in the same change, so it may not be stored yet.
 * - The deployed document (the gate's baseline): every journey, keys read from Secrets Manager as
 *   the checkout service reads them.
 * - Smoke, after deploy and after rollback: the smoke subset, keys read from Secrets Manager.
 *
 * A live-mode environment runs all of them in Stripe test mode, with the test keys its config names
 * (`inTestMode`, ops/test-mode.ts): the deployed document too, with the candidate config's testMode.
 */
import { JOURNEYS, KEYS_CHECK_ID, type CustomerBrowser, type Journey, type JourneyResult } from '../checks';
import { locationOf, type TestModeLocation, type ValidatedEnvironment } from '../config';
import type { RuntimeDocument } from '../runtime';
import { runChecks, withBrowser, type CheckRun } from './checks';
import type { Targets } from './targets';
import { inTestMode } from './test-mode';

/** What the gate asks of each journey besides its verdict: progress as it runs, screenshots for the reports, and the runtime release to run on. */
export type JourneyObservation = Pick<CheckRun, 'onJourney' | 'evidence' | 'runtime' | 'onShop'>;

/** Checks of one document: what deploy's precheck and smoke, and rollback's smoke, run. */
export type DocumentChecks = (document: RuntimeDocument) => Promise<JourneyResult[]>;

/** Quick enough to run after every deploy and rollback: success with and without a challenge, and a decline. */
export const SMOKE_JOURNEYS: readonly Journey[] = JOURNEYS.filter((journey) => journey.smoke);

/** Every journey for a candidate not yet deployed, with the key set it names. */
export function candidateChecks(targets: Targets, environment: ValidatedEnvironment, browser?: CustomerBrowser, observe: JourneyObservation = {}): DocumentChecks {
  const { region, testMode } = locationOf(environment);
  return (document) =>
    inBrowser(targets, browser, (open) =>
      runChecks(targets, open, { document: inTestMode(document, testMode), region, candidate: environment, journeys: JOURNEYS, ...observe }),
    );
}

/**
 * Every journey for the document live now (the gate's baseline), keys read as the checkout reads them;
 * a live-mode document with the candidate config's test keys (`testMode`).
 */
export function deployedChecks(
  targets: Targets,
  region: string,
  browser?: CustomerBrowser,
  observe: JourneyObservation = {},
  testMode?: TestModeLocation,
): DocumentChecks {
  return (document) => inBrowser(targets, browser, (open) => runChecks(targets, open, { document: inTestMode(document, testMode), region, journeys: JOURNEYS, ...observe }));
}

/** The smoke subset after deploy and rollback, keys read as the checkout reads them. */
export function smokeChecks(targets: Targets, region: string, browser?: CustomerBrowser, testMode?: TestModeLocation, observe: Pick<JourneyObservation, 'onShop'> = {}): DocumentChecks {
  return (document) =>
    document.stripe.mode === 'live' && !testMode
      ? Promise.resolve([smokeWithoutTestKeys(document)])
      : inBrowser(targets, browser, (open) => runChecks(targets, open, { document: inTestMode(document, testMode), region, journeys: SMOKE_JOURNEYS, ...observe }));
}

/**
 * A rollback by --secret-id reads no environment file, so a live document's test keys are unknown:
 * its smoke cannot run (checks never use live keys) and says so, after the label move, instead of
 * passing or throwing with the move unrecorded.
 */
function smokeWithoutTestKeys(document: RuntimeDocument): JourneyResult {
  return {
    journey: KEYS_CHECK_ID,
    title: 'Smoke journeys in test mode',
    expected: "the environment's testMode keys",
    actual: `not run: ${document.environment} is live mode and no testMode keys are known without its config file; checks never use live keys`,
    verdict: 'inconclusive',
    durationMs: 0,
  };
}

/** The caller's browser when it shares one across runs (the gate), else one for this run alone. */
function inBrowser<T>(targets: Targets, browser: CustomerBrowser | undefined, work: (browser: CustomerBrowser) => Promise<T>): Promise<T> {
  return browser ? work(browser) : withBrowser(targets, work);
}
