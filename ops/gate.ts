/**
 * The pre-deploy gate: validate, synthesize, plan, then run the journey matrix with the candidate
 * document and with the deployed one, side by side. Passes only when every candidate check passes.
 */
import { locationOf, type ValidatedEnvironment } from '../config';
import type { Problem } from '../runtime';
import { compareResults, type ComparedJourney, type JourneyResult } from '../checks';
import { withBrowser } from './checks';
import { candidateChecks, deployedChecks } from './check-policy';
import { readDocumentVersion } from './deployed';
import { documentChanges, type FieldChange } from './diff';
import { synthesizeInWorkspace } from './synth';
import type { Targets } from './targets';
import { terraformInit, terraformPlan, type PlanSummary } from './terraform';
import type { Workspace } from './workspace';

export interface GateReport {
  environment: string;
  passed: boolean;
  /** Why it did not pass, one line each. */
  reasons: string[];
  plan: PlanSummary;
  deployedVersionId?: string;
  /** The deployed version fails the schema (so there is no baseline to compare with). */
  deployedProblems?: Problem[];
  changes: FieldChange[];
  rows: ComparedJourney[];
}

export interface GateOptions {
  /** Treat inconclusive journeys as passing (default false: never pass on doubt). */
  allowInconclusive?: boolean;
}

export async function gateEnvironments(
  environments: ValidatedEnvironment[],
  targets: Targets,
  workspace: Workspace,
  options: GateOptions = {},
): Promise<GateReport[]> {
  const stacks = synthesizeInWorkspace(environments, workspace, targets.stackTarget);
  return withBrowser(targets, async (browser) => {
    const reports: GateReport[] = [];
    for (const [index, environment] of environments.entries()) {
      const context = await targets.terraformContext(environment, stacks[index].directory);
      await terraformInit(context);
      const plan = await terraformPlan(context);

      const { region, configSecretId } = locationOf(environment);
      const deployed = await readDocumentVersion(targets.secretsManager(region), configSecretId);
      const candidate = environment.rendered.document;
      const candidateResults = await candidateChecks(targets, environment, browser)(candidate);
      let baselineResults: JourneyResult[] | undefined;
      if (deployed?.document) {
        baselineResults =
          deployed.json === environment.rendered.json ? candidateResults : await deployedChecks(targets, region, browser)(deployed.document);
      }
      const rows = compareResults(candidateResults, baselineResults);
      const reasons = gateReasons(rows, options);
      reports.push({
        environment: environment.environment,
        passed: reasons.length === 0,
        reasons,
        plan,
        ...(deployed ? { deployedVersionId: deployed.versionId } : {}),
        ...(deployed && !deployed.document ? { deployedProblems: deployed.problems } : {}),
        changes: documentChanges(deployed?.document, candidate),
        rows,
      });
    }
    return reports;
  });
}

function gateReasons(rows: ComparedJourney[], options: GateOptions): string[] {
  return rows.flatMap((row) => {
    const { verdict, actual } = row.candidate;
    if (verdict === 'pass' || (verdict === 'inconclusive' && options.allowInconclusive)) return [];
    const prefix = row.regression ? 'regression: ' : '';
    return [`${prefix}${row.title}: expected ${row.expected}, got ${actual} (${verdict})`];
  });
}
