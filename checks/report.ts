import Table from 'cli-table3';
import type { BehaviourRow } from './behaviour';
import type { Verdict } from './result';

const MARK: Record<Verdict, string> = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' };

/** A plain-text table, readable without colour (CI logs, terminals, PR comments in a code block). */
export function formatJourneyTable(environment: string, rows: readonly BehaviourRow[]): string {
  // The "Deployed" column appears only when there is a deployed baseline to compare with.
  const compared = rows.some((row) => row.baseline);
  const table = new Table({
    head: ['Journey', 'Expected', ...(compared ? ['Deployed'] : []), compared ? 'Candidate' : 'Observed', 'Verdict'],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: compared ? [30, 30, 30, 34, 14] : [34, 36, 40, 14],
  });
  for (const row of rows) {
    const baseline = row.baseline ? `${MARK[row.baseline.verdict]}: ${breakUrls(row.baseline.actual)}` : '—';
    // The journey's own verdict, and what the comparison with the live settings made of it.
    const verdict = row.baseline ? `${MARK[row.candidate.verdict]} (${row.verdict})` : MARK[row.candidate.verdict];
    table.push([row.title, row.expected, ...(compared ? [baseline] : []), breakUrls(row.candidate.actual), verdict]);
  }
  return `${environment}\n${table.toString()}`;
}

/** The table cuts a word longer than its column with "…", which would hide the path that matters (/checkout/returned): break URLs before the path. */
function breakUrls(text: string): string {
  return text.replace(/(https?:\/\/[^\s/]+)(\/\S*)/g, '$1\n$2');
}
