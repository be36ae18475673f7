/** Turns library results into the text the CLI prints. No logic beyond formatting. */
import Table from 'cli-table3';
import { compareBehaviour, formatJourneyTable, type JourneyResult } from '../checks';
import { formatRollbackMove } from './rollback-output';
import {
  describeHolder,
  describeHold,
  describePlan,
  formatChange,
  redact,
  type CanaryReport,
  type DeployReport,
  type DriftReport,
  type EnvironmentHistory,
  type EnvironmentStatus,
  type GateReport,
  type GateStop,
  type HoldRecord,
  type LockRecord,
  type OperationEntry,
  type RollbackReport,
} from '../ops';

export function formatGate(reports: GateReport[]): string {
  const sections = reports.map((report) => {
    const lines = [
      `== gate ${report.environment} ==`,
      `terraform plan: ${describePlan(report.plan)}`,
      describeBaseline(report),
      ...describeKeys(report),
      formatJourneyTable(report.environment, report.rows),
      report.passed ? `${report.environment}: ${gateWord(report)}` : `${report.environment}: ${gateWord(report)}\n  ${report.reasons.join('\n  ')}`,
      ...(report.attestation
        ? [`attested in the ledger (${report.attestation.attestationId}, document sha256 ${report.attestation.documentSha256.slice(0, 12)}…): deploy ${report.passed ? 'may apply exactly this' : 'refuses this'}`]
        : []),
    ];
    return lines.join('\n');
  });
  const summary = new Table({ head: ['Environment', 'Plan', 'Checks passed', 'Gate'], style: { head: [], border: [] } });
  for (const report of reports) {
    summary.push([report.environment, describePlan(report.plan), checksPassed(report), gateWord(report)]);
  }
  return redact(`${sections.join('\n\n')}\n\n${summary.toString()}`);
}

/** Why the gate stopped, as every other command prints its error (stderr): the message, the hint, and a bug's stack. */
export function formatGateStop(stop: GateStop): string {
  const where = stop.environment && !stop.message.includes(stop.environment) ? `${stop.environment}: ` : '';
  return [`error: ${where}${stop.message}`, ...(stop.hint ? [`hint: ${stop.hint}`] : []), ...(stop.detail ? [stop.detail] : [])].join('\n');
}

const GATE_WORDS: Record<GateReport['verdict'], string> = {
  pass: 'PASS',
  blocked: 'FAIL (blocked)',
  'not-accepted': 'FAIL (behaviour change not accepted)',
  undecided: 'FAIL (could not decide)',
};

/** The verdict in words; a pass with accepted changes says so. */
export function gateWord(report: GateReport): string {
  return report.accepted ? `PASS (changes accepted: ${report.accepted.reason})` : GATE_WORDS[report.verdict];
}

/** "6/7": candidate checks that passed, out of all. */
export function checksPassed(report: GateReport): string {
  return `${report.rows.filter((row) => row.candidate.verdict === 'pass').length}/${report.rows.length}`;
}

/** How a live-mode environment was checked, and each key set verified before it is written: one line each. */
export function describeKeys(report: GateReport): string[] {
  return [
    ...(report.testMode
      ? [`live mode: the journeys ran these settings in Stripe test mode, with key set ${report.testMode.keySet} and ${report.testMode.publishableKey}`]
      : []),
    ...report.keySets.map((check) => `key set ${check.keySet} (verified read-only, before it is written): ${check.verdict.toUpperCase()}: ${check.detail}`),
  ];
}

function describeBaseline(report: GateReport): string {
  if (!report.deployedVersionId) return 'nothing deployed yet: no baseline to compare with';
  if (report.deployedProblems) {
    const problems = report.deployedProblems.map((p) => `${p.path} ${p.message}`).join('; ');
    return `deployed version ${report.deployedVersionId} is not a valid runtime document (${problems}): no baseline`;
  }
  if (report.changes.length === 0) return `no document changes vs deployed version ${report.deployedVersionId}`;
  return `changes vs deployed version ${report.deployedVersionId}:\n  ${report.changes.map(formatChange).join('\n  ')}`;
}

