/**
 * Versions and staging labels: the label rules of facts §3 with no HTTP in them.
 *
 * Rules mutate a `Secret` in place and throw `SecretsManagerError` with AWS's code and text when a
 * request breaks them. `moveLabel` is the compare-and-swap that rollback relies on.
 */
import { SecretsManagerError, tokenInUse, versionNotFound } from './errors';
import type { Secret, SecretValue, SecretVersion } from './secrets';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';
export const AWSPENDING = 'AWSPENDING';

/** "You can attach up to 20 staging labels to a secret" (facts §3.6). */
export const MAX_LABELS_PER_SECRET = 20;
/** Unlabeled versions beyond ~100 are cleaned up, never ones younger than 24 h (facts §3.6). */
export const MAX_VERSIONS_KEPT = 100;
const DEPRECATED_VERSION_GRACE_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function findVersion(secret: Secret, versionId: string): SecretVersion | undefined {
  return secret.versions.find((version) => version.versionId === versionId);
}

/** A label is on at most one version (facts §3.1). */
export function versionHolding(secret: Secret, label: string): SecretVersion | undefined {
  return secret.versions.find((version) => version.stages.includes(label));
}

/** Versions that still carry labels; deprecated ones never appear in label maps (facts §6.8). */
export function labeledVersions(secret: Secret): SecretVersion[] {
  return secret.versions.filter((version) => version.stages.length > 0);
}

export function hasValue(value: SecretValue): boolean {
  return value.secretString !== undefined || value.secretBinary !== undefined;
}

export function sameValue(a: SecretValue, b: SecretValue): boolean {
  return a.secretString === b.secretString && a.secretBinary === b.secretBinary;
}

function detachLabel(secret: Secret, label: string): void {
  for (const version of secret.versions) version.stages = version.stages.filter((stage) => stage !== label);
}

function assertLabelQuota(secret: Secret, adding: string): void {
  const labels = new Set(secret.versions.flatMap((version) => version.stages));
  labels.add(adding);
  if (labels.size > MAX_LABELS_PER_SECRET) {
    // Text unverified; the limit itself is documented (facts §3.6).
    throw new SecretsManagerError(
      'LimitExceededException',
      `You can attach up to ${MAX_LABELS_PER_SECRET} staging labels to a secret.`,
    );
  }
}

/**
 * Puts `label` on `target`, taking it from whichever version had it. When AWSCURRENT moves, the
 * version it left gets AWSPREVIOUS and nobody else keeps it, the target included (facts §3.5, §6.4).
 */
function attachLabel(secret: Secret, label: string, target: SecretVersion): void {
  const holder = versionHolding(secret, label);
  if (holder === target) return;
  assertLabelQuota(secret, label);
  detachLabel(secret, label);
  target.stages.push(label);
  if (label === AWSCURRENT && holder) {
    detachLabel(secret, AWSPREVIOUS);
    holder.stages.push(AWSPREVIOUS);
  }
}

export interface PutVersionRequest {
  /** The ClientRequestToken, which becomes the VersionId (facts §3.3). */
  versionId: string;
  value: SecretValue;
  /** Labels to attach; absent means "make it AWSCURRENT" (facts §3.2). */
  stages?: string[];
  now: number;
}

export interface PutVersionResult {
  version: SecretVersion;
  /** False when the token had already created this exact version: an idempotent retry. */
  created: boolean;
}

/**
 * Stores a new version and moves labels the way PutSecretValue, UpdateSecret and CreateSecret do
 * (facts §3.2, §3.3).
 */
export function putSecretVersion(secret: Secret, request: PutVersionRequest): PutVersionResult {
  const existing = findVersion(secret, request.versionId);
  if (existing && hasValue(existing)) {
    // Same token + same data is a silent no-op; different data is a conflict (facts §3.3, §6.6).
    if (!sameValue(existing, request.value)) throw tokenInUse(request.versionId, secret.arn);
    return { version: existing, created: false };
  }

  // An existing version without a value is a rotation's AWSPENDING placeholder, which the
  // rotation Lambda fills with the same token (facts §3.3, "Rotation exception").
  const version: SecretVersion = existing ?? {
    versionId: request.versionId,
    stages: [],
    createdDate: request.now,
  };
  if (request.value.secretString !== undefined) version.secretString = request.value.secretString;
  if (request.value.secretBinary !== undefined) version.secretBinary = request.value.secretBinary;
  if (!existing) secret.versions.push(version);

  // Explicit labels are taken from other versions without RemoveFromVersionId; AWSCURRENT only
  // moves when asked for (facts §3.2). A first version with explicit labels gets exactly those:
  // the provider's acceptance test against AWS expects that, although the doc says otherwise
  // (facts §3.2, unverified either way).
  const stages = request.stages ?? [AWSCURRENT];
  // AWSCURRENT first, so that an explicitly requested AWSPREVIOUS wins over the automatic one.
  const ordered = [...stages.filter((s) => s === AWSCURRENT), ...stages.filter((s) => s !== AWSCURRENT)];
  for (const label of ordered) attachLabel(secret, label, version);

  secret.lastChangedDate = request.now;
  pruneDeprecatedVersions(secret, request.now);
  return { version, created: true };
}

export interface LabelMove {
  label: string;
  moveToVersionId?: string;
  removeFromVersionId?: string;
  now: number;
}

