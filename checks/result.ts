/** What one check concluded; the runner, the preflight and the report all speak it. */
import type { Experience, JourneyEvidence } from './experience';

export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface JourneyResult {
  journey: string;
  title: string;
  expected: string;
  /** What happened, e.g. "paid after challenge" or "error: No such payment_method". */
  actual: string;
  /** Meets the expectation table for the settings it ran with (inconclusive: could not be judged). */
  verdict: Verdict;
  durationMs: number;
  /** What the customer and the shop saw; absent for checks that are not journeys (the keys check). */
  experience?: Experience;
  evidence?: JourneyEvidence;
}
