/**
 * Secrets, versions and staging labels: the business rules of Secrets Manager with no HTTP in them.
 *
 * The shapes here are plain JSON-friendly data so the store can persist them as they are. Rules
 * mutate a `Secret` in place and throw `SecretsManagerError` with AWS's code and text when a
 * request breaks them; the operations layer decides which rule a request needs.
 */
import { randomInt } from 'node:crypto';
import { SecretsManagerError, tokenInUse } from './errors';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';

/** "You can attach up to 20 staging labels to a secret" (facts §3.6). */
export const MAX_LABELS_PER_SECRET = 20;
/** Unlabeled versions beyond ~100 are cleaned up, never ones younger than 24 h (facts §3.6). */
export const MAX_VERSIONS_KEPT = 100;
const DEPRECATED_VERSION_GRACE_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface Tag {
  key: string;
  value: string;
}

/** The payload of one version: exactly one of the two is set (a rotation's empty AWSPENDING has neither). */
export interface SecretValue {
  secretString?: string;
  /** Base64 text exactly as it travels on the wire (facts §1.4). */
  secretBinary?: string;
}

export interface SecretVersion extends SecretValue {
  /** Equals the ClientRequestToken that created it (facts §3.3). */
  versionId: string;
  /** Staging labels; an empty list means the version is deprecated (facts §3.1). */
  stages: string[];
  createdDate: number;
  lastAccessedDate?: number;
}

export interface Secret {
  arn: string;
  name: string;
  region: string;
  description?: string;
  /** Absent for the default `aws/secretsmanager` key; AWS omits it then (facts §4.7). */
  kmsKeyId?: string;
  tags: Tag[];
  /** Stored and returned byte for byte (facts §4.7). */
  resourcePolicy?: string;
  createdDate: number;
  lastChangedDate: number;
  lastAccessedDate?: number;
  /** Set while scheduled for deletion: when the deletion was requested. */
  deletedDate?: number;
  /** When a scheduled deletion becomes final (request time + recovery window). */
  deletionDate?: number;
  /** In creation order. */
  versions: SecretVersion[];
  /** Regions this (primary) secret is replicated to; absent when it is not replicated. */
  replicas?: Replica[];
  /**
   * Set only on the read-only view of a replica (see `secretsIn`): the primary's region. Such a
   * view is never stored; writes through it are refused.
   */
  primaryRegion?: string;
  /** The CreateSecret ClientRequestToken, so a retried create is answered, not refused. */
  creationToken?: string;
  /** Set once RotateSecret has been called; kept (disabled) after CancelRotateSecret. */
  rotation?: RotationSettings;
}

/** A read-only copy of a secret in another region, kept in sync with its primary (API reference, ReplicationStatusType). */
export interface Replica {
  region: string;
  kmsKeyId?: string;
  /** `InSync` replicas serve reads; `Failed` ones (name taken in that region) exist only as a status. */
  status: 'InSync' | 'Failed';
  statusMessage: string;
}

export interface RotationSettings {
  enabled: boolean;
  lambdaArn?: string;
  rules?: { AutomaticallyAfterDays?: number; Duration?: string; ScheduleExpression?: string };
}

/** Everything the stand-in knows; all times are milliseconds since the epoch. */
export interface SecretsState {
  secrets: Secret[];
}

export function emptyState(): SecretsState {
  return { secrets: [] };
}

// ---- Names and ARNs ------------------------------------------------------------------------------

/** Letters, digits and `/_+=.@-`, 1–512 characters (facts §3.7). */
const SECRET_NAME = /^[0-9A-Za-z/_+=.@-]{1,512}$/;

export function isValidSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

const ARN_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Six mixed-case alphanumerics like AWS's `hBeXjb`; generated once per secret (facts §2.2, §6.10). */
export function randomArnSuffix(): string {
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += ARN_SUFFIX_ALPHABET[randomInt(ARN_SUFFIX_ALPHABET.length)];
  return suffix;
}

export function secretArn(region: string, accountId: string, name: string, suffix: string): string {
  return `arn:aws:secretsmanager:${region}:${accountId}:secret:${name}-${suffix}`;
}

/** The ARN without its `-XXXXXX` suffix, which callers may pass as a "partial ARN" (facts §2.2). */
function partialArn(arn: string): string {
  return arn.slice(0, -7);
}

/** The secrets one caller sees: its region's, and its account's when the account is known (facts §1.1). */
export function secretsIn(state: SecretsState, region: string, accountId?: string): Secret[] {
  const inAccount = state.secrets.filter((secret) => accountId === undefined || secret.arn.split(':')[4] === accountId);
  return [
    ...inAccount.filter((secret) => secret.region === region),
    ...inAccount.filter((secret) => secret.replicas?.some((replica) => replica.region === region && replica.status === 'InSync')).map((secret) => replicaView(secret, region)),
  ];
}

/** A replica has the primary's name and ARN suffix in its own region (API reference, ReplicateSecretToRegions). */
export function replicaArn(primary: Secret, region: string): string {
  return primary.arn.replace(`:secretsmanager:${primary.region}:`, `:secretsmanager:${region}:`);
}

/**
 * How a replica reads: the primary's versions, labels and metadata (always in sync here), under its
 * own region and ARN. Shares the primary's version objects, so reads record access on them.
 */
