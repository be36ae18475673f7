/**
 * Rollback by label move vs revert through Terraform, side by side in one run.
 *
 * Why: this project exists because a bad 3DS setting broke checkout for most customers for an
 * hour and the Terraform revert took minutes more. `rollback` instead moves AWSCURRENT back to the
 * previous version (compare-and-swap) and verifies it. Both mechanisms run here, alternating,
 * against the same stand-ins on the same machine, so only their ratio is meant to travel.
 *
 *   A  rollbackEnvironment without smoke: under the environment's lock in the ledger (dynalite), the
 *      intent, the labels and both documents read, AWSCURRENT moved, read back, the hold set, the
 *      outcome recorded.
 *   B  the old way: synth + terraform init + apply of the previous config, read back (a deploy
 *      without smoke). Review, CI queueing and the git revert itself are not in it.
 *   C  what on-call runs: `node bin/stripe-config.js rollback <env>` as a subprocess, with no
 *      `emulate` running: process start, the stand-ins started from the workspace state, the move,
 *      the smoke journeys in Chromium.
 *   D  the same command while `emulate` serves the workspace (as AWS is always running): the
 *      command attaches to it. Every C and D round takes the bad document back to the good one,
 *      named with --to (a rollback on hold, or to a version a rollback already left, needs it), after
 *      an untimed release of the previous round's hold.
 *   For C and D, "verified" is when the command printed its verified move (it does so before the
 *   smoke), from the spawn, i.e. from on-call's Enter; "smoke verified" is the command's exit.
 *   E  (bench/restore.ts) from D's Enter to a running checkout process serving the restored
 *      document, with Secrets Manager calls per process per minute, loader as now and as before.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { loadEnvironment, locationOf, type ValidatedEnvironment } from '../config';
import {
  deployEnvironment,
  findLabelHolders,
  localSecretsManagerClient,
  openLocalLedger,
  openTargets,
  PROJECT_ROOT,
  readDocumentVersion,
  releaseEnvironment,
  rollbackEnvironment,
  startLocalWorld,
  type Ledger,
  type Targets,
  type Workspace,
} from '../ops';
import { scratchWorkspace, variantOf } from './fixtures';
import { formatMs, formatRatio, summarize, textTable, timed } from './measure';
import { formatRestore, measureRestore, type RestoreRun } from './restore';

const CLI = path.join(PROJECT_ROOT, 'bin', 'stripe-config.js');
// A cold CLI run (tsx compiling, Chromium starting) takes seconds; anything near this is broken.
const CLI_TIMEOUT_MS = 180_000;
// A and B time the label move and the Terraform revert alone: no journeys (C runs the CLI's smoke).
// Seeding the versions a rollback moves between: no gate runs here, so the deploys are forced (recorded as such).
const WITHOUT_CHECKS = { precheck: false, smoke: false, force: true, reason: 'bench: seeding deployed versions without the gate' } as const;

export interface RollbackBenchOptions {
  environment: string;
  rounds: number;
  progress: (line: string) => void;
  /** E: how long the checkout processes are watched at least (calls per minute), ms; default 60 s. */
  restoreWindowMs?: number;
}

export interface RollbackBenchResult {
  environment: string;
  rounds: number;
  /** A: wall time of rollbackEnvironment (label move + verification), ms. */
  labelMove: number[];
  /** B: wall time of synth + init + apply + read-back of the previous config, ms. */
  terraformRevert: number[];
  /** C: the on-call command without emulate. */
  onCall: OnCallRun[];
  /** D: the on-call command with emulate running. */
  onCallAttached: OnCallRun[];
  /** E: from D's Enter to checkout processes serving the restored document. */
  restore?: RestoreRun;
}

