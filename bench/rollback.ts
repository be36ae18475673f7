/**
 * Rollback by label move vs revert through Terraform, side by side in one run.
 *
 * Why: this project exists because a bad 3DS setting broke checkout for most customers for an
 * hour and the Terraform revert took minutes more. `rollback` instead moves AWSCURRENT back to the
 * previous version (compare-and-swap) and verifies it. Both mechanisms run here, alternating,
 * against the same stand-ins on the same machine, so only their ratio is meant to travel.
 *
 *   A  rollbackEnvironment without smoke: read the labels and both documents, move AWSCURRENT,
 *      read it back, append the audit record.
 *   B  the old way: synth + terraform init + apply of the previous config, read back (a deploy
 *      without smoke). Review, CI queueing and the git revert itself are not in it.
 *   C  what on-call runs: `node bin/stripe-config.js rollback <env>` as a subprocess, including
 *      process start, stand-ins started from the workspace state, and the smoke journeys in Chromium.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { loadEnvironment, locationOf, type ValidatedEnvironment } from '../config';
import {
  deployEnvironment,
  openTargets,
  PROJECT_ROOT,
  readAudit,
  readDocumentVersion,
  rollbackEnvironment,
  type Targets,
  type Workspace,
} from '../ops';
import { scratchWorkspace, variantOf } from './fixtures';
import { formatMs, formatRatio, runProcess, summarize, textTable, timed } from './measure';

const CLI = path.join(PROJECT_ROOT, 'bin', 'stripe-config.js');
// A cold CLI run (tsx compiling, Chromium starting) takes seconds; anything near this is broken.
const CLI_TIMEOUT_MS = 180_000;
// A and B time the label move and the Terraform revert alone: no journeys (C runs the CLI's smoke).
const WITHOUT_CHECKS = { precheck: false, smoke: false } as const;

export interface RollbackBenchOptions {
  environment: string;
  rounds: number;
  progress: (line: string) => void;
}

export interface RollbackBenchResult {
  environment: string;
  rounds: number;
  /** A: wall time of rollbackEnvironment (label move + verification), ms. */
  labelMove: number[];
  /** B: wall time of synth + init + apply + read-back of the previous config, ms. */
  terraformRevert: number[];
  /** C: wall time of the on-call CLI command, smoke included, ms. */
  onCall: number[];
  /** Inside each C run: the label-move time the CLI recorded, ms. */
  onCallLabelMove: number[];
  /** Inside each C run: from starting the command to the verified move, ms (wall clock, whole ms). */
  onCallRestoredAfter: number[];
}

export async function benchmarkRollback(options: RollbackBenchOptions): Promise<RollbackBenchResult> {
  const { environment, rounds, progress } = options;
  const scratch = scratchWorkspace('rollback');
  try {
    const good = loadEnvironment(environment);
    // The outage's kind of change: a 3DS policy edit.
    const bad = variantOf(good, (config) => (config.payments.threeDSecure = 'any'));
    const result: RollbackBenchResult = {
      environment,
      rounds,
      labelMove: [],
      terraformRevert: [],
      onCall: [],
      onCallLabelMove: [],
      onCallRestoredAfter: [],
    };

    const targets = await openTargets(scratch.workspace, { local: true });
    try {
      progress(`rollback: deploying ${environment} twice (sample, then threeDSecure = 'any')`);
      await deployEnvironment(good, targets, scratch.workspace, WITHOUT_CHECKS);
      await deployEnvironment(bad, targets, scratch.workspace, WITHOUT_CHECKS);
      await alternateLabelMoveAndTerraform([good, bad], targets, scratch.workspace, result, progress);
    } finally {
      // The CLI starts its own stand-ins from the workspace's state files: ours must be closed (and flushed) first.
      await targets.close();
    }

    for (let round = 1; round <= rounds; round++) {
      const run = await timed(() => runOnCallRollback(scratch.workspace, environment));
      result.onCall.push(run.ms);
      result.onCallLabelMove.push(run.value.labelMoveMs);
      result.onCallRestoredAfter.push(run.value.restoredAfterMs);
      progress(
        `rollback: CLI round ${round}/${rounds}: ${formatMs(run.ms)} ` +
          `(move verified ${formatMs(run.value.restoredAfterMs)} after start, the move itself ${formatMs(run.value.labelMoveMs)})`,
      );
    }
    return result;
  } finally {
    scratch.remove();
  }
}

/**
 * Each round starts with Terraform tracking the live document X and the other document Y as
 * AWSPREVIOUS. A makes Y live by a label move; an untimed second move puts X back, so that B
 * starts from the very same state and makes Y live through Terraform. After B, Terraform tracks Y
 * and X is previous: the next round is the mirror image. The direction does not matter to either
 * mechanism; every timed step takes the live document to the previous one.
 */
