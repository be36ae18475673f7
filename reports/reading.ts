/**
 * How every report reads a gate run: the verdict in words with what to do, which journeys need a
 * reviewer's eyes (each in exactly one group), the field diff with its risks, and what is left for
 * the folded details. The formats (Markdown, HTML, JUnit, progress lines) only lay this out.
 */
import type { BehaviourRow } from '../checks';
import type { FieldChange, GateReport, GateRun, GateRunVerdict, GateStop, KeySetCheck, PlanSummary } from '../ops';
import { fieldRisk, type FieldRisk } from '../config';

/** The verdict in words, the same in every format; readable without the icon. */
export const VERDICT_WORDS: Record<GateRunVerdict, { icon: string; words: string }> = {
  pass: { icon: '✅', words: 'pass' },
  blocked: { icon: '❌', words: 'blocked' },
  'not-accepted': { icon: '⚠️', words: 'behaviour change not accepted' },
  undecided: { icon: '❔', words: 'could not decide' },
  'config-error': { icon: '⛔', words: 'config error' },
  'usage-error': { icon: '⛔', words: 'usage error' },
};

export const verdictText = (verdict: GateRunVerdict): string => `${VERDICT_WORDS[verdict].icon} ${VERDICT_WORDS[verdict].words}`;

/** One line per environment (or per stop): the verdict, and what to do about it. */
export interface VerdictLine {
  environment: string;
  verdict: GateRunVerdict;
  /** "1 regression", "2 changes accepted" */
  summary: string;
  todo: string;
}

/**
 * Journeys a reviewer must read, one group each, in the order they matter. A row is in at most one
 * group; rows in none (unchanged, new) go to the details.
 */
export type RowGroup = 'regression' | 'failing' | 'inconclusive' | 'not-accepted' | 'accepted' | 'fixed' | 'already-failing';

export const GROUP_TITLES: Record<RowGroup, string> = {
  regression: 'Regressions: worked on the live settings, broken on the candidate',
  failing: 'Failing: nothing is live to compare with, and the candidate fails',
  inconclusive: 'Could not be judged (Stripe or the browser failed)',
  'not-accepted': 'Behaviour changes customers would notice, not accepted',
  accepted: 'Behaviour changes accepted',
  fixed: 'Fixed: broken on the live settings, works on the candidate',
  'already-failing': 'Already failing on the live settings (not caused by this change)',
};

export interface FieldLine {
  change: FieldChange;
  risk?: FieldRisk;
}

export interface EnvironmentReading {
  report: GateReport;
  line: VerdictLine;
  /** Where the comparison stands: nothing deployed yet, or the live version is not a valid document. */
  baselineNote?: string;
  /** A live-mode environment: its journeys ran its settings in Stripe test mode, with which keys. */
  testModeNote?: string;
  /** The environment declares its checkout service's runtime: what the candidate did on it, naming both versions. */
  runtimeNote?: string;
  groups: { group: RowGroup; title: string; rows: BehaviourRow[] }[];
  /** Rows in no group: the details. */
  others: BehaviourRow[];
  /** Key sets that failed or could not be checked; those that passed are in the details. */
  keySetProblems: KeySetCheck[];
  fields: FieldLine[];
}

export interface RunReading {
  verdict: GateRunVerdict;
  lines: VerdictLine[];
  environments: EnvironmentReading[];
  stopped?: GateStop;
  durationMs: number;
}

/** The version-skew check's verdict, as the note says it. */
const RUNTIME_SKEW_WORDS: Record<NonNullable<GateReport['checkoutRuntime']>['verdict'], string> = {
  same: 'same behaviour',
  regression: 'regression, blocks',
  changed: 'behaves differently',
  inconclusive: 'could not be compared',
};

export function readRun(run: GateRun): RunReading {
  const environments = run.environments.map(readEnvironment);
  const lines = environments.map((reading) => reading.line);
  if (run.stopped) lines.push(stopLine(run.stopped, run.verdict));
  return {
    verdict: run.verdict,
    lines,
    environments,
    ...(run.stopped ? { stopped: run.stopped } : {}),
    durationMs: Date.parse(run.finishedAt) - Date.parse(run.startedAt),
  };
}

/** Which group a row is read in, if any. */
export function rowGroup(row: BehaviourRow, report: Pick<GateReport, 'accepted'>): RowGroup | undefined {
  switch (row.verdict) {
    case 'regression':
    case 'failing':
    case 'inconclusive':
    case 'fixed':
      return row.verdict;
    case 'changed':
      return report.accepted?.journeys.includes(row.journey) ? 'accepted' : 'not-accepted';
    case 'unchanged':
      return row.alreadyFailing ? 'already-failing' : undefined;
    case 'new':
      return undefined;
  }
}

const GROUP_ORDER = Object.keys(GROUP_TITLES) as RowGroup[];
const RISK_ORDER = ['high', 'medium', 'low', undefined];