export async function benchmarkRollback(options: RollbackBenchOptions): Promise<RollbackBenchResult> {
  const { environment, rounds, progress } = options;
  const scratch = scratchWorkspace('rollback');
  try {
    const good = loadEnvironment(environment);
    // The outage's kind of change: a 3DS policy edit.
    const bad = variantOf(good, (config) => (config.payments.threeDSecure = 'any'));
    const result: RollbackBenchResult = { environment, rounds, labelMove: [], terraformRevert: [], onCall: [], onCallAttached: [] };
    const location = locationOf(good);
    const documents = { good: good.rendered.json, bad: bad.rendered.json };

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
      // Untimed: the bad document current again, with stand-ins of our own, closed before the command starts its own.
      const world = await startLocalWorld(scratch.workspace);
      let good: string;
      try {
        good = await prepareRound(world, location, documents.bad);
      } finally {
        await world.close();
      }
      const run = await runOnCallRollback(scratch.workspace, environment, { to: good });
      result.onCall.push(run);
      progress(`rollback: C (no emulate) round ${round}/${rounds}: ${describeRun(run)}`);
    }

    // D and E: what `stripe-config emulate` does, in this process: the command attaches to it.
    const emulate = await startLocalWorld(scratch.workspace, { share: true });
    try {
      for (let round = 1; round <= rounds; round++) {
        const good = await prepareRound(emulate, location, documents.bad);
        const run = await runOnCallRollback(scratch.workspace, environment, { to: good });
        result.onCallAttached.push(run);
        progress(`rollback: D (emulate running) round ${round}/${rounds}: ${describeRun(run)}`);
      }
      const restoredVersionId = await prepareRound(emulate, location, documents.bad);
      progress('rollback: E: two checkout processes, one rollback, calls counted for at least a minute');
      result.restore = await measureRestore({
        secretsManagerUrl: emulate.secretsManagerUrl,
        region: location.region,
        secretId: location.configSecretId,
        restoredVersionId,
        settings: [{ label: 'after: default loader (check every 10 s, full read every 60 s)' }, { label: 'before: full read every 60 s only', checkIntervalMs: 60_000 }],
        pollMs: 100,
        windowMs: options.restoreWindowMs ?? 60_000,
        timeoutMs: 120_000,
        rollback: async () => {
          const run = await runOnCallRollback(scratch.workspace, environment, { to: restoredVersionId, untilVerified: true });
          return { startedAt: run.startedAt, verifiedMs: run.verifiedMs };
        },
      });
    } finally {
      await emulate.close();
    }
    return result;
  } finally {
    scratch.remove();
  }
}

/**
 * Untimed set-up of an on-call round: the hold of the previous round released, the bad document
 * current. Returns the good document's version, which the round's rollback names with --to (a
 * rollback on hold, or back to a version a rollback already left, needs it: ops/rollback-target.ts).
 */
async function prepareRound(world: { secretsManagerUrl: string; dynamodbUrl: string }, location: { environment: string; region: string; configSecretId: string }, badJson: string): Promise<string> {
  const ledger = openLocalLedger(world.dynamodbUrl);
  try {
    await releaseHold(ledger, location.environment);
  } finally {
    ledger.close();
  }
  return makeCurrent(world.secretsManagerUrl, location, badJson);
}

async function releaseHold(ledger: Ledger, environment: string): Promise<void> {
  if (await ledger.getHold(environment)) await releaseEnvironment(ledger, environment, { reason: 'benchmark: next round' });
}

/**
 * Untimed set-up of a round: `json` current and the other document previous, by one label swap if
 * needed (the two are always the two labelled versions here). Returns the other document's
 * version: the one a rollback restores.
 */
async function makeCurrent(secretsManagerUrl: string, location: { region: string; configSecretId: string }, json: string): Promise<string> {
  const client = localSecretsManagerClient(secretsManagerUrl, location.region);
  try {
    const holders = await findLabelHolders(client, location.configSecretId);
    if (!holders.current || !holders.previous) throw new Error(`${location.configSecretId} needs AWSCURRENT and AWSPREVIOUS`);
    const current = await readDocumentVersion(client, location.configSecretId);
    if (current?.json === json) return holders.previous;
    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: location.configSecretId,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: holders.previous,
        RemoveFromVersionId: holders.current,
      }),
    );
    return holders.current;
  } finally {
    client.destroy();
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

    // A rollback sets the hold, and a second one on hold needs --to: each move names its target, and the hold is released untimed.
    const labels = await findLabelHolders(client, location.configSecretId);
    const a = await timed(() =>
      rollbackEnvironment(location, targets, workspace, { reason: 'benchmark: label move', smoke: false, to: labels.previous }),
    );
    const afterA = await readDocumentVersion(client, location.configSecretId);
    if (afterA?.json !== previous.rendered.json) throw new Error(`round ${round}: the label move did not make the previous document live`);
    await rollbackEnvironment(location, targets, workspace, { reason: 'benchmark: restore before the Terraform revert', smoke: false, to: labels.current });
    await releaseHold(targets.ledger(location.region), location.environment);

    // deployEnvironment reads the document back and throws unless it is the one applied.
    const b = await timed(() => deployEnvironment(previous, targets, workspace, WITHOUT_CHECKS));
    tracked = 1 - tracked;

    result.labelMove.push(a.ms);
    result.terraformRevert.push(b.ms);
    progress(`rollback: round ${round}/${result.rounds}: A label move ${formatMs(a.ms)}, B Terraform revert ${formatMs(b.ms)}`);
  }
}

export interface OnCallRun {
  /** performance.now() at the spawn: on-call's Enter. */
  startedAt: number;
  /** From Enter to the command printing its verified move: how long checkout stays on the bad settings, ms. */
  verifiedMs: number;
  /** The label-move time the command printed (its first read to the verified move), ms. */
  labelMoveMs: number;
  /** From Enter to exit 0, smoke journeys passed, ms (absent when stopped at the verified move). */
  smokeVerifiedMs?: number;
}

