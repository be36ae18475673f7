/**
 * The Secrets Manager backend: every rule of the service, one function per operation, as moto's
 * `SecretsManagerBackend` (moto/secretsmanager/models.py) has one method per operation.
 *
 * No HTTP, no I/O and no clock of its own: each call gets a `Scope` (the state, who is calling and
 * the request's time, read once by the server) and the request in the model's words. Functions
 * mutate the state in place and throw `SecretsManagerError` with AWS's code and text; operations.ts
 * reads the wire input, calls one of them and shapes the answer. The rules they share live beside
 * this file: versions and labels (versions.ts), replication (replication.ts), resource policies
 * (resource-policy.ts), filters (filters.ts), and the data and addressing (secrets.ts).
 */
import { markedForDeletion, nameScheduledForDeletion, notOnReplica, secretNotFound, SecretsManagerError, tokenInUse } from './errors';
import { matchesFilters, SecretFilter } from './filters';
import { Page, paginate } from './pagination';
import { addReplicas, promoteReplica, removeReplicas, replicaRequests } from './replication';
import { grantsPublicAccess, parsePolicy, PUBLIC_ACCESS_MESSAGE } from './resource-policy';
import {
  findSecret,
  isReplica,
  isScheduledForDeletion,
  isValidSecretName,
  primaryOf,
  RotationRules,
  Secret,
  secretArn,
  secretsIn,
  SecretsState,
  SecretValue,
  SecretVersion,
  Tag,
} from './secrets';
import { findVersion, hasValue, moveLabel, putSecretVersion, recordAccess, sameValue, startRotation, versionToRead } from './versions';

const DAY_MS = 24 * 60 * 60 * 1000;

/** One request's view of the world. */
export interface Scope {
  state: SecretsState;
  /** From the SigV4 credential scope; appears in every ARN (facts §1.1). */
  region: string;
  accountId: string;
  /** The request's time in ms since the epoch: the only clock the rules see. */
  now: number;
  /** The 6-character ARN suffix for a new secret, given its name (facts §2.2). */
  arnSuffix: (name: string) => string;
}

// ---- Finding the secret a request names ----------------------------------------------------------

/** Any secret the id names, including one scheduled for deletion (DescribeSecret still works, facts §2.2). */
function lookup(scope: Scope, secretId: string): Secret {
  const secret = findSecret(scope.state, scope.region, secretId, scope.accountId);
  if (!secret) throw secretNotFound();
  return secret;
}

/** A secret that value, label, tag and policy calls may touch (facts §3.8, §6.2). */
function lookupLive(scope: Scope, secretId: string): Secret {
  const secret = lookup(scope, secretId);
  if (isScheduledForDeletion(secret)) throw markedForDeletion();
  return secret;
}

/** Writes go to the primary's region; a replica is a read-only view of it. */
function refuseReplica(secret: Secret): Secret {
  if (isReplica(secret)) throw notOnReplica(secret.primaryRegion);
  return secret;
}

/** A secret that writes may change: live, and a primary. */
function lookupWritable(scope: Scope, secretId: string): Secret {
  return refuseReplica(lookupLive(scope, secretId));
}

/** A request's value: at most one of the two kinds (a rotation's placeholder has neither). */
function singleValue(value: SecretValue): SecretValue {
  if (value.secretString !== undefined && value.secretBinary !== undefined) {
    throw new SecretsManagerError(
      'InvalidParameterException',
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    );
  }
  return value;
}

// ---- Secrets -------------------------------------------------------------------------------------

/** What CreateSecret and UpdateSecret both set. */
export interface SecretSettings {
  /** The ClientRequestToken; a new version's id (facts §3.3). */
  token: string;
  description?: string;
  /** On update, "" switches back to the default key. */
  kmsKeyId?: string;
  value: SecretValue;
}

export interface CreateSecretRequest extends SecretSettings {
  name: string;
  tags: Tag[];
  replicaRegions: { region?: string; kmsKeyId?: string }[];
  forceOverwriteReplica: boolean;
}

/** The secret and the id of the version the create made, if it had a value. */
export interface CreatedSecret {
  secret: Secret;
  versionId?: string;
}

