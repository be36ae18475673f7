/**
 * One-command rollback: AWSCURRENT moves back to the AWSPREVIOUS version with compare-and-swap
 * (RemoveFromVersionId = the version we saw as current), so a concurrent change fails loudly
 * instead of being clobbered. Secrets Manager moves AWSPREVIOUS to the version we left (facts §3.5),
 * so running it again undoes the rollback. Terraform leaves the move alone because the stack does
 * not pin version_stages (facts §4.2).
 */
import {
  InvalidParameterException,
  ResourceNotFoundException,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { EnvironmentLocation } from '../config';
import type { JourneyResult } from '../checks';
import { appendAudit, currentActor } from './audit';
import type { DocumentChecks } from './check-policy';
import { findLabelHolders, readDocumentVersion } from './deployed';
import { documentChanges, type FieldChange } from './diff';
import { OpsError } from './errors';
import type { Targets } from './targets';
import type { Workspace } from './workspace';

/** The verified label move, before any smoke journey. */
export interface RollbackMove {
  environment: string;
  secretId: string;
  fromVersionId: string;
  toVersionId: string;
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
  /** Told as soon as the move is verified, before the smoke journeys start. */
  onMoved?: (move: RollbackMove) => void;
}

// The smoke's policy brings the checks, the Stripe SDK and Playwright: loaded after the move, when
// the smoke runs, so that on-call's command does not wait for them before restoring (bench/rollback.ts).
const checkPolicy = () => require('./check-policy') as typeof import('./check-policy');

export async function rollbackEnvironment(
  location: EnvironmentLocation,
  targets: Targets,
  workspace: Workspace,
  options: RollbackOptions = {},
): Promise<RollbackReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const { environment, region, configSecretId: secretId } = location;
  const client = targets.secretsManager(region);

  const holders = await findLabelHolders(client, secretId).catch((error: Error) => {
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
  if (!holders.current) {
    throw new OpsError('rollback_refused', `${environment}: ${secretId} has no AWSCURRENT version; nothing is deployed`);
  }
  if (!holders.previous) {
    throw new OpsError(
      'rollback_refused',
      `${environment}: nothing to roll back to: ${secretId} has no AWSPREVIOUS version (current is ${holders.current})`,
      'A rollback needs an earlier deploy of this environment.',
    );
  }
  const [leaving, target] = await Promise.all([
    readDocumentVersion(client, secretId, { versionId: holders.current }),
    readDocumentVersion(client, secretId, { versionId: holders.previous }),
  ]);
  if (!target?.document) {
    throw new OpsError(
      'rollback_refused',
      `${environment}: the previous version ${holders.previous} is not a valid runtime document; refusing to make it current`,
    );
  }

  const attempted = {
    at: new Date(started).toISOString(),
    action: 'rollback' as const,
    environment,
    actor: currentActor(),
    from: holders.current,
    to: holders.previous,
    ...(options.reason ? { reason: options.reason } : {}),
  };
  let move: MoveOutcome;
  try {
    move = await moveCurrentLabel(client, secretId, holders.current, holders.previous, environment);
    const verified = await readDocumentVersion(client, secretId);
    if (verified?.versionId !== holders.previous) {
      throw new OpsError(
        'rollback_conflict',
        `${environment}: after the move AWSCURRENT is ${verified?.versionId ?? 'missing'}, expected ${holders.previous}`,
      );
    }
  } catch (error) {
    // Once the move was attempted the labels may have changed: the trail must say so, whatever the outcome.
    appendAudit(workspace.auditLog, { ...attempted, durationMs: now() - started, outcome: 'failed', detail: (error as Error).message });
    throw error;
  }
  const durationMs = now() - started;
  const moved: RollbackMove = {
    environment,
    secretId,
    fromVersionId: holders.current,
    toVersionId: holders.previous,
    durationMs,
    changes: leaving?.document ? documentChanges(leaving.document, target.document) : [],
  };
  options.onMoved?.(moved);

  const smoke = options.smoke ?? checkPolicy().smokeChecks(targets, region, undefined, location.testMode);
  const smoked = smoke ? await smoke(target.document) : [];
  const smokePassed = smoked.every((result) => result.verdict === 'pass');
  const detail = detailOf(move, smokePassed);
  appendAudit(workspace.auditLog, {
    ...attempted,
    durationMs,
    outcome: smokePassed ? 'ok' : 'failed',
    ...(detail && { detail }),
  });
  return { ...moved, smoke: smoked, smokePassed };
}

/**
 * How the label move went: answered at once, or answered with an error (perhaps after the SDK
 * retried) while the labels read back show it done: an answer was lost or failed on the way.
 */
type MoveOutcome = { kind: 'moved' } | { kind: 'read-back-as-moved'; attempts: number; error: string };

function detailOf(move: MoveOutcome, smokePassed: boolean): string | undefined {
  const parts = [
    ...(move.kind === 'read-back-as-moved' ? [readBackDetail(move.attempts, move.error)] : []),
    ...(smokePassed ? [] : ['smoke journeys failed after rollback']),
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}

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
        'Someone else deployed or rolled back just now. Read .stripe-config/audit.jsonl (or ask in the incident channel), then retry.',
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
