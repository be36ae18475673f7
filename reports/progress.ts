/**
 * The gate's progress as plain lines for logs (CI): `[gate] production: plan done (2 to add)`.
 * The CLI's live terminal view shows the same events in place.
 */
import type { GateProgressEvent, GateReport } from '../ops';
import { formatDuration, planCounts, readEnvironment, VERDICT_WORDS } from './reading';

/** One log line for an event, or undefined for events a log does not need (a journey starting: its end says it all). */
export function describeProgress(event: GateProgressEvent): string | undefined {
  switch (event.type) {
    case 'gate-started':
      return `[gate] gating ${event.environments.join(', ') || 'no environment'}`;
    case 'environment-started':
      return `[gate] ${event.environment}: started`;
    case 'plan-started':
      return `[gate] ${event.environment}: plan started`;
    case 'plan-done':
      return `[gate] ${event.environment}: plan done (${planCounts(event.plan)})`;
    case 'journey-started':
      return undefined;
    case 'journey-done':
      return `[gate] ${event.environment}: ${event.side} ${event.result.title}: ${event.result.verdict} (${formatDuration(event.result.durationMs)})`;
    case 'environment-judged':
      return `[gate] ${event.environment}: ${judgement(event.report)}`;
  }
}

/** "blocked (1 regression)", as the reports say it. */
export function judgement(report: GateReport): string {
  return `${VERDICT_WORDS[report.verdict].words} (${readEnvironment(report).line.summary})`;
}
