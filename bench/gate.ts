/**
 * The gate of one environment, as CI runs it, next to a bare `terraform plan` of the same stack, in
 * the same run, in interleaved pairs; and both journey matrices together (the candidate's and the
 * live document's, one browser, as the gate runs them).
 *
 * Why: the gate is what every pull request waits for, and `terraform plan` is the floor any
 * Terraform-based check pays. Issue 8's targets: the whole gate at most 1.5× the bare plan, and
 * both matrices together under 1.5 s on the stand-ins.
 *
 * The environment is deployed once beforehand with another statement descriptor suffix, so that the
 * plan refreshes real resources and finds one change, and the gate runs both matrices (the live
 * document differs from the candidate), as on a pull request. Each pair: the bare plan with the
 * stand-ins open in this process (the stack already initialised, as `terraform plan` alone would
 * find it in CI after an init step), the two matrices, then the stand-ins closed and
 * `node bin/stripe-config.js gate <env>` spawned on the same workspace: process start, imports,
 * validation, synth, stand-ins started from the workspace, plan and journeys, reports.
 */
import path from 'node:path';
import { launchCustomerBrowser, type JourneyResult } from '../checks';
import { loadEnvironment, locationOf, type ValidatedEnvironment } from '../config';
import {
  candidateChecks,
  deployEnvironment,
  describePlan,
  openTargets,
  PROJECT_ROOT,
  readDocumentVersion,
  synthesizeInWorkspace,
  terraformInit,
  terraformPlan,
  type PlanSummary,
  type Workspace,
} from '../ops';
import { deployedChecks } from '../ops/check-policy';
import { scratchWorkspace, variantOf } from './fixtures';
import { formatMs, formatRatio, runProcess, summarize, textTable, timed } from './measure';

export interface GateBenchOptions {
  environment: string;
  pairs: number;
  progress: (line: string) => void;
}

export interface GateBenchResult {
  environment: string;
  pairs: number;
  plan: PlanSummary;
  /** ms per pair. */
  barePlan: number[];
  gate: number[];
  matrices: number[];
  /** The same two matrices side by side (two tabs of the one browser), ms per pair: what running journeys concurrently would give. */
  matricesSideBySide: number[];
  /** Journeys per matrix (the keys check included). */
  journeys: number;
}

const CLI = path.join(PROJECT_ROOT, 'bin', 'stripe-config.js');
const CLI_TIMEOUT_MS = 300_000;
/** Issue 8's targets. */
export const GATE_TARGET_RATIO = 1.5;
export const MATRICES_TARGET_MS = 1500;

export async function benchmarkGate(options: GateBenchOptions): Promise<GateBenchResult> {
  const scratch = scratchWorkspace('gate');
  try {
    return await measureGate(options, scratch.workspace);
  } finally {
    scratch.remove();
  }
}

async function measureGate({ environment, pairs, progress }: GateBenchOptions, workspace: Workspace): Promise<GateBenchResult> {
  const candidate = loadEnvironment(environment);
  const deployed = variantOf(candidate, (config) => (config.payments.statementDescriptorSuffix = 'SHOP OLD'));
  const result: GateBenchResult = { environment, pairs, plan: emptyPlan(), barePlan: [], gate: [], matrices: [], matricesSideBySide: [], journeys: 0 };
  {
    const targets = await openTargets(workspace, { local: true });
    try {
      progress(`gate: deploying a baseline of ${environment} for the gate to compare with`);
      await deployEnvironment(deployed, targets, workspace, { precheck: false, smoke: false, force: true, reason: 'seeding a deployed version without the gate' });
      const [stack] = synthesizeInWorkspace([candidate], workspace, targets.stackTarget);
      await terraformInit(await targets.terraformContext(candidate, stack.directory));
    } finally {
      await targets.close();
    }
  }
  // Untimed: tsx compiles the CLI's files on a first run after an edit.
  await runGate(workspace, environment);
  for (let pair = 1; pair <= pairs; pair++) {
    const inProcess = await barePlanAndMatrices(candidate, workspace);
    result.plan = inProcess.plan;
    result.barePlan.push(inProcess.planMs);
    result.matrices.push(inProcess.matricesMs);
    result.matricesSideBySide.push(inProcess.sideBySideMs);
    result.journeys = inProcess.journeys;
    const gate = await runGate(workspace, environment);
    result.gate.push(gate);
    progress(
      `gate: pair ${pair}/${pairs}: bare plan ${formatMs(inProcess.planMs)}, gate ${formatMs(gate)}, both matrices ${formatMs(inProcess.matricesMs)} (side by side ${formatMs(inProcess.sideBySideMs)})`,
    );
  }
  return result;
}

