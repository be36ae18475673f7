/**
 * Where gate time goes, for one environment: each step the gate runs, timed side by side in one
 * run, as a share of the whole, plus what a journey costs when it needs the browser.
 *
 * Why: the gate is what every pull request waits for. Knowing which step dominates says where
 * speed work pays (and whether cutting journeys would, which would cost safety).
 *
 * The environment is deployed once beforehand with a slightly different statement descriptor, so
 * that plan refreshes real resources and finds one change, as it would on a pull request. Steps are
 * interleaved (validate, synth, …, validate, synth, …) so that drift hits all of them alike.
 */
import { launchCustomerBrowser, runJourneys, JOURNEYS, type Journey, type JourneyResult } from '../checks';
import { loadEnvironment, type ValidatedEnvironment } from '../config';
import {
  deployEnvironment,
  describePlan,
  openTargets,
  synthesizeInWorkspace,
  terraformInit,
  terraformPlan,
  type PlanSummary,
  type Targets,
  type Workspace,
} from '../ops';
import { scratchWorkspace, variantOf } from './fixtures';
import { formatMs, formatPercent, formatRatio, summarize, textTable, timed } from './measure';

export interface GateStepsOptions {
  environment: string;
  repeats: number;
  progress: (line: string) => void;
}

export type JourneyKind = 'api' | 'browser';

export interface GateStep {
  name: string;
  /** ms, one per repetition. */
  samples: number[];
}

export interface GateStepsResult {
  environment: string;
  repeats: number;
  plan: PlanSummary;
  steps: GateStep[];
  apiJourneys: string[];
  browserJourneys: string[];
  /** Per-journey durations as the runner measured them, ms, one per repetition. */
  journeySamples: Map<string, number[]>;
}

const STEP_NAMES = [
  'validate (type-check + schema + rules)',
  'synth (CDKTF)',
  'terraform init + plan',
  'Chromium launch',
  'API-only journeys',
  'browser journeys (3DS challenge)',
] as const;

/** A journey needs the browser when the settings say the customer must see a challenge. */
export function journeyKind(journey: Journey, environment: ValidatedEnvironment): JourneyKind {
  return journey.expect(environment.rendered.document.payments).challenged === true ? 'browser' : 'api';
}

export async function benchmarkGateSteps(options: GateStepsOptions): Promise<GateStepsResult> {
  const { environment, repeats, progress } = options;
  const scratch = scratchWorkspace('checks');
  try {
    const targets = await openTargets(scratch.workspace, { local: true });
    try {
      return await measureGateSteps(environment, repeats, targets, scratch.workspace, progress);
    } finally {
      await targets.close();
    }
  } finally {
    scratch.remove();
  }
}

async function measureGateSteps(
  environment: string,
  repeats: number,
  targets: Targets,
  workspace: Workspace,
  progress: (line: string) => void,
): Promise<GateStepsResult> {
  // Untimed, and it warms the TypeScript compiler and the require cache: the timed validations are warm ones.
  const candidate = loadEnvironment(environment);
  const deployed = variantOf(candidate, (config) => (config.payments.statementDescriptorSuffix = 'SHOP OLD'));
  progress(`checks: deploying a baseline of ${environment} for plan to compare with`);
  await deployEnvironment(deployed, targets, workspace, { precheck: false, smoke: false, force: true, reason: 'seeding a deployed version without the gate' });

  const api = JOURNEYS.filter((journey) => journeyKind(journey, candidate) === 'api');
  const browser = JOURNEYS.filter((journey) => journeyKind(journey, candidate) === 'browser');
  const result: GateStepsResult = {
    environment,
    repeats,
    plan: { changed: false, add: 0, change: 0, destroy: 0, replace: 0, changes: [] },
    steps: STEP_NAMES.map((name) => ({ name, samples: [] })),
    apiJourneys: api.map((journey) => journey.id),
    browserJourneys: browser.map((journey) => journey.id),
    journeySamples: new Map(JOURNEYS.map((journey) => [journey.id, []])),
  };

  for (let repeat = 1; repeat <= repeats; repeat++) {
    const samples = await runGateStepsOnce(environment, targets, workspace, { api, browser }, result);
    samples.forEach((ms, index) => result.steps[index].samples.push(ms));
    progress(`checks: repetition ${repeat}/${repeats}: ${samples.map(formatMs).join(', ')}`);
  }
  return result;
}