/**
 * UpdateSecretVersionStage (facts §3.4): a compare-and-swap on one label. When the label sits on
 * another version, RemoveFromVersionId must name that version; AWSCURRENT can move but never be
 * removed outright; AWSPREVIOUS follows AWSCURRENT automatically (facts §3.5).
 */
export function moveLabel(secret: Secret, move: LabelMove): void {
  const { label, moveToVersionId, removeFromVersionId } = move;
  const target = moveToVersionId === undefined ? undefined : findVersion(secret, moveToVersionId);
  if (moveToVersionId !== undefined && !target) throw versionNotFound(moveToVersionId);
  const source = removeFromVersionId === undefined ? undefined : findVersion(secret, removeFromVersionId);
  if (removeFromVersionId !== undefined && !source) throw versionNotFound(removeFromVersionId);
  if (!target && !source) {
    // AWS's wording for this case is unknown; the request is meaningless without either id.
    throw new SecretsManagerError(
      'InvalidParameterException',
      'You must specify at least one of MoveToVersionId and RemoveFromVersionId.',
    );
  }

  const holder = versionHolding(secret, label);
  if (source && holder !== source) {
    // The compare-and-swap failure our rollback relies on; AWS's exact text is unverified (facts §2.3).
    throw new SecretsManagerError(
      'InvalidParameterException',
      holder
        ? `The parameter RemoveFromVersionId is invalid. Staging label ${label} is currently attached to version ${holder.versionId}, not to version ${source.versionId}.`
        : `The parameter RemoveFromVersionId is invalid. Staging label ${label} is not attached to version ${source.versionId}.`,
    );
  }

  if (!target) {
    if (label === AWSCURRENT) {
      // Text from a provider comment (facts §2.3 UpdateSecretVersionStage).
      throw new SecretsManagerError(
        'InvalidParameterException',
        `You can only move staging label ${AWSCURRENT} to a different secret version. It can't be completely removed.`,
      );
    }
    detachLabel(secret, label);
    secret.lastChangedDate = move.now;
    return;
  }

  if (holder === target) return;
  if (holder && !source) {
    // Verified text (facts §2.3); applies to every label, not only AWSCURRENT (facts §3.4). When
    // nobody holds the label, no RemoveFromVersionId is needed (facts §3.4 "Exception").
    throw new SecretsManagerError(
      'InvalidParameterException',
      `The parameter RemoveFromVersionId can't be empty. Staging label ${label} is currently attached to version ${holder.versionId}, so you must explicitly reference that version in RemoveFromVersionId.`,
    );
  }
  attachLabel(secret, label, target);
  secret.lastChangedDate = move.now;
}

/**
 * Drops the oldest unlabeled versions once there are more than ~100, sparing any created in the
 * last 24 hours (facts §3.6). Terraform's tracked version must never vanish early (facts §4.2).
 */
export function pruneDeprecatedVersions(secret: Secret, now: number): void {
  let excess = secret.versions.length - MAX_VERSIONS_KEPT;
  if (excess <= 0) return;
  secret.versions = secret.versions.filter((version) => {
    const removable = version.stages.length === 0 && now - version.createdDate >= DEPRECATED_VERSION_GRACE_MS;
    if (removable && excess > 0) {
      excess--;
      return false;
    }
    return true;
  });
}

/** LastAccessedDate "does not include the time" (facts §1.4): midnight UTC of the access. */
export function accessDay(now: number): number {
  return Math.floor(now / DAY_MS) * DAY_MS;
}

/** Records a read; returns whether anything changed, so the store writes at most once a day per secret. */
export function recordAccess(secret: Secret, version: SecretVersion, now: number): boolean {
  const day = accessDay(now);
  const changed = secret.lastAccessedDate !== day || version.lastAccessedDate !== day;
  secret.lastAccessedDate = day;
  version.lastAccessedDate = day;
  return changed;
}

/**
 * Starts a rotation: an empty version with AWSPENDING, unless the token already names a version (a
 * retried RotateSecret). Returns the pending version id (facts §3.3 "Rotation exception").
 */
export function startRotation(secret: Secret, versionId: string, now: number): string {
  if (!findVersion(secret, versionId)) {
    const pending: SecretVersion = { versionId, stages: [], createdDate: now };
    secret.versions.push(pending);
    attachLabel(secret, AWSPENDING, pending);
  }
  return versionId;
}

/**
 * The version GetSecretValue reads: by VersionId, by label, or by default the one AWSCURRENT is on,
 * wherever a rollback moved it (facts §6.3).
 */
export function versionToRead(secret: Secret, versionId: string | undefined, versionStage: string | undefined): SecretVersion {
  if (versionId !== undefined) {
    const version = findVersion(secret, versionId);
    if (!version) throw versionNotFound(versionId);
    if (versionStage !== undefined && !version.stages.includes(versionStage)) {
      // Both given must point at the same version (facts §2.3); AWS's text is unverified.
      throw new SecretsManagerError(
        'InvalidRequestException',
        `The staging label ${versionStage} is not attached to version ${versionId}.`,
      );
    }
    return version;
  }
  const label = versionStage ?? AWSCURRENT;
  const version = versionHolding(secret, label);
  if (!version || !hasValue(version)) {
    // Verified text (facts §2.3 GetSecretValue).
    throw new SecretsManagerError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for staging label: ${label}`,
    );
  }
  return version;
}
