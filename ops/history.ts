/** What on-call needs before acting: the config secret's versions, their labels, and the audit trail. */
import { ListSecretVersionIdsCommand } from '@aws-sdk/client-secrets-manager';
import type { EnvironmentLocation } from '../config';
import { readAudit, type AuditRecord } from './audit';
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
  const client = targets.secretsManager(location.region);
  const versions: VersionEntry[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListSecretVersionIdsCommand({ SecretId: location.configSecretId, IncludeDeprecated: true, NextToken: nextToken }));
    for (const version of page.Versions ?? []) {
      versions.push({ versionId: version.VersionId ?? '', createdAt: version.CreatedDate, stages: version.VersionStages ?? [] });
    }
    nextToken = page.NextToken || undefined;
  } while (nextToken);
  versions.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
  const audit = readAudit(workspace.auditLog)
    .filter((record) => record.environment === location.environment)
    .reverse();
  return { environment: location.environment, secretId: location.configSecretId, versions, audit };
}
