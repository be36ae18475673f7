/**
 * `status <env>`: what is live (version, a summary of its document, who put it there and when), the
 * hold and who set it, and the lock: what on-call reads first at 3 a.m. Reads only.
 */
import { ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import type { EnvironmentLocation } from '../config';
import { listVersions, readDocumentVersion } from './deployed';
import type { OperationEntry } from './ledger';
import type { HoldRecord, LockRecord } from './ledger-records';
import { movedBy } from './rollback-target';
import type { Targets } from './targets';

export interface LiveDocument {
  versionId: string;
  createdAt?: Date;
  /** One line: mode, account, key set, 3DS policy, capture, currency (or why the document is invalid). */
  summary: string;
  valid: boolean;
  /** "moved there by alice at … (rollback: INC-123)", from the ledger. */
  putThereBy: string;
}

export interface EnvironmentStatus {
  environment: string;
  secretId: string;
  /** Undefined when nothing is deployed. */
  live?: LiveDocument;
  hold?: HoldRecord;
  /** The lock when one is held now (not released, lease not expired). */
  lock?: LockRecord;
  /** The newest operation, when its outcome is unknown (its process stopped, or it is still running). */
  unfinished?: OperationEntry;
}

export async function environmentStatus(location: EnvironmentLocation, targets: Targets, now: () => Date = () => new Date()): Promise<EnvironmentStatus> {
  const client = targets.secretsManager(location.region);
  const ledger = targets.ledger(location.region);
  const [live, versions, hold, lock, history] = await Promise.all([
    readDocumentVersion(client, location.configSecretId),
    listVersions(client, location.configSecretId).catch((error: unknown) => {
      if (error instanceof ResourceNotFoundException) return [];
      throw error;
    }),
    ledger.getHold(location.environment),
    ledger.readLock(location.environment),
    ledger.history(location.environment, { limit: 200 }),
  ]);
  const operations = history.filter((entry): entry is OperationEntry => entry.kind === 'operation');
  const held = lock && !lock.releasedAt && lock.expiresAt > now().toISOString() ? lock : undefined;
  const unfinished = operations[0]?.outcome === 'unknown' ? operations[0] : undefined;
  return {
    environment: location.environment,
    secretId: location.configSecretId,
    ...(live
      ? {
          live: {
            versionId: live.versionId,
            createdAt: versions.find((version) => version.VersionId === live.versionId)?.CreatedDate,
            summary: live.document
              ? [
                  `${live.document.stripe.mode} mode`,
                  live.document.stripe.accountId,
                  `key set ${live.document.stripe.keySet}`,
                  `3DS ${live.document.payments.threeDSecure}`,
                  `capture ${live.document.payments.captureMethod}`,
                  live.document.payments.currency,
                ].join(', ')
              : `not a valid runtime document: ${live.problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`,
            valid: Boolean(live.document),
            putThereBy: movedBy(operations, live.versionId),
          },
        }
      : {}),
    ...(hold ? { hold } : {}),
    ...(held ? { lock: held } : {}),
    ...(unfinished ? { unfinished } : {}),
  };
}
