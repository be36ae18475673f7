import Table from 'cli-table3';
import type { JourneyResult, Verdict } from './result';

export interface ComparedJourney {
  journey: string;
  title: string;
  expected: string;
  baseline?: JourneyResult;
  candidate: JourneyResult;
  /** Passed on the deployed settings, fails on the candidate. */
  regression: boolean;
}

/** Pairs candidate results with baseline results of the same journey. */
export function compareResults(candidate: JourneyResult[], baseline?: JourneyResult[]): ComparedJourney[] {
  return candidate.map((result) => {
    const before = baseline?.find((b) => b.journey === result.journey);
    return {
      journey: result.journey,
      title: result.title,
      expected: result.expected,
      ...(before ? { baseline: before } : {}),
      candidate: result,
      regression: before?.verdict === 'pass' && result.verdict !== 'pass',
    };
  });
}

const MARK: Record<Verdict, string> = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' };

/** A plain-text table, readable without colour (CI logs, terminals, PR comments in a code block). */
export function formatJourneyTable(environment: string, rows: ComparedJourney[]): string {
  // The "Deployed" column appears only when there is a deployed baseline to compare with.
  const compared = rows.some((row) => row.baseline);
  const table = new Table({
    head: ['Journey', 'Expected', ...(compared ? ['Deployed'] : []), compared ? 'Candidate' : 'Observed', 'Verdict'],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: compared ? [30, 30, 30, 34, 14] : [34, 36, 40, 14],
  });
  for (const row of rows) {
    const baseline = row.baseline ? `${MARK[row.baseline.verdict]}: ${row.baseline.actual}` : '—';
    const verdict = row.regression ? `${MARK[row.candidate.verdict]} (regression)` : MARK[row.candidate.verdict];
    table.push([row.title, row.expected, ...(compared ? [baseline] : []), row.candidate.actual, verdict]);
  }
  return `${environment}\n${table.toString()}`;
}
