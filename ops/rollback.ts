/**
 * Rollback: under the environment's lock (ops/operation.ts), AWSCURRENT moves to the target chosen
 * from the ledger (ops/rollback-target.ts: never a toggle) with compare-and-swap
 * (RemoveFromVersionId = the version read as current), is read back, the environment is put on
 * hold, then the smoke subset runs and the outcome is recorded. Terraform leaves the move alone
 * because the stack does not pin version_stages (facts §4.2); the hold keeps deploys from
 * re-applying the bad change until a person releases it.
 */
import {
  InvalidParameterException,
  ResourceNotFoundException,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { EnvironmentLocation } from '../config';
import type { JourneyResult } from '../checks';
import type { DocumentChecks } from './check-policy';
import { findLabelHolders, listVersions, readDocumentVersion } from './deployed';
import { documentChanges, type FieldChange } from './diff';
import { OpsError } from './errors';
import type { Ledger, OperationEntry } from './ledger';
import type { LockHandle } from './ledger-lock';
import { runOperation, type Operation } from './operation';
import { planRollback, type RollbackPlan } from './rollback-target';
import type { Targets } from './targets';
import type { Workspace } from './workspace';

/** The verified label move (or the plan of one), before any smoke journey. */
export interface RollbackMove {
  environment: string;
  secretId: string;
  fromVersionId: string;
  toVersionId: string;
  /** rolled-back: moved and verified; already-there: the target is live, nothing changed; dry-run: nothing changed. */
  result: 'rolled-back' | 'already-there' | 'dry-run';
  /** Why this target. */
  why: string;
  /** From the first read to the verified label move. */
  durationMs: number;
  /** What the rollback undoes, field by field (empty when the version being left is not a valid document). */
  changes: FieldChange[];
}

export interface RollbackReport extends RollbackMove {
  smoke: JourneyResult[];
  smokePassed: boolean;
}

export interface RollbackOptions {
  reason?: string;
  /** Checks of the restored document; default the policy's smoke subset; false: none (the label move alone). */
  smoke?: DocumentChecks | false;
  now?: () => number;
  /** The version the operator saw as AWSCURRENT: refused if AWSCURRENT moved since. */
  from?: string;
  /** version id | git sha | deploy time; default: the last good version (ops/rollback-target.ts). */
  to?: string;
  /** Say what would happen; change nothing. */
  dryRun?: boolean;
  /** Deploy's automatic rollback runs under deploy's lock, as its own operation. */
  lock?: LockHandle;
  /** Who (default `currentActor()`). */
  actor?: string;
  /** Default: the targets' ledger of the environment's region. */
  ledger?: Ledger;
  /** Told as soon as the move is verified and the hold set, before the smoke journeys start. */
  onMoved?: (move: RollbackMove) => void;
}

// The smoke's policy brings the checks, the Stripe SDK and Playwright: loaded after the move, when
// the smoke runs, so that on-call's command does not wait for them before restoring.
const checkPolicy = () => require('./check-policy') as typeof import('./check-policy');

export async function rollbackEnvironment(
  location: EnvironmentLocation,
  targets: Targets,
  // Kept while deploy.ts (part B) still passes it; the rollback records to the ledger, not the workspace.
  _workspace?: Workspace,
  options: RollbackOptions = {},
): Promise<RollbackReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const { environment, region, configSecretId: secretId } = location;
  const client = targets.secretsManager(region);
  const ledger = options.ledger ?? targets.ledger(region);
  const plan = (op?: Operation) => readPlan(client, ledger, location, options, (current) => op?.note({ fromVersionId: current }));
  const report = (chosen: RollbackPlan, result: RollbackReport['result'], rest: Partial<RollbackReport> = {}): RollbackReport => ({
    environment,
    secretId,
    fromVersionId: chosen.from,
    toVersionId: chosen.to,
    result,
    why: chosen.why,
    durationMs: now() - started,
    changes: chosen.leaving && chosen.target ? documentChanges(chosen.leaving, chosen.target) : [],
    smoke: [],
    smokePassed: true,
    ...rest,
  });

  if (options.dryRun) {
    const chosen = await plan();
    return report(chosen, chosen.to === chosen.from ? 'already-there' : 'dry-run');
  }
  return runOperation({ ledger, actor: options.actor, lock: options.lock }, { action: 'rollback', environment, ...(options.reason ? { reason: options.reason } : {}) }, async (op) => {
    const chosen = await plan(op);
    if (chosen.to === chosen.from) return { value: report(chosen, 'already-there'), detail: `already on ${chosen.to}: nothing changed` };
    await op.intend({ fromVersionId: chosen.from, toVersionId: chosen.to, details: { why: chosen.why.slice(0, 500) } });
    op.assertLockHeld();
    const move = await moveCurrentLabel(client, secretId, chosen.from, chosen.to, environment);
    const verified = await readDocumentVersion(client, secretId);
    if (verified?.versionId !== chosen.to) {
      throw new OpsError('rollback_conflict', `${environment}: after the move AWSCURRENT is ${verified?.versionId ?? 'missing'}, expected ${chosen.to}`);
    }
    op.changed(`AWSCURRENT is now ${chosen.to} (verified)`, chosen.to);
    const durationMs = now() - started;
    await holdAfterRollback(ledger, op, environment, chosen, options.reason);
    options.onMoved?.(report(chosen, 'rolled-back', { durationMs }));
    const smoke = options.smoke ?? checkPolicy().smokeChecks(targets, region, undefined, location.testMode);
    const smoked = smoke ? await runSmoke(smoke, chosen) : [];
    const smokePassed = smoked.every((result) => result.verdict === 'pass');
    const value = report(chosen, 'rolled-back', { durationMs, smoke: smoked, smokePassed });
    const moved = move.kind === 'read-back-as-moved' ? readBackDetail(move.attempts, move.error) : undefined;
    if (smokePassed) return { value, ...(moved ? { detail: moved } : {}) };
    const failed = smoked.filter((result) => result.verdict === 'fail').map((result) => `${result.title}: ${result.actual}`);
    return {
      value,
      status: 'changed-then-failed',
      detail: [moved, `AWSCURRENT is now ${chosen.to} (verified); then the smoke journeys failed: ${failed.join('; ')}`].filter(Boolean).join('; '),
    };
  });
}

