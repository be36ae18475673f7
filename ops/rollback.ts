/**
 * One-command rollback: AWSCURRENT moves back to the AWSPREVIOUS version with compare-and-swap
 * (RemoveFromVersionId = the version we saw as current), so a concurrent change fails loudly
 * instead of being clobbered. Secrets Manager moves AWSPREVIOUS to the version we left (facts §3.5),
 * so running it again undoes the rollback. Terraform leaves the move alone because the stack does
 * not pin version_stages (facts §4.2).
 */
import { InvalidParameterException, ResourceNotFoundException, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import type { EnvironmentLocation } from '../config';
import { StripeConfigError, type RuntimeDocument } from '../runtime';
import type { JourneyResult } from '../checks';
import { appendAudit, currentActor } from './audit';
import { findLabelHolders, readDocumentVersion } from './deployed';
import { documentChanges, type FieldChange } from './diff';
import type { Targets } from './targets';
import type { Workspace } from './workspace';

export interface RollbackReport {
  environment: string;
  secretId: string;
  fromVersionId: string;
  toVersionId: string;
  /** From the first read to the verified label move. */
  durationMs: number;
  /** What the rollback undoes, field by field (empty when the version being left is not a valid document). */
  changes: FieldChange[];
  smoke: JourneyResult[];
  smokePassed: boolean;
}

export interface RollbackOptions {
  reason?: string;
  /** Runs the smoke subset against the restored document; omitted = no smoke (tests of the label move alone). */
  smoke?: (document: RuntimeDocument) => Promise<JourneyResult[]>;
  now?: () => number;
}

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
      throw new StripeConfigError(
        'rollback_refused',
        `${environment}: nothing to roll back: ${secretId} does not exist in ${region}`,
        'Has this environment been deployed? Check the region and secret prefix.',
        { cause: error },
      );
    }
    throw error;
  });
  if (!holders.current) {
    throw new StripeConfigError('rollback_refused', `${environment}: ${secretId} has no AWSCURRENT version; nothing is deployed`);
  }
  if (!holders.previous) {
    throw new StripeConfigError(
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
    throw new StripeConfigError(
      'rollback_refused',
      `${environment}: the previous version ${holders.previous} is not a valid runtime document; refusing to make it current`,
    );
  }

  try {
    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: holders.previous,
        RemoveFromVersionId: holders.current,
      }),
    );
  } catch (error) {
    if (error instanceof InvalidParameterException) {
      throw new StripeConfigError(
        'rollback_conflict',
        `${environment}: AWSCURRENT moved away from ${holders.current} while rolling back; nothing was changed (${error.message})`,
        'Someone else deployed or rolled back just now. Read .stripe-config/audit.jsonl (or ask in the incident channel), then retry.',
        { cause: error },
      );
    }
    throw error;
  }
  const verified = await readDocumentVersion(client, secretId);
  if (verified?.versionId !== holders.previous) {
    throw new StripeConfigError(
      'rollback_conflict',
      `${environment}: after the move AWSCURRENT is ${verified?.versionId ?? 'missing'}, expected ${holders.previous}`,
    );
  }
  const durationMs = now() - started;

  const smoke = options.smoke ? await options.smoke(target.document) : [];
  const smokePassed = smoke.every((result) => result.verdict === 'pass');
  appendAudit(workspace.auditLog, {
    at: new Date(started).toISOString(),
    action: 'rollback',
    environment,
    actor: currentActor(),
    from: holders.current,
    to: holders.previous,
    durationMs,
    ...(options.reason ? { reason: options.reason } : {}),
    outcome: smokePassed ? 'ok' : 'failed',
    ...(smokePassed ? {} : { detail: 'smoke journeys failed after rollback' }),
  });
  return {
    environment,
    secretId,
    fromVersionId: holders.current,
    toVersionId: holders.previous,
    durationMs,
    changes: leaving?.document ? documentChanges(leaving.document, target.document) : [],
    smoke,
    smokePassed,
  };
}
