/**
 * The pre-deploy gate: validate, synthesize, plan, then run the journey matrix with the candidate
 * document and with the deployed one, side by side, and judge what changes for customers
 * (checks/behaviour.ts, ops/gate-verdict.ts).
 */
import { locationOf, type TestModeLocation, type ValidatedEnvironment } from '../config';
import type { Problem } from '../runtime';
import { compareBehaviour, type BehaviourRow, type CustomerBrowser, type Journey, type JourneyResult, type RuntimeSkew } from '../checks';
import { withBrowserLaunching } from './checks';
import { candidateChecks, deployedChecks, SMOKE_JOURNEYS, type JourneyObservation } from './check-policy';
import { readDocumentVersion, type DeployedDocument } from './deployed';
import { attestationOf, deployIdentity, gitCommitOf, runtimeVersion } from './attestation';
import { currentActor } from './operation';
import { documentChanges, type FieldChange } from './diff';
import { verifyKeySetsToWrite } from './key-sets';
import { decideGate, type GateDecision, type GateVerdict, type KeySetCheck } from './gate-verdict';
import { checkDeclaredRuntime } from './runtime-skew';
import { synthesizeInWorkspace } from './synth';
import type { Targets } from './targets';
import { terraformInit, terraformPlan, type PlanSummary, type TerraformContext } from './terraform';
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
  /** Set for a live-mode environment: its journeys ran its settings in Stripe test mode, with these keys of the same account. */
  testMode?: TestModeLocation;
  /** Set when the environment declares its checkout service's runtime: the candidate on that release against the repository's (its rows are in `rows`). */
  checkoutRuntime?: RuntimeSkew;
  /** The attestation written to the ledger for this verdict (what `deploy` checks). */
  attestation?: { attestationId: string; documentSha256: string };
}

export interface GateOptions {
  /** Tolerate inconclusive journeys other than the keys check and the smoke subset (default false: never pass on doubt). */
  allowInconclusive?: boolean;
  /** Accept every behaviour change customers would notice, for this reason (recorded in the report). */
  accept?: string;
  /** Told what the gate is doing, as it happens (the CLI's progress view); the gate itself never prints. */
  onProgress?: (event: GateProgressEvent) => void;
  /** Screenshot every authentication page and landing page, for the reports (default false: they cost time). */
  evidence?: boolean;
  /** Folder whose git commit the attestations name (default the current directory); none outside a git checkout. */
  checkout?: string;
}

/** Which settings a journey ran with: the candidate's, those live now (the baseline), or the candidate's on the checkout service's declared runtime. */
export type GateSide = 'candidate' | 'live' | 'checkout-runtime';

/** What the gate is doing, in the order it happens; `environment-judged` carries the environment's report. */
export type GateProgressEvent =
  | { type: 'gate-started'; environments: string[] }
  | { type: 'environment-started'; environment: string }
  | { type: 'plan-started'; environment: string }
  | { type: 'plan-done'; environment: string; plan: PlanSummary }
  | { type: 'journey-started'; environment: string; side: GateSide; journey: string; title: string }
  | { type: 'journey-done'; environment: string; side: GateSide; result: JourneyResult }
  | { type: 'environment-judged'; environment: string; report: GateReport };

/** Judged even with --allow-inconclusive: without them nothing says checkout works at all. */
const ESSENTIAL_JOURNEYS = ['keys', ...SMOKE_JOURNEYS.map((journey) => journey.id)];

