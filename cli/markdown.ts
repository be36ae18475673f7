/** The gate result as Markdown: the body of the pull request comment CI posts. */
import { describePlan, formatChange, redact, type GateReport } from '../ops';
import { checksPassed } from './output';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;

export function gateMarkdown(reports: GateReport[]): string {
  const lines = [
    '## stripe-config gate',
    '',
    row(['Environment', 'Gate', 'Plan', 'Checks passed']),
    row(['---', '---', '---', '---']),
    ...reports.map((report) =>
      row([
        report.environment,
        report.passed ? '✅ pass' : '❌ FAIL',
        describePlan(report.plan),
        checksPassed(report),
      ]),
    ),
  ];
  for (const report of reports) {
    lines.push('', `### ${report.environment}: ${report.passed ? 'pass' : 'FAIL'}`, '');
    if (report.changes.length > 0) {
      lines.push(`Changes vs deployed version \`${report.deployedVersionId}\`:`, '', ...report.changes.map((change) => `- \`${formatChange(change)}\``), '');
    } else if (!report.deployedVersionId) {
      lines.push('Nothing deployed yet: no baseline.', '');
    }
    lines.push(row(['Journey', 'Expected', 'Deployed', 'Candidate', 'Verdict']), row(['---', '---', '---', '---', '---']));
    for (const r of report.rows) {
      const verdict = r.baseline ? `${r.candidate.verdict} (${r.verdict})` : r.candidate.verdict;
      lines.push(row([r.title, r.expected, r.baseline ? `${r.baseline.verdict}: ${r.baseline.actual}` : '—', r.candidate.actual, verdict]));
    }
    if (report.reasons.length > 0) lines.push('', ...report.reasons.map((reason) => `- ${reason}`));
  }
  return redact(`${lines.join('\n')}\n`);
}