/** CreateSecret, answering a retry with the first call's token the same way as the first call (facts §3.3). */
export function createSecret(scope: Scope, request: CreateSecretRequest): CreatedSecret {
  if (!isValidSecretName(request.name)) {
    // Unverified wording; the character set is documented (facts §3.7).
    throw new SecretsManagerError(
      'InvalidParameterException',
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    );
  }
  const value = singleValue(request.value);
  const existing = findSecret(scope.state, scope.region, request.name, scope.accountId);
  if (existing) return retriedCreate(existing, request.name, request.token, value);

  const secret: Secret = {
    arn: secretArn(scope.region, scope.accountId, request.name, scope.arnSuffix(request.name)),
    name: request.name,
    region: scope.region,
    // Terraform always sends Description, "" when unset; it reads back either way (facts §4.7).
    ...(request.description !== undefined && { description: request.description }),
    ...(request.kmsKeyId && { kmsKeyId: request.kmsKeyId }),
    tags: [],
    createdDate: scope.now,
    lastChangedDate: scope.now,
    versions: [],
    creationToken: request.token,
  };
  tagSecret(secret, request.tags, scope.now);
  // Without a value no version exists, even though a token was sent (facts §6.6).
  const created = hasValue(value) ? putSecretVersion(secret, { versionId: request.token, value, now: scope.now }) : undefined;
  // Before the secret is stored: a refused replica region must leave no secret behind.
  const replicas = replicaRequests(request.replicaRegions);
  if (replicas.length > 0) addReplicas(scope.state, secret, replicas, request.forceOverwriteReplica, scope.accountId);
  scope.state.secrets.push(secret);
  return { secret, versionId: created?.version.versionId };
}

/** CreateSecret on a name that exists: the first call's answer again for its retry, else a refusal. */
function retriedCreate(existing: Secret, name: string, token: string, value: SecretValue): CreatedSecret {
  if (isScheduledForDeletion(existing)) throw nameScheduledForDeletion();
  // A retried create without a value (Terraform's kind) made no version to recognise it by,
  // so the secret remembers its token; that AWS answers such a retry alike is inferred (facts §3.3).
  if (!hasValue(value) && existing.creationToken === token) return { secret: existing };
  // A retry with the same token and value gets the first answer again (facts §3.3, verified).
  const retried = findVersion(existing, token);
  if (retried) {
    if (!sameValue(retried, value)) throw tokenInUse(token, existing.arn);
    return { secret: existing, versionId: retried.versionId };
  }
  throw new SecretsManagerError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
}

export function describeSecret(scope: Scope, secretId: string): Secret {
  return lookup(scope, secretId);
}

export interface UpdateSecretRequest extends SecretSettings {
  secretId: string;
}

export function updateSecret(scope: Scope, request: UpdateSecretRequest): CreatedSecret {
  const value = singleValue(request.value);
  const secret = lookupWritable(scope, request.secretId);
  if (request.description !== undefined) secret.description = request.description;
  // "" switches back to the default key, which AWS then omits (facts §2.3 UpdateSecret).
  if (request.kmsKeyId !== undefined) {
    if (request.kmsKeyId === '') delete secret.kmsKeyId;
    else secret.kmsKeyId = request.kmsKeyId;
  }
  secret.lastChangedDate = scope.now;
  // With a value it behaves like PutSecretValue without labels; without, no version (facts §2.3).
  const created = hasValue(value) ? putSecretVersion(secret, { versionId: request.token, value, now: scope.now }) : undefined;
  return { secret, versionId: created?.version.versionId };
}

/** ListSecrets SortBy values; secrets are listed by creation date unless told otherwise. */
const SORT_KEYS: Record<string, (secret: Secret) => number | string> = {
  'created-date': (s) => s.createdDate,
  'last-accessed-date': (s) => s.lastAccessedDate ?? 0,
  'last-changed-date': (s) => s.lastChangedDate,
  name: (s) => s.name,
};

export const LIST_SORT_KEYS = Object.keys(SORT_KEYS);

export interface ListSecretsRequest {
  includePlannedDeletion: boolean;
  filters: SecretFilter[];
  sortBy: string;
  descending: boolean;
  maxResults: number;
  nextToken?: string;
}

export function listSecrets(scope: Scope, request: ListSecretsRequest): Page<Secret> {
  const sortKey = SORT_KEYS[request.sortBy];
  const direction = request.descending ? -1 : 1;
  const secrets = secretsIn(scope.state, scope.region, scope.accountId)
    // Hidden while scheduled for deletion unless asked for (facts §2.2).
    .filter((s) => request.includePlannedDeletion || !isScheduledForDeletion(s))
    .filter((s) => matchesFilters(s, request.filters))
    .sort((a, b) => {
      const [x, y] = [sortKey(a), sortKey(b)];
      return (x < y ? -1 : x > y ? 1 : a.name.localeCompare(b.name)) * direction;
    });
  return paginate(secrets, request.maxResults, request.nextToken);
}