async function barePlanAndMatrices(candidate: ValidatedEnvironment, workspace: Workspace): Promise<{ plan: PlanSummary; planMs: number; matricesMs: number; sideBySideMs: number; journeys: number }> {
  const targets = await openTargets(workspace, { local: true });
  try {
    const [stack] = synthesizeInWorkspace([candidate], workspace, targets.stackTarget);
    const context = await targets.terraformContext(candidate, stack.directory);
    const plan = await timed(() => terraformPlan(context));
    if (!plan.value.changed) throw new Error('plan found no change against the deployed baseline; the benchmark would not be a gate');
    const { region, configSecretId, testMode } = locationOf(candidate);
    const live = await readDocumentVersion(targets.secretsManager(region), configSecretId);
    if (!live?.document) throw new Error('no deployed document to run the live matrix with');
    const browser = await launchCustomerBrowser({ allowedOrigins: targets.browserOrigins });
    try {
      const matrices = await timed(async () => {
        const ran = await candidateChecks(targets, candidate, browser)(candidate.rendered.document);
        return [...ran, ...(await deployedChecks(targets, region, browser, {}, testMode)(live.document!))];
      });
      const sideBySide = await timed(async () => {
        const [ran, baseline] = await Promise.all([candidateChecks(targets, candidate, browser)(candidate.rendered.document), deployedChecks(targets, region, browser, {}, testMode)(live.document!)]);
        return [...ran, ...baseline];
      });
      refuseFailures([...matrices.value, ...sideBySide.value]);
      return { plan: plan.value, planMs: plan.ms, matricesMs: matrices.ms, sideBySideMs: sideBySide.ms, journeys: matrices.value.length / 2 };
    } finally {
      await browser.close();
    }
  } finally {
    await targets.close();
  }
}

/** A journey that did not pass can be fast for the wrong reason (an error before the browser step). */
function refuseFailures(results: JourneyResult[]): void {
  const failed = results.find((result) => result.verdict !== 'pass');
  if (failed) throw new Error(`journey ${failed.journey} did not pass (${failed.actual}); its timing would mislead`);
}

async function runGate(workspace: Workspace, environment: string): Promise<number> {
  const { code, output, ms } = await runProcess(process.execPath, [CLI, 'gate', environment], {
    env: { ...process.env, STRIPE_CONFIG_HOME: workspace.root },
    timeoutMs: CLI_TIMEOUT_MS,
  });
  // Exit 0: the gate passed (a descriptor change leaves every journey unchanged); anything else would time something else.
  if (code !== 0) throw new Error(`stripe-config gate ${environment} exited ${code}:\n${output}`);
  return ms;
}

function emptyPlan(): PlanSummary {
  return { changed: false, add: 0, change: 0, destroy: 0, replace: 0, changes: [] };
}

export function formatGateBench(result: GateBenchResult): string {
  const plan = summarize(result.barePlan);
  const gate = summarize(result.gate);
  const matrices = summarize(result.matrices);
  const sideBySide = summarize(result.matricesSideBySide);
  const row = (label: string, s: ReturnType<typeof summarize>, target: string) => [label, String(s.n), formatMs(s.median), formatMs(s.min), formatMs(s.max), formatRatio(s.median, plan.median), target];
  const table = textTable(
    ['what', 'n', 'median', 'min', 'max', 'median ÷ bare plan', 'target'],
    [
      row('bare `terraform plan` (stack initialised)', plan, ''),
      row(`stripe-config gate ${result.environment} (spawned, whole)`, gate, `≤ ${GATE_TARGET_RATIO}× bare plan`),
      row(`both journey matrices (2 × ${result.journeys}, one browser)`, matrices, `< ${formatMs(MATRICES_TARGET_MS)}`),
      row('  the same, side by side (two tabs)', sideBySide, ''),
    ],
  );
  const ratio = gate.median / plan.median;
  return [
    `The gate vs a bare terraform plan: ${result.environment}, ${result.pairs} interleaved pairs; plan: ${describePlan(result.plan)}`,
    table,
    `Gate ÷ bare plan: ${ratio.toFixed(2)}× (target ≤ ${GATE_TARGET_RATIO}×: ${ratio <= GATE_TARGET_RATIO ? 'met' : `missed by ${(ratio - GATE_TARGET_RATIO).toFixed(2)}×`}); ` +
      `both matrices: ${formatMs(matrices.median)} (target < ${formatMs(MATRICES_TARGET_MS)}: ${matrices.median < MATRICES_TARGET_MS ? 'met' : `missed by ${formatMs(matrices.median - MATRICES_TARGET_MS)}`}); ` +
      `side by side they take ${formatRatio(sideBySide.median, matrices.median)} the time of one after the other.`,
    'Samples in order:',
    `  bare plan: ${result.barePlan.map(formatMs).join(', ')}`,
    `  gate:      ${result.gate.map(formatMs).join(', ')}`,
    `  matrices:  ${result.matrices.map(formatMs).join(', ')}`,
  ].join('\n');
}
