/**
 * The model as AWS puts it on the wire: PascalCase keys spelled exactly as the Go client matches
 * them, times as epoch seconds, and optional members left out rather than sent as null (facts §1.2,
 * §1.4, §6.7, §6.8).
 */
import type { Secret, SecretVersion, Tag } from './secrets';
import { labeledVersions } from './versions';

/** Epoch seconds with millisecond fraction, a JSON number (facts §1.4). */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

function tagsOut(tags: Tag[]): { Key: string; Value: string }[] {
  return tags.map((tag) => ({ Key: tag.key, Value: tag.value }));
}

function stagesByVersion(secret: Secret): Record<string, string[]> {
  return Object.fromEntries(labeledVersions(secret).map((version) => [version.versionId, [...version.stages]]));
}

/** Fields DescribeSecret and the ListSecrets entry share. */
function secretMetadata(secret: Secret): Record<string, unknown> {
  return {
    ARN: secret.arn,
    Name: secret.name,
    ...(secret.description !== undefined && { Description: secret.description }),
    // Omitted for the default key: kms_key_id is not Computed in the provider (facts §4.7).
    ...(secret.kmsKeyId !== undefined && { KmsKeyId: secret.kmsKeyId }),
    // Both always present: the provider's data source dereferences them (facts §6.7).
    LastChangedDate: epochSeconds(secret.lastChangedDate),
    ...(secret.lastAccessedDate !== undefined && { LastAccessedDate: epochSeconds(secret.lastAccessedDate) }),
    ...(secret.deletedDate !== undefined && { DeletedDate: epochSeconds(secret.deletedDate) }),
    ...(secret.rotation && {
      RotationEnabled: secret.rotation.enabled,
      ...(secret.rotation.lambdaArn && { RotationLambdaARN: secret.rotation.lambdaArn }),
      ...(secret.rotation.rules && { RotationRules: { ...secret.rotation.rules } }),
    }),
    ...(secret.tags.length > 0 && { Tags: tagsOut(secret.tags) }),
    CreatedDate: epochSeconds(secret.createdDate),
    // Only replicated secrets and replicas carry these (API reference, DescribeSecret).
    ...(secret.primaryRegion !== undefined && { PrimaryRegion: secret.primaryRegion }),
    ...(secret.replicas && { PrimaryRegion: secret.region, ReplicationStatus: replicationStatus(secret) }),
  };
}

export function replicationStatus(secret: Secret): Record<string, unknown>[] {
  return (secret.replicas ?? []).map((replica) => ({
    Region: replica.region,
    ...(replica.kmsKeyId && { KmsKeyId: replica.kmsKeyId }),
    Status: replica.status,
    StatusMessage: replica.statusMessage,
  }));
}

export function describeSecretOutput(secret: Secret): Record<string, unknown> {
  return { ...secretMetadata(secret), VersionIdsToStages: stagesByVersion(secret) };
}

/** ListSecrets calls the same map `SecretVersionsToStages` (facts §2.3, §6.8). */
export function secretListEntry(secret: Secret): Record<string, unknown> {
  return { ...secretMetadata(secret), SecretVersionsToStages: stagesByVersion(secret) };
}

export function secretValueOutput(secret: Secret, version: SecretVersion): Record<string, unknown> {
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    ...(version.secretString !== undefined && { SecretString: version.secretString }),
    ...(version.secretBinary !== undefined && { SecretBinary: version.secretBinary }),
    // An unlabeled version reads back with an empty list, which Terraform's delete wait treats as
    // gone (facts §4.7).
    VersionStages: [...version.stages],
    // Dereferenced by the provider's data source (facts §6.7).
    CreatedDate: epochSeconds(version.createdDate),
  };
}

export function versionListEntry(version: SecretVersion): Record<string, unknown> {
  return {
    VersionId: version.versionId,
    // A deprecated version appears without the key in AWS's own example (facts §2.3).
    ...(version.stages.length > 0 && { VersionStages: [...version.stages] }),
    ...(version.lastAccessedDate !== undefined && { LastAccessedDate: epochSeconds(version.lastAccessedDate) }),
    CreatedDate: epochSeconds(version.createdDate),
  };
}

export function secretReference(secret: Secret): { ARN: string; Name: string } {
  return { ARN: secret.arn, Name: secret.name };
}

/** CreateSecret's answer, the same for the first call and a retry with its token (facts §3.3). */
export function createSecretOutput(secret: Secret, versionId: string | undefined): Record<string, unknown> {
  return {
    ...secretReference(secret),
    ...(versionId !== undefined && { VersionId: versionId }),
    ...(secret.replicas && { ReplicationStatus: replicationStatus(secret) }),
  };
}