// ---- Deletion ------------------------------------------------------------------------------------

export interface DeleteSecretRequest {
  secretId: string;
  recoveryWindowInDays?: number;
  forceDeleteWithoutRecovery: boolean;
}

/** What DeleteSecret answers; an unknown secret force-deleted has no ARN. */
export interface DeletedSecret {
  arn?: string;
  name: string;
  deletionDate: number;
}

export function deleteSecret(scope: Scope, request: DeleteSecretRequest): DeletedSecret {
  const force = request.forceDeleteWithoutRecovery;
  if (force && request.recoveryWindowInDays !== undefined) {
    throw new SecretsManagerError(
      'InvalidParameterException',
      "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    );
  }
  const windowDays = request.recoveryWindowInDays ?? 30;
  if (windowDays < 7 || windowDays > 30) {
    // 0 included: use the force flag instead (facts §4.5).
    throw new SecretsManagerError('InvalidParameterException', 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
  }
  const secret = findSecret(scope.state, scope.region, request.secretId, scope.accountId);
  if (!secret) {
    // Force-deleting an unknown or already deleted secret is not an error (facts §2.3 DeleteSecret).
    if (force) return { name: request.secretId, deletionDate: scope.now };
    throw secretNotFound();
  }
  refuseReplica(secret);
  if (secret.replicas && secret.replicas.length > 0) {
    // A primary with replicas cannot be deleted (facts §2.3 DeleteSecret); wording unverified.
    throw new SecretsManagerError(
      'InvalidParameterException',
      `You can't delete secret ${secret.name} while it is replicated to ${secret.replicas.map((r) => r.region).join(', ')}. Remove the replica regions first.`,
    );
  }
  if (force) {
    // AWS finishes this asynchronously; finishing at once is a valid schedule of that (facts §4.5).
    scope.state.secrets = scope.state.secrets.filter((s) => s !== secret);
    return { arn: secret.arn, name: secret.name, deletionDate: scope.now };
  }
  if (isScheduledForDeletion(secret)) {
    // AWS behaviour inferred from moto (facts §2.3 DeleteSecret).
    throw new SecretsManagerError(
      'InvalidRequestException',
      "You can't perform this operation on the secret because it was already scheduled for deletion.",
    );
  }
  // DeletedDate is the request time; the docs disagree and Terraform only checks presence (facts §5.2 row 18).
  secret.deletedDate = scope.now;
  secret.deletionDate = scope.now + windowDays * DAY_MS;
  secret.lastChangedDate = scope.now;
  return { arn: secret.arn, name: secret.name, deletionDate: secret.deletionDate };
}

/** RestoreSecret cancels a scheduled deletion; on a live secret it changes nothing but the date. */
export function restoreSecret(scope: Scope, secretId: string): Secret {
  const secret = refuseReplica(lookup(scope, secretId));
  delete secret.deletedDate;
  delete secret.deletionDate;
  secret.lastChangedDate = scope.now;
  return secret;
}

/** Finishes scheduled deletions whose recovery window has passed. Returns whether anything went. */
export function purgeExpiredDeletions(state: SecretsState, now: number): boolean {
  const before = state.secrets.length;
  state.secrets = state.secrets.filter((secret) => secret.deletionDate === undefined || secret.deletionDate > now);
  return state.secrets.length !== before;
}

// ---- Values and labels ---------------------------------------------------------------------------

export interface ReadValueRequest {
  secretId: string;
  versionId?: string;
  versionStage?: string;
}

/** A value read, and whether LastAccessedDate changed (day resolution: at most once a day per secret). */
export interface ValueRead {
  secret: Secret;
  version: SecretVersion;
  accessed: boolean;
}

export function getSecretValue(scope: Scope, request: ReadValueRequest): ValueRead {
  const secret = lookupLive(scope, request.secretId);
  const version = versionToRead(secret, request.versionId, request.versionStage);
  // A replica view is rebuilt per request: the access must land on the stored primary, or every
  // read of a replica would count as the day's first and rewrite the state file.
  const accessed = recordAccess(primaryOf(scope.state, secret) ?? secret, version, scope.now);
  return { secret, version, accessed };
}

export interface BatchReadRequest {
  secretIds?: string[];
  filters?: SecretFilter[];
  maxResults?: number;
  nextToken?: string;
}

export interface BatchRead {
  values: ValueRead[];
  /** Per-secret failures; the call itself succeeds (facts §2.3). */
  errors: { secretId: string; error: SecretsManagerError }[];
  nextToken?: string;
  accessed: boolean;
}

export function batchGetSecretValue(scope: Scope, request: BatchReadRequest): BatchRead {
  if ((request.secretIds === undefined) === (request.filters === undefined)) {
    throw new SecretsManagerError('InvalidParameterException', 'Either SecretIdList or Filters must be provided, but not both.');
  }
  if (request.secretIds && request.maxResults !== undefined) {
    throw new SecretsManagerError('InvalidParameterException', 'MaxResults can only be used with Filters.');
  }
  const { ids, nextToken } = request.secretIds ? { ids: request.secretIds, nextToken: undefined } : idsMatching(scope, request);
  const read: BatchRead = { values: [], errors: [], nextToken, accessed: false };
  for (const secretId of ids) {
    try {
      const value = getSecretValue(scope, { secretId });
      read.values.push(value);
      read.accessed = read.accessed || value.accessed;
    } catch (failure) {
      if (!(failure instanceof SecretsManagerError)) throw failure;
      read.errors.push({ secretId, error: failure });
    }
  }
  return read;
}

/** One page of the ARNs of live secrets matching a BatchGetSecretValue's filters. */
function idsMatching(scope: Scope, request: BatchReadRequest): { ids: string[]; nextToken?: string } {
  const matching = secretsIn(scope.state, scope.region, scope.accountId).filter(
    (s) => !isScheduledForDeletion(s) && matchesFilters(s, request.filters ?? []),
  );
  const page = paginate(matching, request.maxResults ?? 20, request.nextToken);
  return { ids: page.items.map((s) => s.arn), nextToken: page.nextToken };
}

export interface PutValueRequest {
  secretId: string;
  token: string;
  value: SecretValue;
  /** Labels to attach; absent means "make it AWSCURRENT" (facts §3.2). */
  stages?: string[];
}

export function putSecretValue(scope: Scope, request: PutValueRequest): { secret: Secret; version: SecretVersion } {
  const value = singleValue(request.value);
  if (!hasValue(value)) {
    throw new SecretsManagerError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.');
  }
  const secret = lookupWritable(scope, request.secretId);
  const { version } = putSecretVersion(secret, { versionId: request.token, value, stages: request.stages, now: scope.now });
  return { secret, version };
}

export interface LabelMoveRequest {
  secretId: string;
  label: string;
  moveToVersionId?: string;
  removeFromVersionId?: string;
}

/** UpdateSecretVersionStage: the compare-and-swap on one label (versions.ts `moveLabel`). */
export function updateSecretVersionStage(scope: Scope, request: LabelMoveRequest): Secret {
  const secret = lookupWritable(scope, request.secretId);
  moveLabel(secret, {
    label: request.label,
    moveToVersionId: request.moveToVersionId,
    removeFromVersionId: request.removeFromVersionId,
    now: scope.now,
  });
  return secret;
}

export interface ListVersionsRequest {
  secretId: string;
  includeDeprecated: boolean;
  maxResults: number;
  nextToken?: string;
}

export function listSecretVersionIds(scope: Scope, request: ListVersionsRequest): { secret: Secret; page: Page<SecretVersion> } {
  // Unknown secret → ResourceNotFoundException, never a 500 (facts §6.9).
  const secret = lookup(scope, request.secretId);
  const versions = request.includeDeprecated ? secret.versions : secret.versions.filter((v) => v.stages.length > 0);
  return { secret, page: paginate(versions, request.maxResults, request.nextToken) };
}

// ---- Tags ----------------------------------------------------------------------------------------

/** TagResource appends or overwrites; keys are case-sensitive (facts §2.3). */
function tagSecret(secret: Secret, tags: Tag[], now: number): void {
  for (const tag of tags) {
    const existing = secret.tags.find((t) => t.key === tag.key);
    if (existing) existing.value = tag.value;
    else secret.tags.push({ key: tag.key, value: tag.value });
  }
  secret.lastChangedDate = now;
}

export function tagResource(scope: Scope, secretId: string, tags: Tag[]): void {
  tagSecret(lookupWritable(scope, secretId), tags, scope.now);
}

/** UntagResource is idempotent; unknown keys are not an error (facts §2.3). */
export function untagResource(scope: Scope, secretId: string, keys: string[]): void {
  const secret = lookupWritable(scope, secretId);
  secret.tags = secret.tags.filter((tag) => !keys.includes(tag.key));
  secret.lastChangedDate = scope.now;
}

// ---- Resource policies ---------------------------------------------------------------------------

export function getResourcePolicy(scope: Scope, secretId: string): Secret {
  return lookupLive(scope, secretId);
}

export interface PutPolicyRequest {
  secretId: string;
  policy: string;
  blockPublicPolicy: boolean;
}

export function putResourcePolicy(scope: Scope, request: PutPolicyRequest): Secret {
  const secret = lookupWritable(scope, request.secretId);
  const policy = parsePolicy(request.policy);
  if (request.blockPublicPolicy && grantsPublicAccess(policy)) {
    throw new SecretsManagerError('PublicPolicyException', PUBLIC_ACCESS_MESSAGE);
  }
  // Stored unchanged: the provider compares and parses the text it gets back (facts §4.7).
  secret.resourcePolicy = request.policy;
  secret.lastChangedDate = scope.now;
  return secret;
}

export function deleteResourcePolicy(scope: Scope, secretId: string): Secret {
  const secret = lookupWritable(scope, secretId);
  delete secret.resourcePolicy;
  secret.lastChangedDate = scope.now;
  return secret;
}

export interface PolicyValidationError {
  checkName: 'PUBLIC_ACCESS_CHECK';
  message: string;
}

/** ValidateResourcePolicy: not called by Terraform 5.100.0 and missing from moto (facts §2.3, §5.2 row 15). */
export function validateResourcePolicy(scope: Scope, request: { secretId?: string; policy: string }): PolicyValidationError[] {
  if (request.secretId !== undefined) lookupLive(scope, request.secretId);
  const policy = parsePolicy(request.policy);
  return grantsPublicAccess(policy) ? [{ checkName: 'PUBLIC_ACCESS_CHECK', message: PUBLIC_ACCESS_MESSAGE }] : [];
}

// ---- Rotation ------------------------------------------------------------------------------------
// Bookkeeping only: no Lambda runs here. RotateImmediately leaves the empty AWSPENDING version a
// rotation function would fill with PutSecretValue and the same token (facts §3.3).

export interface RotateRequest {
  secretId: string;
  token: string;
  lambdaArn?: string;
  rules?: RotationRules;
  rotateImmediately: boolean;
}

/** The rotated secret, and the id of the pending version when the rotation started at once. */
export function rotateSecret(scope: Scope, request: RotateRequest): CreatedSecret {
  const secret = lookupWritable(scope, request.secretId);
  const lambdaArn = request.lambdaArn ?? secret.rotation?.lambdaArn;
  if (!lambdaArn) {
    throw new SecretsManagerError('InvalidRequestException', 'A rotation Lambda ARN is required the first time a secret is rotated.');
  }
  const rules = request.rules ?? secret.rotation?.rules;
  secret.rotation = { enabled: true, lambdaArn, ...(rules && { rules: { ...rules } }) };
  secret.lastChangedDate = scope.now;
  const versionId = request.rotateImmediately ? startRotation(secret, request.token, scope.now) : undefined;
  return { secret, versionId };
}

export function cancelRotateSecret(scope: Scope, secretId: string): Secret {
  const secret = lookupWritable(scope, secretId);
  if (!secret.rotation?.enabled) {
    throw new SecretsManagerError('InvalidRequestException', `Secret ${secret.name} does not have rotation enabled.`);
  }
  // AWS leaves a half-done AWSPENDING version as it is; removing the label is the caller's job (API reference).
  secret.rotation = { ...secret.rotation, enabled: false };
  secret.lastChangedDate = scope.now;
  return secret;
}

// ---- Replication ---------------------------------------------------------------------------------

export function replicateSecretToRegions(
  scope: Scope,
  request: { secretId: string; regions: { region?: string; kmsKeyId?: string }[]; forceOverwriteReplica: boolean },
): Secret {
  const secret = lookupWritable(scope, request.secretId);
  addReplicas(scope.state, secret, replicaRequests(request.regions), request.forceOverwriteReplica, scope.accountId);
  secret.lastChangedDate = scope.now;
  return secret;
}

export function removeRegionsFromReplication(scope: Scope, request: { secretId: string; regions: string[] }): Secret {
  const secret = lookupWritable(scope, request.secretId);
  removeReplicas(secret, request.regions);
  secret.lastChangedDate = scope.now;
  return secret;
}

/** StopReplicationToReplica, called in the replica's region: it becomes a standalone secret. */
export function stopReplicationToReplica(scope: Scope, secretId: string): Secret {
  // promoteReplica refuses a secret that is no replica.
  return promoteReplica(scope.state, lookupLive(scope, secretId), scope.now);
}
