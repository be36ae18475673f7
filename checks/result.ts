/** What one check concluded; the runner, the preflight and the report all speak it. */
export type Verdict = 'pass' | 'fail' | 'inconclusive';

export interface JourneyResult {
  journey: string;
  title: string;
  expected: string;
  /** What happened, e.g. "paid after challenge" or "error: No such payment_method". */
  actual: string;
  verdict: Verdict;
  durationMs: number;
}