/** Reads what the plan needs: the labels, the versions, the ledger's operations and hold. */
async function readPlan(
  client: SecretsManagerClient,
  ledger: Ledger,
  location: EnvironmentLocation,
  options: RollbackOptions,
  seen: (current: string) => void,
): Promise<RollbackPlan> {
  const { environment, region, configSecretId: secretId } = location;
  const [labels, versions, history, hold] = await Promise.all([
    findLabelHolders(client, secretId),
    listVersions(client, secretId, true),
    ledger.history(environment, { limit: 200 }),
    ledger.getHold(environment),
  ]).catch((error: Error) => {
    if (error instanceof ResourceNotFoundException) {
      throw new OpsError(
        'rollback_refused',
        `${environment}: nothing to roll back: ${secretId} does not exist in ${region}`,
        'Has this environment been deployed? Check the region and secret prefix.',
        { cause: error },
      );
    }
    throw error;
  });
  if (labels.current) seen(labels.current);
  return planRollback({
    environment,
    secretId,
    labels,
    versions: versions.map((version) => ({ versionId: version.VersionId ?? '', createdAt: version.CreatedDate })),
    operations: history.filter((entry): entry is OperationEntry => entry.kind === 'operation'),
    hold,
    from: options.from,
    to: options.to,
    read: (versionId) => readDocumentVersion(client, secretId, { versionId }),
  });
}

/** The hold that keeps deploys from re-applying what was rolled back; one already in place is kept. */
async function holdAfterRollback(ledger: Ledger, op: Operation, environment: string, chosen: RollbackPlan, reason?: string): Promise<void> {
  try {
    await ledger.setHold({ environment, operationId: op.operationId, actor: op.actor, reason: `rolled back ${chosen.from} → ${chosen.to}${reason ? `: ${reason}` : ''}` });
  } catch (error) {
    throw new OpsError('rollback_refused', `the hold could not be set: ${(error as Error).message}`, `Set it by hand: stripe-config hold ${environment} --reason "…"`, { cause: error });
  }
}