const VERIFIED_LINE = /^rolled back \S+: AWSCURRENT \S+ → \S+ in (\d+) ms \(verified\)$/m;

/**
 * Runs the on-call command as a person would and timestamps its output: the verified move is the
 * line it prints as soon as the move is verified, before the smoke. `untilVerified` resolves at that
 * line (the command goes on with its smoke, and is waited for before the next step).
 */
function runOnCallRollback(workspace: Workspace, environment: string, options: { to: string; untilVerified?: boolean }): Promise<OnCallRun> {
  const reason = `benchmark: on-call command ${randomUUID()}`;
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const child = spawn(process.execPath, [CLI, 'rollback', environment, '--to', options.to, '--reason', reason], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, STRIPE_CONFIG_HOME: workspace.root },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let verified: { verifiedMs: number; labelMoveMs: number } | undefined;
    const timer = setTimeout(() => child.kill('SIGTERM'), CLI_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = verified ? undefined : VERIFIED_LINE.exec(output);
      if (match) {
        verified = { verifiedMs: performance.now() - startedAt, labelMoveMs: Number(match[1]) };
        if (options.untilVerified) resolve({ startedAt, ...verified });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const smokeVerifiedMs = performance.now() - startedAt;
      // Exit 0 means the move was verified and the smoke journeys passed.
      if (code !== 0 || !verified) reject(new Error(`stripe-config rollback ${environment} exited ${code}${verified ? '' : ' without a verified move'}:\n${output}`));
      else if (!options.untilVerified) resolve({ startedAt, ...verified, smokeVerifiedMs });
    });
  });
}

function describeRun(run: OnCallRun): string {
  return `verified ${formatMs(run.verifiedMs)} after Enter (the move itself ${formatMs(run.labelMoveMs)}), smoke verified ${formatMs(run.smokeVerifiedMs ?? NaN)}`;
}

export function formatRollbackBench(result: RollbackBenchResult): string {
  const a = summarize(result.labelMove);
  const b = summarize(result.terraformRevert);
  const verified = (runs: OnCallRun[]) => runs.map((run) => run.verifiedMs);
  const smoked = (runs: OnCallRun[]) => runs.map((run) => run.smokeVerifiedMs!);
  const c = summarize(verified(result.onCall));
  const cSmoke = summarize(smoked(result.onCall));
  const d = summarize(verified(result.onCallAttached));
  const dSmoke = summarize(smoked(result.onCallAttached));
  const row = (label: string, s: ReturnType<typeof summarize>) => [label, String(s.n), formatMs(s.median), formatMs(s.min), formatMs(s.max), formatRatio(b.median, s.median)];
  const table = textTable(
    ['method', 'n', 'median', 'min', 'max', 'B ÷ median'],
    [
      row('A label move + verify, in-process (no smoke)', a),
      row('B revert through Terraform: synth+init+apply', b),
      row(`C rollback ${result.environment}, no emulate: Enter → verified`, c),
      row('C   … Enter → smoke verified (exit)', cSmoke),
      row(`D rollback ${result.environment}, emulate running: Enter → verified`, d),
      row('D   … Enter → smoke verified (exit)', dSmoke),
    ],
  );
  const samples = (label: string, values: number[]) => `  ${label}: ${values.map(formatMs).join(', ')}`;
  return [
    `Rollback vs Terraform revert: ${result.environment}, ${result.rounds} rounds, A and B alternating in one process, then C, then D (each from the bad document to the good one)`,
    table,
    `B ÷ A: the label move is ${formatRatio(b.median, a.median)} faster than a Terraform revert (medians); ` +
      `${formatRatio(b.min, a.max)} comparing the fastest revert with the slowest label move.`,
    `On-call, emulate running (D): restored and verified ${formatMs(d.median)} after Enter (median; target 0.3 s), ` +
      `${formatRatio(b.median, d.median)} faster than B (target 20×); smoke verified after ${formatMs(dSmoke.median)} (target 3 s).`,
    `On-call, no emulate (C): restored and verified ${formatMs(c.median)} after Enter, ${formatRatio(b.median, c.median)} faster than B; ` +
      `smoke verified after ${formatMs(cSmoke.median)}.`,
    `The move itself, as the commands printed it (medians): C ${formatMs(summarize(result.onCall.map((run) => run.labelMoveMs)).median)}, ` +
      `D ${formatMs(summarize(result.onCallAttached.map((run) => run.labelMoveMs)).median)}.`,
    'Samples in order:',
    samples('A', result.labelMove),
    samples('B', result.terraformRevert),
    samples('C verified', verified(result.onCall)),
    samples('C smoke', smoked(result.onCall)),
    samples('D verified', verified(result.onCallAttached)),
    samples('D smoke', smoked(result.onCallAttached)),
    ...(result.restore ? ['', formatRestore(result.restore)] : []),
  ].join('\n');
}