function replicaView(primary: Secret, region: string): Secret {
  // Tags and the resource policy travel with the replica ("metadata such as tags and resource
  // policies", replication user guide); the KMS key is the replica's own.
  const { replicas: _replicas, kmsKeyId: _primaryKey, ...shared } = primary;
  const kmsKeyId = primary.replicas?.find((replica) => replica.region === region)?.kmsKeyId;
  return { ...shared, arn: replicaArn(primary, region), region, primaryRegion: primary.region, ...(kmsKeyId && { kmsKeyId }) };
}

export function isReplica(secret: Secret): secret is Secret & { primaryRegion: string } {
  return secret.primaryRegion !== undefined;
}

/** The stored primary a replica view reads from; undefined for a secret that is no replica. */
export function primaryOf(state: SecretsState, view: Secret): Secret | undefined {
  if (!isReplica(view)) return undefined;
  return state.secrets.find((secret) => secret.region === view.primaryRegion && replicaArn(secret, view.region) === view.arn);
}

export interface ReplicaRequest {
  region: string;
  kmsKeyId?: string;
}

/**
 * Replicates `primary` to more regions (CreateSecret AddReplicaRegions, ReplicateSecretToRegions).
 * A region where the name is already taken gets a `Failed` status, unless `force` replaces the
 * secret there (ForceOverwriteReplicaSecret); the call itself still succeeds (API reference).
 */
export function addReplicas(state: SecretsState, primary: Secret, requests: ReplicaRequest[], force: boolean, accountId?: string): void {
  // Refused before anything changes, so a refused call overwrites no region's secret.
  const own = requests.find((request) => request.region === primary.region);
  if (own) throw new SecretsManagerError('InvalidParameterException', `You can't replicate secret ${primary.name} to its own region ${own.region}.`);
  for (const request of requests) {
    const occupant = findSecret(state, request.region, primary.name, accountId);
    // Taken by anything but this secret's own replica; only a standalone secret can be overwritten.
    const taken = occupant !== undefined && occupant.primaryRegion !== primary.region;
    const overwrite = taken && force && !isReplica(occupant);
    if (overwrite) state.secrets = state.secrets.filter((secret) => secret !== occupant);
    const failed = taken && !overwrite;
    primary.replicas = [
      ...(primary.replicas ?? []).filter((replica) => replica.region !== request.region),
      {
        region: request.region,
        ...(request.kmsKeyId && { kmsKeyId: request.kmsKeyId }),
        status: failed ? 'Failed' : 'InSync',
        // Wording unverified; the status values are the API's (StatusType).
        statusMessage: failed ? `Replication failed: a secret named ${primary.name} already exists in ${request.region}.` : 'Replication succeeded',
      },
    ];
  }
}

/**
 * StopReplicationToReplica: the replica in `view.region` becomes a standalone secret with the same
 * ARN, values and labels, and the primary stops replicating there.
 */
export function promoteReplica(state: SecretsState, view: Secret, now: number): Secret {
  const primary = primaryOf(state, view);
  if (!primary) throw new SecretsManagerError('InvalidRequestException', `${view.name} in ${view.region} is not a replica secret.`);
  primary.replicas = primary.replicas?.filter((replica) => replica.region !== view.region);
  if (primary.replicas?.length === 0) delete primary.replicas;
  const { primaryRegion: _primaryRegion, ...copy } = structuredClone(view);
  const standalone: Secret = { ...copy, lastChangedDate: now };
  state.secrets.push(standalone);
  return standalone;
}

/**
 * Resolves a SecretId given as name, full ARN or partial ARN within one region (facts §2.2).
 * Secrets scheduled for deletion are found too: DescribeSecret must still work on them.
 */
export function findSecret(state: SecretsState, region: string, secretId: string, accountId?: string): Secret | undefined {
  const inRegion = secretsIn(state, region, accountId);
  if (secretId.startsWith('arn:')) {
    return (
      inRegion.find((secret) => secret.arn === secretId) ??
      inRegion.find((secret) => partialArn(secret.arn) === secretId)
    );
  }
  return inRegion.find((secret) => secret.name === secretId);
}

export function isScheduledForDeletion(secret: Secret): boolean {
  return secret.deletedDate !== undefined;
}

/** Finishes scheduled deletions whose recovery window has passed. Returns whether anything went. */
export function purgeExpiredDeletions(state: SecretsState, now: number): boolean {
  const before = state.secrets.length;
  state.secrets = state.secrets.filter((secret) => secret.deletionDate === undefined || secret.deletionDate > now);
  return state.secrets.length !== before;
}

// ---- Versions and labels -------------------------------------------------------------------------

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

function sameValue(a: SecretValue, b: SecretValue): boolean {
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

function versionNotFound(versionId: string): SecretsManagerError {
  // Text by analogy with the staging-label message (facts §2.3 GetSecretValue, unverified).
  return new SecretsManagerError(
    'ResourceNotFoundException',
    `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
  );
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
    attachLabel(secret, 'AWSPENDING', pending);
  }
  return versionId;
}

// ---- Tags ----------------------------------------------------------------------------------------

/** TagResource appends or overwrites; keys are case-sensitive (facts §2.3). */
export function tagSecret(secret: Secret, tags: Tag[], now: number): void {
  for (const tag of tags) {
    const existing = secret.tags.find((t) => t.key === tag.key);
    if (existing) existing.value = tag.value;
    else secret.tags.push({ key: tag.key, value: tag.value });
  }
  secret.lastChangedDate = now;
}

/** UntagResource is idempotent; unknown keys are not an error (facts §2.3). */
export function untagSecret(secret: Secret, keys: string[], now: number): void {
  secret.tags = secret.tags.filter((tag) => !keys.includes(tag.key));
  secret.lastChangedDate = now;
}
