/** What on-call needs before acting: the config secret's versions, their labels, and the audit trail. */
import type { EnvironmentLocation } from '../config';
import { readAudit, type AuditRecord } from './audit';
import { listVersions } from './deployed';
import type { Targets } from './targets';
import type { Workspace } from './workspace';

export interface VersionEntry {
  versionId: string;
  createdAt?: Date;
  /** AWSCURRENT, AWSPREVIOUS, custom labels; empty for versions kept without a label. */
  stages: string[];
}

export interface EnvironmentHistory {
  environment: string;
  secretId: string;
  /** Newest first. */
  versions: VersionEntry[];
  /** This environment's deploys and rollbacks recorded in this workspace, newest first. */
  audit: AuditRecord[];
}

export async function environmentHistory(location: EnvironmentLocation, targets: Targets, workspace: Workspace): Promise<EnvironmentHistory> {
  const listed = await listVersions(targets.secretsManager(location.region), location.configSecretId, true);
  const versions: VersionEntry[] = listed.map((version) => ({
    versionId: version.VersionId ?? '',
    createdAt: version.CreatedDate,
    stages: version.VersionStages ?? [],
  }));
  versions.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
  const audit = readAudit(workspace.auditLog)
    .filter((record) => record.environment === location.environment)
    .reverse();
  return { environment: location.environment, secretId: location.configSecretId, versions, audit };
}
