/**
 * The canary: what customers meet now. It reads the environment's AWSCURRENT document, as the
 * checkout service reads it, and runs every journey against it in Stripe test mode (a live-mode
 * environment with its config's `testMode` keys; checks never use live keys). It changes nothing
 * and records nothing: the scheduled workflow (.github/workflows/canary.yml) turns a failure into
 * one open issue and closes it on recovery.
 */
import type { CustomerBrowser, JourneyResult } from '../checks';
import type { EnvironmentLocation } from '../config';
import { deployedChecks } from './check-policy';
import { readDocumentVersion } from './deployed';
import type { Targets } from './targets';

/** pass: every journey met the expectation table; fail: one did not (a regression); inconclusive: one could not be judged. */
export type CanaryStatus = 'pass' | 'fail' | 'inconclusive' | 'nothing-deployed';

export interface CanaryReport {
  environment: string;
  status: CanaryStatus;
  /** The AWSCURRENT version the journeys ran against; absent when nothing is deployed. */
  versionId?: string;
  results: JourneyResult[];
}

export async function canaryEnvironment(location: EnvironmentLocation, targets: Targets, browser?: CustomerBrowser): Promise<CanaryReport> {
  const { environment, region, configSecretId } = location;
  const live = await readDocumentVersion(targets.secretsManager(region), configSecretId);
  if (!live) return { environment, status: 'nothing-deployed', results: [] };
  // A live document the runtime schema refuses breaks every checkout that reloads it: a failure, not a skip.
  const results = live.document
    ? await deployedChecks(targets, region, browser, {}, location.testMode)(live.document)
    : [invalidDocument(live.versionId, live.problems.map((problem) => `${problem.path} ${problem.message}`))];
  return { environment, status: canaryStatus(results), versionId: live.versionId, results };
}

/** Never pass on doubt: one failure makes the canary fail; else one unjudged journey makes it inconclusive. */
export function canaryStatus(results: readonly JourneyResult[]): Exclude<CanaryStatus, 'nothing-deployed'> {
  if (results.some((result) => result.verdict === 'fail')) return 'fail';
  if (results.length === 0 || results.some((result) => result.verdict === 'inconclusive')) return 'inconclusive';
  return 'pass';
}

function invalidDocument(versionId: string, problems: string[]): JourneyResult {
  return {
    journey: 'document',
    title: 'The live document passes the runtime schema',
    expected: 'a document the checkout service can load',
    actual: `version ${versionId} is refused by the runtime schema: ${problems.join('; ')}`,
    verdict: 'fail',
    durationMs: 0,
  };
}
