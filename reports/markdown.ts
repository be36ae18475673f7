/**
 * gate.md: the sticky pull request comment. The verdict first (one line per environment, with what
 * to do), then what a reviewer must read (regressions, behaviour changes, key sets), the field diff
 * with what each field affects, the plan; the rest folded in <details>. Each journey appears once.
 */
import type { GateRun, GateStop } from '../ops';
import {
  expectation,
  formatDuration,
  formatValue,
  liveToCandidate,
  planCounts,
  readRun,
  rowDuration,
  verdictText,
  type EnvironmentReading,
} from './reading';

/** The first line, so a CI step can find and update its own comment. */
export const COMMENT_MARKER = '<!-- stripe-config gate -->';

export function gateMarkdown(run: GateRun): string {
  const reading = readRun(run);
  const lines = [
    COMMENT_MARKER,
    `## stripe-config gate: ${verdictText(reading.verdict)}`,
    '',
    row(['Environment', 'Verdict', 'Why', 'What to do']),
    row(['---', '---', '---', '---']),
    ...reading.lines.map((line) => row([line.environment, verdictText(line.verdict), line.summary, line.todo])),
    ...(reading.stopped ? stopSection(reading.stopped) : []),
    ...reading.environments.flatMap(environmentSection),
    '',
    `<sub>Gate run ${run.startedAt} → ${run.finishedAt} (${formatDuration(reading.durationMs)})${run.accept ? `, run with \`--accept\` "${inline(run.accept)}"` : ''}.</sub>`,
  ];
  return `${lines.join('\n')}\n`;
}

function stopSection(stop: GateStop): string[] {
  return [
    '',
    `### Stopped${stop.environment ? ` in ${stop.environment}` : ''}: ${stop.kind === 'infrastructure' ? 'infrastructure failure' : `${stop.kind} error`} (\`${stop.code}\`)`,
    '',
    ...fenced(stop.message),
    ...(stop.hint ? ['', `Hint: ${stop.hint}`] : []),
    ...(stop.detail ? ['', '<details><summary>Stack</summary>', '', ...fenced(stop.detail), '', '</details>'] : []),
  ];
}

function environmentSection(reading: EnvironmentReading): string[] {
  const { report } = reading;
  const lines = ['', `### ${report.environment}: ${verdictText(report.verdict)}`];
  if (reading.baselineNote) lines.push('', reading.baselineNote);
  if (reading.testModeNote) lines.push('', reading.testModeNote);
  if (reading.runtimeNote) lines.push('', `**${reading.runtimeNote}**`);
  for (const { group, title, rows } of reading.groups) {
    lines.push('', `#### ${title}`, '');
    if (group === 'accepted' && report.accepted) lines.push(`Accepted with the reason: "${inline(report.accepted.reason)}"`, '');
    lines.push(row(['Journey', 'Live → candidate', 'Expected (table)']), row(['---', '---', '---']));
    lines.push(...rows.map((r) => row([r.title, liveToCandidate(r), expectation(r)])));
  }
  if (reading.keySetProblems.length > 0) {
    lines.push('', '#### Key sets', '', row(['Key set', 'Verdict', 'Detail']), row(['---', '---', '---']));
    lines.push(...reading.keySetProblems.map((check) => row([check.keySet, check.verdict, check.detail])));
  }
  if (reading.fields.length > 0) {
    lines.push('', `#### Changed fields (live version \`${report.deployedVersionId}\` → candidate)`, '');
    lines.push(row(['Field', 'Live → candidate', 'Affects', 'Risk']), row(['---', '---', '---', '---']));
    lines.push(
      ...reading.fields.map(({ change, risk }) =>
        row([`\`${change.path}\``, `${formatValue(change.before)} → ${formatValue(change.after)}`, risk?.affects ?? '—', risk?.risk ?? '—']),
      ),
    );
  }
  lines.push('', `#### Plan: ${planCounts(report.plan)}`);
  if (report.plan.changes.length > 0) lines.push('', ...report.plan.changes.map((change) => `- \`${change.address}\`: ${change.action}`));
  lines.push(...details(reading));
  return lines;
}

function details(reading: EnvironmentReading): string[] {
  const { report, others } = reading;
  const passedKeySets = report.keySets.filter((check) => check.verdict === 'pass');
  const total = report.rows.reduce((sum, r) => sum + rowDuration(r), 0);
  const lines = ['', `<details><summary>${reading.groups.length > 0 ? 'Other journeys' : 'Journeys'} (${others.length})${passedKeySets.length > 0 ? ', key sets' : ''}, timings</summary>`, ''];
  if (others.length > 0) {
    lines.push(row(['Journey', 'Expected (table)', 'Observed', 'Verdict', 'Time']), row(['---', '---', '---', '---', '---']));
    lines.push(...others.map((r) => row([r.title, expectation(r), r.candidate.actual, r.verdict, formatDuration(rowDuration(r))])), '');
  }
  if (passedKeySets.length > 0) lines.push(...passedKeySets.map((check) => `- key set \`${check.keySet}\`: ${check.detail}`), '');
  lines.push(`${report.rows.length} journeys took ${formatDuration(total)} in all (both sides).`, '', '</details>');
  return lines;
}

/** A table cell: no pipe, newline or HTML tag may break the table. */
function row(cells: string[]): string {
  return `| ${cells.map((cell) => inline(cell).replace(/\|/g, '\\|')).join(' | ')} |`;
}

/** One line of text; angle brackets outside `code spans` escaped, so no text from a run becomes HTML (inside a code span GitHub shows them as they are). */
function inline(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
}

/** A code block whose fence is longer than any run of backticks inside it. */
function fenced(text: string): string[] {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return [fence, text, fence];
}