export function readEnvironment(report: GateReport): EnvironmentReading {
  const grouped = new Map<RowGroup, BehaviourRow[]>();
  const others: BehaviourRow[] = [];
  for (const row of report.rows) {
    const group = rowGroup(row, report);
    if (group) grouped.set(group, [...(grouped.get(group) ?? []), row]);
    else others.push(row);
  }
  const fields = report.changes
    // What each field affects and its risk: config's table (config/field-risks.ts), one row per field.
    .map((change) => ({ change, ...withRisk(fieldRisk(change.path)) }))
    .sort((a, b) => RISK_ORDER.indexOf(a.risk?.risk) - RISK_ORDER.indexOf(b.risk?.risk));
  const baselineNote = describeBaseline(report);
  return {
    report,
    line: environmentLine(report, grouped),
    ...(baselineNote ? { baselineNote } : {}),
    ...(report.testMode
      ? { testModeNote: `Live mode: the journeys ran these settings in Stripe test mode, with the same account's key set ${report.testMode.keySet} and ${report.testMode.publishableKey}.` }
      : {}),
    ...(report.checkoutRuntime ? { runtimeNote: `Checkout service runtime (${RUNTIME_SKEW_WORDS[report.checkoutRuntime.verdict]}): ${report.checkoutRuntime.summary}` } : {}),
    groups: GROUP_ORDER.filter((group) => grouped.has(group)).map((group) => ({ group, title: GROUP_TITLES[group], rows: grouped.get(group)! })),
    others,
    keySetProblems: report.keySets.filter((check) => check.verdict !== 'pass'),
    fields,
  };
}

const withRisk = (risk: FieldRisk | undefined) => (risk ? { risk } : {});

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function environmentLine(report: GateReport, grouped: Map<RowGroup, BehaviourRow[]>): VerdictLine {
  const n = (group: RowGroup) => grouped.get(group)?.length ?? 0;
  const failedKeySets = report.keySets.filter((check) => check.verdict === 'fail').length;
  const line = (summary: string, todo: string): VerdictLine => ({ environment: report.environment, verdict: report.verdict, summary, todo });
  switch (report.verdict) {
    case 'blocked': {
      const parts = [
        ...(n('regression') > 0 ? [count(n('regression'), 'regression')] : []),
        ...(n('failing') > 0 ? [count(n('failing'), 'failing journey')] : []),
        ...(failedKeySets > 0 ? [count(failedKeySets, 'failing key set')] : []),
      ];
      return line(parts.join(', '), 'fix the change: customers would be affected as listed below; `--accept` does not cover this');
    }
    case 'not-accepted':
      return line(count(n('not-accepted'), 'behaviour change'), 'a reviewer accepts with `--accept "<reason>"` once customers should see it');
    case 'undecided':
      return line(
        count(n('inconclusive') + report.keySets.filter((check) => check.verdict === 'inconclusive').length, 'check') + ' could not be judged',
        'run the gate again; if it persists, check Stripe and the browser (never a pass on doubt)',
      );
    case 'pass':
      if (report.accepted) return line(count(report.accepted.journeys.length, 'change') + ' accepted', `accepted: "${report.accepted.reason}"`);
      if (!report.deployedVersionId) return line('nothing deployed yet', 'every journey works on the candidate; ready to deploy');
      if (n('fixed') > 0) return line(count(n('fixed'), 'journey') + ' fixed', 'ready to deploy');
      // Fields the journeys cannot see (a statement descriptor, the payment methods offered) may still
      // reach customers: then say what was judged, and leave the fields to the list below.
      return line(report.changes.length > 0 ? `journeys unchanged; ${count(report.changes.length, 'field')} changed (listed below)` : 'nothing changes for customers', 'ready to deploy');
  }
}

function stopLine(stop: GateStop, verdict: GateRunVerdict): VerdictLine {
  const todo: Record<GateStop['kind'], string> = {
    config: 'fix the environment file (message below), then run the gate again',
    usage: 'fix the command line (message below)',
    infrastructure: 'the gate stopped before judging: fix what the message below names, then run it again',
  };
  // An infrastructure stop cannot decide, whatever other environments concluded.
  return { environment: stop.environment ?? '—', verdict: stop.kind === 'infrastructure' ? 'undecided' : verdict, summary: stop.message.split('\n')[0], todo: todo[stop.kind] };
}

function describeBaseline(report: GateReport): string | undefined {
  if (!report.deployedVersionId) return 'Nothing deployed yet: no live settings to compare with (first deploy).';
  if (report.deployedProblems) {
    const problems = report.deployedProblems.map((problem) => `${problem.path} ${problem.message}`).join('; ');
    return `The live version ${report.deployedVersionId} is not a valid runtime document (${problems}): no live settings to compare with.`;
  }
  return undefined;
}

/** "paid without challenge → paid after challenge", or one side when there is one or both read the same. */
export function liveToCandidate(row: BehaviourRow): string {
  return row.baseline && row.baseline.actual !== row.candidate.actual ? `${row.baseline.actual} → ${row.candidate.actual}` : row.candidate.actual;
}

/** What the expectation table says, for each side when they differ. */
export function expectation(row: BehaviourRow): string {
  if (!row.baseline || row.baseline.expected === row.expected) return row.expected;
  return `live settings: ${row.baseline.expected}; candidate: ${row.expected}`;
}

/** "no changes", or "1 to add, 1 to replace": the counts that are not zero. */
export function planCounts(plan: PlanSummary): string {
  if (!plan.changed) return 'no changes';
  const counts = [
    [plan.add, 'to add'],
    [plan.change, 'to change'],
    [plan.replace, 'to replace'],
    [plan.destroy, 'to destroy'],
  ] as const;
  return counts.filter(([n]) => n > 0).map(([n, words]) => `${n} ${words}`).join(', ') || 'changes outside resources';
}

export function formatValue(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Time spent on a row's journeys: the candidate's, and the live side's when it ran separately. */
export function rowDuration(row: BehaviourRow): number {
  return row.candidate.durationMs + (row.baseline && row.baseline !== row.candidate ? row.baseline.durationMs : 0);
}