export function formatChecks(environment: string, results: JourneyResult[]): string {
  return redact(formatJourneyTable(environment, compareBehaviour(results)));
}

const CANARY_WORDS: Record<CanaryReport['status'], string> = {
  pass: 'PASS: every journey meets the expectation table',
  fail: 'FAIL: customers meet a journey that does not meet the expectation table',
  inconclusive: 'INCONCLUSIVE: a journey could not be judged (Stripe or the browser failed); not a pass',
  'nothing-deployed': 'nothing deployed yet: no live document to check',
};

export function formatCanary(report: CanaryReport): string {
  const heading = `canary ${report.environment}${report.versionId ? ` (AWSCURRENT ${report.versionId}, test mode)` : ''}`;
  const table = report.results.length > 0 ? [formatChecks(heading, report.results)] : [];
  return [...table, `${report.environment}: canary ${CANARY_WORDS[report.status]}`].join('\n');
}

export function formatDeploy(report: DeployReport): string {
  const lines = [
    ...(report.forced ? [`FORCED past the gate: ${report.forced} (recorded in operation ${report.operationId})`] : []),
    `deployed ${report.environment}: AWSCURRENT is version ${report.versionId}${report.previousVersionId ? ` (was ${report.previousVersionId})` : ''} in ${report.durationMs} ms (${describePlan(report.plan)})`,
    formatChecks(`${report.environment} smoke`, report.smoke),
  ];
  if (report.outcome !== 'ok') lines.push(`CHANGED, THEN FAILED: ${report.detail}`);
  if (report.rolledBack) lines.push(`rolled back automatically\n${formatRollback(report.rolledBack)}`);
  if (report.hold) lines.push(`${report.environment} is on hold (${report.hold.reason}): deploys are refused until \`stripe-config release ${report.environment} --reason "…"\``);
  return lines.join('\n');
}

export function formatDrift(report: DriftReport): string {
  const lines = [`drift ${report.environment}: ${report.status === 'same' ? 'same bytes' : report.status}`, report.summary];
  if (report.liveInvalid) lines.push(`AWSCURRENT (${report.liveVersionId}) is not a valid runtime document: no field diff`);
  if (report.changes.length > 0) lines.push(`live → code:\n  ${report.changes.map(formatChange).join('\n  ')}`);
  if (report.hold) lines.push(`on hold since ${report.hold.at}, set by ${report.hold.actor}: ${report.hold.reason}`);
  return lines.join('\n');
}

function smokeLine(report: RollbackReport): string {
  if (report.smokePassed) return 'smoke: PASS';
  if (report.smoke.some((result) => result.verdict === 'fail')) return 'smoke: FAIL — the restored settings fail too; escalate';
  return 'smoke: COULD NOT RUN (inconclusive) — the restore is verified, but not checkout: check it another way';
}

export function formatRollback(report: RollbackReport): string {
  if (report.result === 'already-there') {
    return `${report.environment}: AWSCURRENT is already ${report.toVersionId} (${report.why}): nothing changed`;
  }
  if (report.result === 'dry-run') {
    return [
      `dry run: would roll back ${report.environment}: AWSCURRENT ${report.fromVersionId} → ${report.toVersionId}`,
      `why: ${report.why}`,
      ...(report.changes.length > 0 ? [`would restore:\n  ${report.changes.map(formatChange).join('\n  ')}`] : ['no field of the document changes']),
      'nothing was changed',
    ].join('\n');
  }
  return [formatRollbackMove(report), formatRollbackSmoke(report)].join('\n');
}

/** What follows a move's lines (formatRollbackMove, printed as soon as the move is verified): the smoke. */
export function formatRollbackSmoke(report: RollbackReport): string {
  return [formatChecks(`${report.environment} smoke`, report.smoke), smokeLine(report)].join('\n');
}

