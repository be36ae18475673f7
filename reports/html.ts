/**
 * gate.html: one self-contained page a reviewer opens from the CI artefacts. The verdict first, the
 * same sections as the pull request comment, and for every journey the screenshots of the
 * authentication page and of the page the customer returned to. No external request: the CSS is
 * inline, screenshots are data: URLs, and a Content-Security-Policy forbids anything else.
 */
import type { BehaviourRow } from '../checks';
import type { GateRun, GateRunVerdict, GateStop } from '../ops';
import {
  expectation,
  formatDuration,
  formatValue,
  liveToCandidate,
  planCounts,
  readRun,
  rowDuration,
  rowGroup,
  VERDICT_WORDS,
  type EnvironmentReading,
} from './reading';
import { rowSides, screenshotsOf, type Screenshot } from './screenshots';

const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1f24; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; } h3 { margin-top: 1.5rem; }
table { border-collapse: collapse; margin: .5rem 0; width: 100%; } th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } code, pre { font: 13px ui-monospace, monospace; } pre { background: #f6f8fa; padding: .75rem; overflow-x: auto; white-space: pre-wrap; }
.verdict-pass { color: #1a7f37; } .verdict-blocked, .verdict-config-error, .verdict-usage-error { color: #cf222e; } .verdict-not-accepted, .verdict-undecided { color: #9a6700; }
.journey { border: 1px solid #d0d7de; border-radius: 6px; padding: .75rem 1rem; margin: .75rem 0; }
.journey h4 { margin: 0 0 .25rem; } .shots { display: flex; flex-wrap: wrap; gap: 1rem; margin-top: .5rem; }
figure { margin: 0; flex: 0 1 22rem; } figure img { width: 100%; height: auto; border: 1px solid #d0d7de; } figcaption { font-size: 13px; color: #57606a; }
`;

export function gateHtml(run: GateRun): string {
  const reading = readRun(run);
  // Words, not the Markdown's emoji: a page may be opened where no emoji font is installed; colour marks the verdict.
  const title = `stripe-config gate: ${words(reading.verdict)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1 id="verdict" class="verdict-${reading.verdict}">${escape(title)}</h1>
${table(
  ['Environment', 'Verdict', 'Why', 'What to do'],
  reading.lines.map((line) => [escape(line.environment), `<span class="verdict-${line.verdict}">${escape(words(line.verdict))}</span>`, escape(line.summary), prose(line.todo)]),
)}
${reading.stopped ? stopSection(reading.stopped) : ''}
${reading.environments.map(environmentSection).join('\n')}
<p><small>Gate run ${escape(run.startedAt)} → ${escape(run.finishedAt)} (${formatDuration(reading.durationMs)})${run.accept ? `, run with <code>--accept</code> "${escape(run.accept)}"` : ''}.</small></p>
</body>
</html>
`;
}

function stopSection(stop: GateStop): string {
  const kind = stop.kind === 'infrastructure' ? 'infrastructure failure' : `${stop.kind} error`;
  return `<h2>Stopped${stop.environment ? ` in ${escape(stop.environment)}` : ''}: ${kind} (<code>${escape(stop.code)}</code>)</h2>
<pre>${escape(stop.message)}</pre>
${stop.hint ? `<p>Hint: ${escape(stop.hint)}</p>` : ''}
${stop.detail ? `<details><summary>Stack</summary><pre>${escape(stop.detail)}</pre></details>` : ''}`;
}

function environmentSection(reading: EnvironmentReading): string {
  const { report } = reading;
  const parts = [`<h2 id="env-${escape(report.environment)}">${escape(report.environment)}: <span class="verdict-${report.verdict}">${escape(words(report.verdict))}</span></h2>`];
  if (reading.baselineNote) parts.push(`<p>${escape(reading.baselineNote)}</p>`);
  if (reading.testModeNote) parts.push(`<p>${escape(reading.testModeNote)}</p>`);
  if (reading.runtimeNote) parts.push(`<p><strong>${escape(reading.runtimeNote)}</strong></p>`);
  for (const { group, title, rows } of reading.groups) {
    parts.push(`<h3>${escape(title)}</h3>`);
    if (group === 'accepted' && report.accepted) parts.push(`<p>Accepted with the reason: "${escape(report.accepted.reason)}"</p>`);
    parts.push(table(['Journey', 'Live → candidate', 'Expected (table)'], rows.map((row) => [escape(row.title), escape(liveToCandidate(row)), escape(expectation(row))])));
  }
  if (reading.keySetProblems.length > 0) {
    parts.push('<h3>Key sets</h3>', table(['Key set', 'Verdict', 'Detail'], reading.keySetProblems.map((check) => [escape(check.keySet), escape(check.verdict), escape(check.detail)])));
  }
  if (reading.fields.length > 0) {
    parts.push(
      `<h3>Changed fields (live version <code>${escape(report.deployedVersionId ?? '')}</code> → candidate)</h3>`,
      table(
        ['Field', 'Live → candidate', 'Affects', 'Risk'],
        reading.fields.map(({ change, risk }) => [
          `<code>${escape(change.path)}</code>`,
          escape(`${formatValue(change.before)} → ${formatValue(change.after)}`),
          escape(risk?.affects ?? '—'),
          escape(risk?.risk ?? '—'),
        ]),
      ),
    );
  }
  parts.push(`<h3>Plan: ${escape(planCounts(report.plan))}</h3>`);
  if (report.plan.changes.length > 0) {
    parts.push(`<ul>${report.plan.changes.map((change) => `<li><code>${escape(change.address)}</code>: ${escape(change.action)}</li>`).join('')}</ul>`);
  }
  parts.push('<h3>Journeys, as the customer saw them</h3>', ...report.rows.map((row) => journeyCard(report.environment, row, rowGroup(row, report) !== undefined)));
  const total = report.rows.reduce((sum, row) => sum + rowDuration(row), 0);
  parts.push(`<p><small>${report.rows.length} journeys took ${formatDuration(total)} in all (both sides).</small></p>`);
  return `<section>${parts.join('\n')}</section>`;
}

/** A journey's card: what happened, and its screenshots (the live side's too when the customer's experience changed). */
function journeyCard(environment: string, row: BehaviourRow, needsReview: boolean): string {
  const sides = rowSides(row).filter(({ side }) => side === 'candidate' || needsReview);
  const figures = sides.flatMap(({ side, result }) => screenshotsOf(environment, side, result).map((shot) => figure(shot, result.experience?.landing?.url)));
  return `<div class="journey" id="journey-${escape(environment)}-${escape(row.journey)}">
<h4>${escape(row.title)}: ${escape(row.verdict)} <small>(${formatDuration(rowDuration(row))})</small></h4>
<div>${escape(liveToCandidate(row))}</div>
<div><small>Expected (table): ${escape(expectation(row))}</small></div>
${figures.length > 0 ? `<div class="shots">${figures.join('')}</div>` : noScreenshots(row)}
</div>`;
}

/** Why a journey has no screenshots; nothing for checks that are not journeys (the keys check). */
function noScreenshots(row: BehaviourRow): string {
  if (!row.candidate.experience) return '';
  const why = row.candidate.experience.challenged ? 'No screenshots were recorded for this journey.' : 'No screenshots: the customer saw no authentication page in this journey.';
  return `<div><small>${escape(why)}</small></div>`;
}

const words = (verdict: GateRunVerdict) => VERDICT_WORDS[verdict].words;

function figure(shot: Screenshot, landingUrl: string | undefined): string {
  const what = shot.page === 'authentication' ? 'Authentication page' : `Returned to ${landingUrl ?? 'the shop'}`;
  const caption = `${what} (${shot.side === 'live' ? 'live settings' : 'candidate'})`;
  return `<figure><img alt="${escape(caption)}" src="data:image/png;base64,${shot.png.toString('base64')}"><figcaption>${escape(caption)}</figcaption></figure>`;
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((cell) => `<th>${escape(cell)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escaped text whose `code spans` (as the Markdown writes them) become <code>. */
function prose(text: string): string {
  return escape(text).replace(/`([^`]*)`/g, '<code>$1</code>');
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}
