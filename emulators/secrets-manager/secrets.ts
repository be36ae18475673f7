/**
 * Secrets as the stand-in stores them, and how a caller names and finds them.
 *
 * The shapes are plain JSON-friendly data so the store can persist them as they are; all times are
 * milliseconds since the epoch. The rules that change them live in model.ts and beside it.
 */
import { randomInt } from 'node:crypto';

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
  rules?: RotationRules;
}

export interface RotationRules {
  AutomaticallyAfterDays?: number;
  Duration?: string;
  ScheduleExpression?: string;
}

/** Everything the stand-in knows. */
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

// ---- What a caller sees --------------------------------------------------------------------------

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