export function formatHistory(history: EnvironmentHistory): string {
  const head = history.deployed
    ? `${history.environment}: ${history.secretId}${history.liveVersionId ? ` (AWSCURRENT ${history.liveVersionId})` : ''}`
    : `${history.environment}: never deployed: ${history.secretId} does not exist`;
  const versions = new Table({ head: ['Version', 'Created', 'Labels'], style: { head: [], border: [] } });
  for (const version of history.versions) {
    versions.push([version.versionId, version.createdAt?.toISOString() ?? '?', version.stages.join(', ') || '(none)']);
  }
  const operations = new Table({ head: ['When', 'Action', 'Who', 'Why', 'From → to', 'Outcome'], style: { head: [], border: [] } });
  for (const entry of history.operations) {
    if (entry.kind === 'unreadable') {
      operations.push(['?', '?', '?', '', '', `unreadable record ${entry.key.sk}: ${entry.problem}`]);
      continue;
    }
    operations.push([entry.startedAt, entry.action + (entry.forced ? ' (forced)' : ''), entry.actor, entry.reason ?? '', fromTo(entry), outcomeText(entry, history.liveVersionId)]);
  }
  return [
    head,
    ...(history.versions.length > 0 ? [versions.toString()] : []),
    history.operations.length > 0 ? operations.toString() : `no operations on ${history.environment} recorded in the ledger`,
  ].join('\n');
}

function fromTo(entry: OperationEntry): string {
  // A deploy learns its new version only when it has applied: its intent has no `to`, its ok outcome does.
  const to = entry.toVersionId ?? (entry.outcome !== 'unknown' && entry.outcome.status === 'ok' ? entry.outcome.liveVersionAfter : undefined);
  return entry.fromVersionId || to ? `${entry.fromVersionId ?? '—'} → ${to ?? '—'}` : '';
}

function outcomeText(entry: OperationEntry, live: string | undefined): string {
  if (entry.outcome === 'unknown') return `outcome unknown (the process stopped, or is still running); AWSCURRENT now: ${live ?? 'none'}`;
  const { status, detail, liveVersionAfter } = entry.outcome;
  return [status, ...(liveVersionAfter ? [`live after: ${liveVersionAfter}`] : []), ...(detail ? [detail] : [])].join('; ');
}

export function formatStatus(status: EnvironmentStatus): string {
  const lines = [`${status.environment}: ${status.secretId}`];
  if (status.live) {
    lines.push(`live: ${status.live.versionId}${status.live.createdAt ? ` (created ${status.live.createdAt.toISOString()})` : ''}, ${status.live.putThereBy}`);
    lines.push(`  ${status.live.summary}`);
  } else {
    lines.push('live: nothing deployed');
  }
  lines.push(status.hold ? `hold: ON HOLD, ${describeHold(status.hold)}; deploys are refused` : 'hold: none');
  lines.push(status.lock ? `lock: held by ${describeHolder(status.lock)}` : 'lock: free');
  if (status.unfinished) {
    lines.push(`last operation: ${status.unfinished.action} by ${status.unfinished.actor} at ${status.unfinished.startedAt}: outcome unknown (stopped or still running)`);
  }
  return lines.join('\n');
}

export function formatHold(environment: string, result: { status: 'set' | 'already-held'; hold: HoldRecord }): string {
  return result.status === 'set'
    ? `${environment} is on hold (${describeHold(result.hold)}): deploys are refused until released`
    : `${environment} was already on hold (${describeHold(result.hold)}): kept as it was`;
}

export function formatRelease(environment: string, hold: HoldRecord): string {
  return `${environment} released by ${hold.releasedBy} at ${hold.releasedAt} (${hold.releaseReason}); the hold was ${describeHold(hold)}. Deploys are accepted again.`;
}

export function formatUnlock(environment: string, result: { broken?: LockRecord }): string {
  return result.broken ? `${environment}: broke the lock of ${describeHolder(result.broken)}` : `${environment} was not locked: nothing to break`;
}
