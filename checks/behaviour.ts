/**
 * The gate's judge: for every journey, what customers experience on the live settings against the
 * candidate's, run side by side. The expectation table (journeys.ts) decides whether each side
 * works; it explains a change but never hides one.
 */
import { sameExperience } from './experience';
import type { JourneyResult } from './result';

/**
 * - unchanged: customers would not notice (also when both sides fail the same way: `alreadyFailing`)
 * - changed: different, and both sides work (e.g. now challenged, or authorised instead of paid)
 * - regression: worked on the live settings, broken on the candidate (or broken differently)
 * - fixed: broken on the live settings, works on the candidate
 * - inconclusive: either side could not be judged (Stripe or the browser failed)
 * - new / failing: nothing is live to compare with; the candidate works / does not
 */
export type BehaviourVerdict = 'unchanged' | 'changed' | 'regression' | 'fixed' | 'inconclusive' | 'new' | 'failing';

export interface BehaviourRow {
  journey: string;
  title: string;
  /** What the expectation table says the candidate's settings should give. */
  expected: string;
  baseline?: JourneyResult;
  candidate: JourneyResult;
  verdict: BehaviourVerdict;
  /** Both sides fail their expectation the same way: this change did not cause it, but the live settings are broken. */
  alreadyFailing: boolean;
  /** What changes for the customer, in words ("paid without challenge → paid after challenge"); empty when unchanged. */
  explanation: string;
}

export function compareBehaviour(candidate: readonly JourneyResult[], baseline?: readonly JourneyResult[]): BehaviourRow[] {
  return candidate.map((after) => {
    const before = baseline?.find((result) => result.journey === after.journey);
    const verdict = judge(after, before);
    return {
      journey: after.journey,
      title: after.title,
      expected: after.expected,
      ...(before ? { baseline: before } : {}),
      candidate: after,
      verdict,
      alreadyFailing: verdict === 'unchanged' && after.verdict === 'fail',
      explanation: explain(verdict, after, before),
    };
  });
}

function judge(after: JourneyResult, before: JourneyResult | undefined): BehaviourVerdict {
  if (after.verdict === 'inconclusive' || before?.verdict === 'inconclusive') return 'inconclusive';
  if (!before) return after.verdict === 'pass' ? 'new' : 'failing';
  if (same(before, after)) return 'unchanged';
  if (before.verdict === 'pass') return after.verdict === 'pass' ? 'changed' : 'regression';
  return after.verdict === 'pass' ? 'fixed' : 'regression';
}

function same(before: JourneyResult, after: JourneyResult): boolean {
  if (before.experience && after.experience) return sameExperience(before.experience, after.experience);
  return before.verdict === after.verdict && before.actual === after.actual;
}

function explain(verdict: BehaviourVerdict, after: JourneyResult, before: JourneyResult | undefined): string {
  switch (verdict) {
    case 'unchanged':
      return after.verdict === 'fail' ? `already failing on the live settings: ${after.actual} (expected ${after.expected})` : '';
    case 'new':
      return '';
    case 'failing':
      return `${after.actual} (expected ${after.expected})`;
    case 'inconclusive': {
      const doubtful = after.verdict === 'inconclusive' ? after : before!;
      return `${doubtful === after ? 'candidate' : 'live settings'}: ${doubtful.actual}`;
    }
    default:
      return `${before!.actual} → ${after.actual}${verdict === 'fixed' ? '' : ` (expected ${after.expected})`}`;
  }
}