export async function gateEnvironments(
  environments: ValidatedEnvironment[],
  targets: Targets,
  workspace: Workspace,
  options: GateOptions = {},
): Promise<GateReport[]> {
  const emit = options.onProgress ?? (() => undefined);
  const stacks = synthesizeInWorkspace(environments, workspace, targets.stackTarget);
  emit({ type: 'gate-started', environments: environments.map((environment) => environment.environment) });
  const judge = { actor: currentActor(), runtimeVersion: runtimeVersion(), gitCommit: gitCommitOf(options.checkout ?? process.cwd()) };
  return withBrowserLaunching(targets, async (browser) => {
    const reports: GateReport[] = [];
    for (const [index, environment] of environments.entries()) {
      const name = environment.environment;
      emit({ type: 'environment-started', environment: name });
      const context = await targets.terraformContext(environment, stacks[index].directory);
      emit({ type: 'plan-started', environment: name });
      const progress = journeysAfterPlan(emit);
      const observe = (side: GateSide) => ({
        evidence: options.evidence,
        onJourney: (journey: Journey, result?: JourneyResult) =>
          progress.emit(result ? { type: 'journey-done', environment: name, side, result } : { type: 'journey-started', environment: name, side, journey: journey.id, title: journey.title }),
      });
      // Terraform plans in its own process while the journeys run here: neither needs the other's result (docs/BENCHMARKS.md section 2).
      const planning = planStack(context).then((plan) => {
        emit({ type: 'plan-done', environment: name, plan });
        progress.release();
        return plan;
      });
      const judging = judgeBehaviour(environment, targets, workspace, browser, observe);
      const [plan, { deployed, rows, keySets, runtimeCheck }] = await bothSettled(planning, judging);
      const { region, testMode } = locationOf(environment);
      const candidate = environment.rendered.document;
      const decision = decideGate(rows, keySets, { ...options, essential: ESSENTIAL_JOURNEYS });
      const report: GateReport = {
        environment: name,
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
        ...(testMode ? { testMode } : {}),
        ...(runtimeCheck ? { checkoutRuntime: runtimeCheck.skew } : {}),
      };
      // Every environment judged is attested, pass or not: a later failing gate of the same bytes supersedes a pass.
      const identity = await deployIdentity(environment, targets);
      const attestation = await targets.ledger(region).putAttestation(name, attestationOf(report, { ...judge, ...identity }));
      report.attestation = { attestationId: attestation.attestationId, documentSha256: attestation.documentSha256 };
      reports.push(report);
      emit({ type: 'environment-judged', environment: name, report });
    }
    return reports;
  });
}

interface Behaviour {
  deployed?: DeployedDocument;
  rows: BehaviourRow[];
  keySets: KeySetCheck[];
  /** The journeys again on the runtime the checkout service declares it runs (ops/runtime-skew.ts). */
  runtimeCheck?: { skew: RuntimeSkew; rows: BehaviourRow[] };
}

/** What customers experience with the candidate and with the document live now, journey by journey, and the key sets to be written. */
async function judgeBehaviour(
  environment: ValidatedEnvironment,
  targets: Targets,
  workspace: Workspace,
  browser: () => Promise<CustomerBrowser>,
  observe: (side: GateSide) => JourneyObservation,
): Promise<Behaviour> {
  const { region, configSecretId, testMode } = locationOf(environment);
  const deployed = await readDocumentVersion(targets.secretsManager(region), configSecretId);
  const candidateResults = await candidateChecks(targets, environment, await browser(), observe('candidate'))(environment.rendered.document);
  let baselineResults: JourneyResult[] | undefined;
  if (deployed?.document) {
    baselineResults =
      deployed.json === environment.rendered.json ? candidateResults : await deployedChecks(targets, region, await browser(), observe('live'), testMode)(deployed.document);
  }
  const runtimeCheck = await checkDeclaredRuntime({
    environment,
    targets,
    workspace,
    browser: await browser(),
    candidateResults,
    ...(deployed?.document ? { deployedJson: deployed.json } : {}),
    observe: observe('checkout-runtime'),
  });
  const rows = [...compareBehaviour(candidateResults, baselineResults), ...(runtimeCheck?.rows ?? [])];
  const keySets = await verifyKeySetsToWrite(environment, targets);
  return { ...(deployed ? { deployed } : {}), rows, keySets, ...(runtimeCheck ? { runtimeCheck } : {}) };
}

async function planStack(context: TerraformContext): Promise<PlanSummary> {
  await terraformInit(context);
  return terraformPlan(context);
}

/**
 * The journeys' progress events wait until the plan is done, so the progress reads in the gate's
 * order (plan, then the journeys) although both run at once; the journeys finished meanwhile are
 * told at once after the plan.
 */
function journeysAfterPlan(emit: (event: GateProgressEvent) => void): { emit(event: GateProgressEvent): void; release(): void } {
  let held: GateProgressEvent[] | undefined = [];
  return {
    emit: (event) => (held ? held.push(event) : emit(event)),
    release: () => {
      const events = held ?? [];
      held = undefined;
      events.forEach(emit);
    },
  };
}

/** Waits for both, so neither runs on unobserved once the gate stops; the first failure, in argument order, is thrown. */
async function bothSettled<A, B>(first: Promise<A>, second: Promise<B>): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}
