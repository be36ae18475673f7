/**
 * The pre-deploy gate: validate, synthesize, plan, then run the journey matrix with the candidate
 * document and with the deployed one, side by side, and judge what changes for customers
 * (checks/behaviour.ts, ops/gate-verdict.ts).
 */
import { locationOf, type ValidatedEnvironment } from '../config';
import type { Problem } from '../runtime';
import { compareBehaviour, type BehaviourRow, type JourneyResult } from '../checks';
import { withBrowser } from './checks';
import { candidateChecks, deployedChecks, SMOKE_JOURNEYS } from './check-policy';
import { readDocumentVersion } from './deployed';
import { documentChanges, type FieldChange } from './diff';
import { decideGate, type GateDecision, type GateVerdict, type KeySetCheck } from './gate-verdict';
import { synthesizeInWorkspace } from './synth';
import type { Targets } from './targets';
import { terraformInit, terraformPlan, type PlanSummary } from './terraform';
import type { Workspace } from './workspace';

export interface GateReport {
  environment: string;
  verdict: GateVerdict;
  /** verdict is 'pass'. */
  passed: boolean;
  /** Why it did not pass, one line each. */
  reasons: string[];
  /** Behaviour changes accepted with --accept, and why. */
  accepted?: GateDecision['accepted'];
  plan: PlanSummary;
  deployedVersionId?: string;
  /** The deployed version fails the schema (so there is no baseline to compare with). */
  deployedProblems?: Problem[];
  changes: FieldChange[];
  rows: BehaviourRow[];
  /** Read-only verification of every key set whose material is being written. */
  keySets: KeySetCheck[];
}

export interface GateOptions {
  /** Tolerate inconclusive journeys other than the keys check and the smoke subset (default false: never pass on doubt). */
  allowInconclusive?: boolean;
  /** Accept every behaviour change customers would notice, for this reason (recorded in the report). */
  accept?: string;
}

/** Judged even with --allow-inconclusive: without them nothing says checkout works at all. */
const ESSENTIAL_JOURNEYS = ['keys', ...SMOKE_JOURNEYS.map((journey) => journey.id)];

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
      const rows = compareBehaviour(candidateResults, baselineResults);
      const keySets: KeySetCheck[] = [];
      const decision = decideGate(rows, keySets, { ...options, essential: ESSENTIAL_JOURNEYS });
      reports.push({
        environment: environment.environment,
        verdict: decision.verdict,
        passed: decision.verdict === 'pass',
        reasons: decision.reasons,
        ...(decision.accepted ? { accepted: decision.accepted } : {}),
        plan,
        ...(deployed ? { deployedVersionId: deployed.versionId } : {}),
        ...(deployed && !deployed.document ? { deployedProblems: deployed.problems } : {}),
        changes: documentChanges(deployed?.document, candidate),
        rows,
        keySets,
      });
    }
    return reports;
  });
}
