/**
 * What on-call needs before acting, from the shared truth: the config secret's versions and labels,
 * and the ledger's operations (who, why, from, to, outcome). An operation whose process stopped
 * between intent and outcome is shown as "outcome unknown" next to what is live now; a record that
 * does not parse is listed as unreadable; an environment never deployed says so.
 */
import { ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import type { EnvironmentLocation } from '../config';
import { listVersions } from './deployed';
import type { HistoryEntry } from './ledger';
import type { Targets } from './targets';

export interface VersionEntry {
  versionId: string;
  createdAt?: Date;
  /** AWSCURRENT, AWSPREVIOUS, custom labels; empty for versions kept without a label. */
  stages: string[];
}

export interface EnvironmentHistory {
  environment: string;
  secretId: string;
  /** False when the config secret does not exist (never deployed, or another region or prefix). */
  deployed: boolean;
  /** Newest first. */
  versions: VersionEntry[];
  /** AWSCURRENT now, for operations whose outcome is unknown. */
  liveVersionId?: string;
  /** This environment's operations from the ledger (deploys, rollbacks, holds, releases, unlocks), newest first. */
  operations: HistoryEntry[];
}

export async function environmentHistory(location: EnvironmentLocation, targets: Targets, options: { limit?: number } = {}): Promise<EnvironmentHistory> {
  const [listed, operations] = await Promise.all([
    listVersions(targets.secretsManager(location.region), location.configSecretId, true).catch((error: unknown) => {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }),
    targets.ledger(location.region).history(location.environment, { limit: options.limit ?? 50 }),
  ]);
  const versions: VersionEntry[] = (listed ?? []).map((version) => ({
    versionId: version.VersionId ?? '',
    createdAt: version.CreatedDate,
    stages: version.VersionStages ?? [],
  }));
  versions.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
  const liveVersionId = versions.find((version) => version.stages.includes('AWSCURRENT'))?.versionId;
  return {
    environment: location.environment,
    secretId: location.configSecretId,
    deployed: listed !== undefined,
    versions,
    ...(liveVersionId ? { liveVersionId } : {}),
    operations,
  };
}