/** One pass over every step, in the gate's order; returns ms per step in STEP_NAMES order. */
async function runGateStepsOnce(
  environment: string,
  targets: Targets,
  workspace: Workspace,
  journeys: { api: Journey[]; browser: Journey[] },
  result: GateStepsResult,
): Promise<number[]> {
  const validate = await timed(async () => loadEnvironment(environment));
  const candidate = validate.value;
  const synth = await timed(async () => synthesizeInWorkspace([candidate], workspace, targets.stackTarget));
  const context = await targets.terraformContext(candidate, synth.value[0].directory);
  const plan = await timed(async () => {
    await terraformInit(context);
    return terraformPlan(context);
  });
  if (!plan.value.changed) throw new Error('plan found no change against the deployed baseline; the benchmark would not be a gate');
  result.plan = plan.value;

  const document = candidate.rendered.document;
  const { secretKey } = await targets.keyMaterial(candidate, document.stripe.keySet);
  const launch = await timed(() => launchCustomerBrowser({ allowedOrigins: targets.browserOrigins }));
  const browser = launch.value;
  try {
    const run = { document, secretKey, endpoint: targets.stripeEndpoint, browser };
    const api = await timed(() => runJourneys(journeys.api, run));
    const challenged = await timed(() => runJourneys(journeys.browser, run));
    for (const journey of [...api.value, ...challenged.value]) recordJourney(journey, result);
    return [validate.ms, synth.ms, plan.ms, launch.ms, api.ms, challenged.ms];
  } finally {
    await browser.close();
  }
}

function recordJourney(journey: JourneyResult, result: GateStepsResult): void {
  // A failing journey can be fast for the wrong reason (an error before the browser step).
  if (journey.verdict !== 'pass') throw new Error(`journey ${journey.journey} did not pass (${journey.actual}); its timing would mislead`);
  result.journeySamples.get(journey.journey)!.push(journey.durationMs);
}

export function formatGateSteps(result: GateStepsResult): string {
  const medians = result.steps.map((step) => summarize(step.samples));
  const total = medians.reduce((sum, s) => sum + s.median, 0);
  const steps = textTable(
    ['step', 'median', 'min', 'max', 'share of total'],
    [
      ...result.steps.map((step, index) => [
        step.name,
        formatMs(medians[index].median),
        formatMs(medians[index].min),
        formatMs(medians[index].max),
        formatPercent(medians[index].median, total),
      ]),
      ['total (sum of medians)', formatMs(total), '', '', '100.0 %'],
    ],
  );
  const apiStep = medians[STEP_NAMES.indexOf('API-only journeys')].median / result.apiJourneys.length;
  const browserStep = medians[STEP_NAMES.indexOf('browser journeys (3DS challenge)')].median / result.browserJourneys.length;
  const journeys = textTable(
    ['journey', 'kind', 'median', 'min', 'max'],
    [...result.journeySamples].map(([id, samples]) => {
      const s = summarize(samples);
      const kind = result.browserJourneys.includes(id) ? 'browser' : 'api';
      return [id, kind, formatMs(s.median), formatMs(s.min), formatMs(s.max)];
    }),
  );
  return [
    `Where gate time goes: ${result.environment}, ${result.repeats} repetitions of each step, interleaved; plan: ${describePlan(result.plan)}`,
    steps,
    `Per journey: browser ${formatMs(browserStep)} vs API-only ${formatMs(apiStep)}: a challenge journey costs ` +
      `${formatRatio(browserStep, apiStep)} an API-only one (${result.browserJourneys.length} browser: ${result.browserJourneys.join(', ')}; ` +
      `${result.apiJourneys.length} API-only: ${result.apiJourneys.join(', ')}).`,
    'Each journey as the runner timed it (ms, from card tokenisation to the final outcome):',
    journeys,
  ].join('\n');
}
