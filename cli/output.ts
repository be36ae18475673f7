/** Turns library results into the text the CLI prints. No logic beyond formatting. */
import Table from 'cli-table3';
import { compareBehaviour, formatJourneyTable, type JourneyResult } from '../checks';
import { describePlan, formatChange, redact, type DeployReport, type DriftReport, type EnvironmentHistory, type GateReport, type GateStop, type RollbackReport } from '../ops';

export function formatGate(reports: GateReport[]): string {
  const sections = reports.map((report) => {
    const lines = [
      `== gate ${report.environment} ==`,
      `terraform plan: ${describePlan(report.plan)}`,
      describeBaseline(report),
      ...describeKeys(report),
      formatJourneyTable(report.environment, report.rows),
      report.passed ? `${report.environment}: ${gateWord(report)}` : `${report.environment}: ${gateWord(report)}\n  ${report.reasons.join('\n  ')}`,
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
  return [
    `rolled back ${report.environment}: AWSCURRENT ${report.fromVersionId} → ${report.toVersionId} in ${report.durationMs} ms (verified)`,
    ...(report.changes.length > 0 ? [`restored:\n  ${report.changes.map(formatChange).join('\n  ')}`] : []),
    formatChecks(`${report.environment} smoke`, report.smoke),
    smokeLine(report),
  ].join('\n');
}

export function formatHistory(history: EnvironmentHistory): string {
  const versions = new Table({ head: ['Version', 'Created', 'Labels'], style: { head: [], border: [] } });
  for (const version of history.versions) {
    versions.push([version.versionId, version.createdAt?.toISOString() ?? '?', version.stages.join(', ') || '(none)']);
  }
  const audit = new Table({ head: ['When', 'Action', 'Who', 'From → to', 'Outcome', 'Reason'], style: { head: [], border: [] } });
  for (const record of history.audit) {
    audit.push([record.at, record.action, record.actor, `${record.from ?? '—'} → ${record.to ?? '—'}`, record.outcome, record.reason ?? record.detail ?? '']);
  }
  return [`${history.environment}: ${history.secretId}`, versions.toString(), history.audit.length > 0 ? audit.toString() : 'no deploys or rollbacks recorded in this workspace'].join('\n');
}
