/**
 * The gate's version-skew check for one environment: when it declares the runtime its checkout
 * service runs (`checkout.runtime`), the candidate document goes through that runtime too, as the
 * service will meet it (its config loader first, then every journey), and is compared with the
 * repository's runtime, which the rest of the gate ran (checks/runtime-skew.ts judges).
 */
import { compareRuntimes, REPOSITORY_RUNTIME, refusalOf, type BehaviourRow, type CustomerBrowser, type JourneyResult, type RuntimeSkew } from '../checks';
import type { ValidatedEnvironment } from '../config';
import { candidateChecks, type JourneyObservation } from './check-policy';
import { installDeclaredRuntime, loadInstalledRuntime } from './checkout-runtimes';
import type { Targets } from './targets';
import type { Workspace } from './workspace';

export interface RuntimeSkewRun {
  environment: ValidatedEnvironment;
  targets: Targets;
  workspace: Workspace;
  browser: CustomerBrowser;
  /** The candidate's journeys on the repository's runtime. */
  candidateResults: readonly JourneyResult[];
  /** The bytes live now, which the checkout service holds when the candidate arrives. */
  deployedJson?: string;
  observe?: JourneyObservation;
  /** Where relative paths of the declaration start; default the working directory. */
  baseDir?: string;
}

/** Undefined when the environment declares no runtime for its checkout service. */
export async function checkDeclaredRuntime(run: RuntimeSkewRun): Promise<{ skew: RuntimeSkew; rows: BehaviourRow[] } | undefined> {
  const declaration = run.environment.config.checkout?.runtime;
  if (declaration === undefined) return undefined;
  const installed = await installDeclaredRuntime(declaration, { cacheDir: run.workspace.runtimes, baseDir: run.baseDir ?? process.cwd() });
  const runtime = loadInstalledRuntime(installed);
  const candidate = run.environment.rendered;
  const refusal = await refusalOf(runtime, candidate.json, run.deployedJson);
  const deployedResults = refusal === undefined ? await candidateChecks(run.targets, run.environment, run.browser, { ...run.observe, runtime })(candidate.document) : undefined;
  return compareRuntimes({
    deployed: { version: runtime.version, origin: runtime.origin },
    repository: { version: REPOSITORY_RUNTIME.version },
    ...(refusal === undefined ? {} : { refusal }),
    repositoryResults: run.candidateResults,
    ...(deployedResults ? { deployedResults } : {}),
  });
}
