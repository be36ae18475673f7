/**
 * Runtime version skew, judged: the candidate document on the runtime the checkout service really
 * runs, against the same document on the repository's runtime (what the rest of the gate judged).
 * A checkout service pins its runtime in its own lockfile, often weeks behind; a document that its
 * runtime refuses or handles differently is what broke checkout in the outage behind this project
 * (issue 12). The result is behaviour rows, so every report shows them as regressions or changes.
 */
import type { BehaviourRow, BehaviourVerdict } from './behaviour';
import { sameExperience } from './experience';
import type { JourneyResult } from './result';

export interface RuntimeSkewInput {
  /** The runtime the environment declares for its checkout service. */
  deployed: { version: string; origin: string };
  /** The repository's runtime, which the candidate's journeys ran on. */
  repository: { version: string };
  /** Why the deployed runtime's loader refuses the candidate document (checks/checkout-runtime.ts `refusalOf`). */
  refusal?: string;
  /** The candidate's journeys on the repository's runtime. */
  repositoryResults: readonly JourneyResult[];
  /** The candidate's journeys on the deployed runtime (absent when it refused the document). */
  deployedResults?: readonly JourneyResult[];
}

/** What the gate records of the check (gate.json), besides its rows. */
export interface RuntimeSkew {
  deployed: { version: string; origin: string };
  repository: { version: string };
  /** regression: refused, or a journey breaks on the deployed runtime; changed: works differently there. */
  verdict: 'same' | 'regression' | 'changed' | 'inconclusive';
  refusal?: string;
  /** One line for the reviewer, naming both versions. */
  summary: string;
}

/** The journey id of the row that says the deployed runtime refuses the document. */
export const RUNTIME_ACCEPTS_ID = 'checkout-runtime';

export function compareRuntimes(input: RuntimeSkewInput): { skew: RuntimeSkew; rows: BehaviourRow[] } {
  const { deployed, repository } = input;
  const runs = `the checkout service runs stripe-config runtime ${deployed.version} (${deployed.origin})`;
  const upgrade = `Deploy the checkout service with stripe-config ≥ ${repository.version} first.`;
  const base = { deployed, repository };

  if (input.refusal !== undefined) {
    const summary = `${runs}, which refuses this document: ${input.refusal}; the repository's runtime ${repository.version} accepts it. ${upgrade}`;
    const title = `Checkout service on stripe-config runtime ${deployed.version}`;
    const expected = `accepts the document (the repository's runtime ${repository.version} does)`;
    const candidate: JourneyResult = { journey: RUNTIME_ACCEPTS_ID, title, expected, actual: `refuses the document: ${input.refusal}`, verdict: 'fail', durationMs: 0 };
    const row: BehaviourRow = { journey: RUNTIME_ACCEPTS_ID, title, expected, candidate, verdict: 'regression', alreadyFailing: false, explanation: summary };
    return { skew: { ...base, verdict: 'regression', refusal: input.refusal, summary }, rows: [row] };
  }

  const rows = (input.deployedResults ?? []).flatMap((after): BehaviourRow[] => {
    const before = input.repositoryResults.find((result) => result.journey === after.journey);
    if (!before || same(before, after)) return [];
    const verdict = judge(before, after);
    const title = `${after.title}, on the checkout service's runtime ${deployed.version}`;
    const explanation =
      verdict === 'inconclusive'
        ? `could not compare the runtimes: ${(after.verdict === 'inconclusive' ? after : before).actual}`
        : `${runs}. With the repository's runtime ${repository.version}: ${before.actual}; with ${deployed.version}: ${after.actual} (expected ${after.expected}).${verdict === 'regression' ? ` ${upgrade}` : ''}`;
    // The repository runtime's screenshots are in the journey's own row already.
    const { evidence: _shownInItsOwnRow, ...repositorySide } = before;
    return [{ journey: `${after.journey}@runtime`, title, expected: after.expected, baseline: repositorySide, candidate: { ...after, journey: `${after.journey}@runtime`, title }, verdict, alreadyFailing: false, explanation }];
  });
  const verdict = (['regression', 'inconclusive', 'changed'] as const).find((wanted) => rows.some((row) => row.verdict === wanted)) ?? 'same';
  const summary =
    verdict === 'same'
      ? `the checkout service's runtime ${deployed.version} (${deployed.origin}) handles this document as the repository's runtime ${repository.version} does`
      : `${runs}; ${rows.length} journey${rows.length === 1 ? '' : 's'} differ from the repository's runtime ${repository.version}: ${rows.map((row) => row.candidate.journey.replace(/@runtime$/, '')).join(', ')}`;
  return { skew: { ...base, verdict, summary }, rows };
}

function same(before: JourneyResult, after: JourneyResult): boolean {
  if (before.experience && after.experience) return before.verdict === after.verdict && sameExperience(before.experience, after.experience);
  return before.verdict === after.verdict && before.actual === after.actual;
}

/** Customers get the deployed runtime's journey: broken there is a regression, working differently a change. */
function judge(before: JourneyResult, after: JourneyResult): Extract<BehaviourVerdict, 'regression' | 'changed' | 'inconclusive'> {
  if (before.verdict === 'inconclusive' || after.verdict === 'inconclusive') return 'inconclusive';
  if (after.verdict !== 'pass') return 'regression';
  return 'changed';
}