async function alternateLabelMoveAndTerraform(
  documents: [ValidatedEnvironment, ValidatedEnvironment],
  targets: Targets,
  workspace: Workspace,
  result: RollbackBenchResult,
  progress: (line: string) => void,
): Promise<void> {
  const location = locationOf(documents[0]);
  const client = targets.secretsManager(location.region);
  let tracked = 1; // index of the document Terraform tracks and that is live: the second deploy
  for (let round = 1; round <= result.rounds; round++) {
    const previous = documents[1 - tracked];

    const a = await timed(() => rollbackEnvironment(location, targets, workspace, { reason: 'benchmark: label move', smoke: false }));
    const afterA = await readDocumentVersion(client, location.configSecretId);
    if (afterA?.json !== previous.rendered.json) throw new Error(`round ${round}: the label move did not make the previous document live`);
    await rollbackEnvironment(location, targets, workspace, { reason: 'benchmark: restore before the Terraform revert', smoke: false });

    // deployEnvironment reads the document back and throws unless it is the one applied.
    const b = await timed(() => deployEnvironment(previous, targets, workspace, WITHOUT_CHECKS));
    tracked = 1 - tracked;

    result.labelMove.push(a.ms);
    result.terraformRevert.push(b.ms);
    progress(`rollback: round ${round}/${result.rounds}: A label move ${formatMs(a.ms)}, B Terraform revert ${formatMs(b.ms)}`);
  }
}

interface OnCallRun {
  /** The label-move time the CLI recorded (first read to verified move), ms. */
  labelMoveMs: number;
  /** From starting the command to the verified move: how long checkout stays on the bad settings, ms. */
  restoredAfterMs: number;
}

/** Runs the on-call command as a person would; what happened inside is read from its audit record. */
async function runOnCallRollback(workspace: Workspace, environment: string): Promise<OnCallRun> {
  const reason = `benchmark: on-call command ${randomUUID()}`;
  const startedAt = Date.now(); // wall clock, to compare with the audit record's timestamp
  const { code, output } = await runProcess(process.execPath, [CLI, 'rollback', environment, '--reason', reason], {
    env: { ...process.env, STRIPE_CONFIG_HOME: workspace.root },
    timeoutMs: CLI_TIMEOUT_MS,
  });
  // Exit 0 means the move was verified and the smoke journeys passed.
  if (code !== 0) throw new Error(`stripe-config rollback ${environment} exited ${code}:\n${output}`);
  const record = readAudit(workspace.auditLog).find((candidate) => candidate.reason === reason);
  if (record?.durationMs === undefined) throw new Error(`stripe-config rollback left no audit record with its duration:\n${output}`);
  return { labelMoveMs: record.durationMs, restoredAfterMs: Date.parse(record.at) + record.durationMs - startedAt };
}

export function formatRollbackBench(result: RollbackBenchResult): string {
  const a = summarize(result.labelMove);
  const b = summarize(result.terraformRevert);
  const c = summarize(result.onCall);
  const row = (label: string, s: ReturnType<typeof summarize>) => [
    label,
    String(s.n),
    formatMs(s.median),
    formatMs(s.min),
    formatMs(s.max),
    formatRatio(s.median, a.median),
  ];
  const table = textTable(
    ['method', 'n', 'median', 'min', 'max', 'median ÷ A'],
    [
      row('A rollback: label move + verify (no smoke)', a),
      row('B revert through Terraform: synth+init+apply', b),
      row(`C on-call: stripe-config rollback ${result.environment}`, c),
    ],
  );
  const samples = (label: string, values: number[]) => `  ${label}: ${values.map(formatMs).join(', ')}`;
  return [
    `Rollback vs Terraform revert: ${result.environment}, ${result.rounds} rounds, A and B alternating in one process, then C`,
    table,
    `B ÷ A: the label move is ${formatRatio(b.median, a.median)} faster than a Terraform revert (medians); ` +
      `${formatRatio(b.min, a.max)} comparing the fastest revert with the slowest label move.`,
    `B ÷ C: the whole on-call command, smoke in Chromium included, is ${formatRatio(b.median, c.median)} faster than the ` +
      `Terraform revert without any smoke (medians).`,
    `Inside C (medians, from its audit record): the previous document was current and verified ` +
      `${formatMs(summarize(result.onCallRestoredAfter).median)} after the command started, the move itself taking ` +
      `${formatMs(summarize(result.onCallLabelMove).median)}; the rest of C is the smoke journeys and shutting down.`,
    'Samples in order:',
    samples('A', result.labelMove),
    samples('B', result.terraformRevert),
    samples('C', result.onCall),
  ].join('\n');
}