/** Smoke that ran (pass or fail) is a verdict; smoke that could not run (browser, Stripe, keys) is a failure after the change. */
async function runSmoke(smoke: DocumentChecks, chosen: RollbackPlan): Promise<JourneyResult[]> {
  let results: JourneyResult[];
  try {
    results = await smoke(chosen.target!);
  } catch (error) {
    throw new OpsError('checks_failed', `the smoke journeys could not run: ${(error as Error).message}`, (error as { hint?: string }).hint, { cause: error });
  }
  const unjudged = results.filter((result) => result.verdict === 'inconclusive');
  if (unjudged.length > 0 && !results.some((result) => result.verdict === 'fail')) {
    throw new OpsError(
      'checks_failed',
      `the smoke journeys could not run: ${unjudged.map((result) => `${result.title}: ${result.actual}`).join('; ')}`,
      'The restore is verified, but not checkout: check it another way (the shop, the Stripe dashboard).',
    );
  }
  return results;
}

/**
 * How the label move went: answered at once, or answered with an error (perhaps after the SDK
 * retried) while the labels read back show it done: an answer was lost or failed on the way.
 */
type MoveOutcome = { kind: 'moved' } | { kind: 'read-back-as-moved'; attempts: number; error: string };

/** Says "retried" only when the SDK did retry: a non-retryable error after the move is answered once. */
function readBackDetail(attempts: number, error: string): string {
  return attempts > 1
    ? `label move retried after a lost or failed answer (${attempts} attempts, last ${error}); labels read back as intended`
    : `label move answered ${error} without a retry; labels read back as intended`;
}

/**
 * The compare-and-swap move of AWSCURRENT from `current` to `previous`.
 *
 * A refusal on the first attempt is a real conflict: someone moved the label since we read it.
 * After a retry it proves nothing: an earlier attempt may have moved the label and lost its answer,
 * so the retry's RemoveFromVersionId no longer holds it (facts §3.4). Then, and after any other
 * failure, the labels are read back and decide: exactly the intended state counts as moved (had
 * someone else made the very same move meanwhile, the outcome would be identical), and the audit
 * record says how the move was answered. Tested in test/integration/rollback-faults.test.ts.
 */
async function moveCurrentLabel(
  client: SecretsManagerClient,
  secretId: string,
  current: string,
  previous: string,
  environment: string,
): Promise<MoveOutcome> {
  try {
    await client.send(
      new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: previous, RemoveFromVersionId: current }),
    );
    return { kind: 'moved' };
  } catch (error) {
    const attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
    if (error instanceof InvalidParameterException && attempts <= 1) {
      throw new OpsError(
        'rollback_conflict',
        `${environment}: AWSCURRENT moved away from ${current} while rolling back; nothing was changed (${error.message})`,
        `Someone else deployed or rolled back just now: see \`stripe-config history ${environment}\`, then decide whether to retry.`,
        { cause: error },
      );
    }
    const now = await findLabelHolders(client, secretId).catch(() => undefined);
    if (now?.current === previous && now.previous === current) return { kind: 'read-back-as-moved', attempts, error: (error as Error).name };
    const reason = `${(error as Error).name}: ${(error as Error).message}`;
    if (now?.current === current) {
      throw new OpsError(
        'rollback_refused',
        `${environment}: the label move failed (${reason}) after ${attempts} attempt(s); AWSCURRENT is still ${current}: nothing was changed`,
        'Secrets Manager did not take the move; run the rollback again.',
        { cause: error },
      );
    }
    throw new OpsError(
      'rollback_conflict',
      now
        ? `${environment}: the label move failed (${reason}) and the labels are now AWSCURRENT ${now.current ?? 'missing'}, AWSPREVIOUS ${now.previous ?? 'missing'}; ` +
            `expected AWSCURRENT ${previous} with AWSPREVIOUS ${current} (moved), or AWSCURRENT ${current} (unchanged)`
        : `${environment}: the label move failed (${reason}) and the labels could not be read back: the outcome is unknown`,
      'Check the labels with `stripe-config history` before doing anything else.',
      { cause: error },
    );
  }
}
