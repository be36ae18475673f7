/**
 * The Secrets Manager API, one entry per operation: its input shape (the constraints of the API
 * model, checked before the handler runs) and a handler that applies the model's rules and shapes
 * the answer. Read it next to the API reference; facts §2.3 summarises each operation.
 *
 * Handlers mutate state synchronously and `await ctx.store.commit()` before answering, so every
 * acknowledged write is durable and requests never interleave inside a rule.
 */
import { randomUUID } from 'node:crypto';
import {
  markedForDeletion,
  nameScheduledForDeletion,
  notOnReplica,
  secretNotFound,
  SecretsManagerError,
  tokenInUse,
} from './errors';
import { FILTER_KEYS, FILTER_VALUE_PATTERN, matchesFilters, SecretFilter } from './filters';
import {
  addReplicas,
  AWSCURRENT,
  promoteReplica,
  ReplicaRequest,
  findSecret,
  findVersion,
  hasValue,
  isReplica,
  isScheduledForDeletion,
  isValidSecretName,
  moveLabel,
  primaryOf,
  putSecretVersion,
  recordAccess,
  Secret,
  SecretValue,
  secretArn,
  secretsIn,
  startRotation,
  SecretVersion,
  tagSecret,
  untagSecret,
  versionHolding,
} from './model';
import { paginate } from './pagination';
import {
  describeSecretOutput,
  epochSeconds,
  replicationStatus,
  secretListEntry,
  secretReference,
  secretValueOutput,
  versionListEntry,
} from './responses';
import type { SecretStore } from './store';
import {
  blob,
  boolean,
  Input,
  integer,
  list,
  readInput,
  required,
  Shape,
  string,
  structure,
} from './validation';

/** What a handler knows about the request beyond its body. */
export interface RequestContext {
  store: SecretStore;
  /** From the SigV4 credential scope; appears in every ARN (facts §1.1). */
  region: string;
  accountId: string;
  now: number;
  /** The 6-character ARN suffix for a new secret (facts §2.2). */
  arnSuffix: (name: string) => string;
}

type Output = Record<string, unknown>;

export interface Operation {
  /** Validates the body and runs the operation; throws SecretsManagerError on any refusal. */
  run(body: Record<string, unknown>, ctx: RequestContext): Promise<Output>;
}

function operation<S extends Shape>(shape: S, handle: (input: Input<S>, ctx: RequestContext) => Output | Promise<Output>): Operation {
  return { run: async (body, ctx) => handle(readInput(shape, body), ctx) };
}

// ---- Member types from the API model (facts §2.3, §3.6) -----------------------------------------

const SecretId = required(string({ min: 1, max: 2048 }));
/** VersionId / ClientRequestToken: any 32–64 characters, e.g. Terraform's `terraform-<26 digits>` (facts §6.6). */
const VersionIdType = string({ min: 32, max: 64 });
const SecretString = string({ min: 1, max: 65536, sensitive: true });
const SecretBinary = blob({ min: 1, max: 65536 });
const VersionStage = string({ min: 1, max: 256 });
const Description = string({ max: 2048 });
const KmsKeyId = string({ max: 2048 });
const Tags = list(structure({ Key: required(string({ min: 1, max: 128 })), Value: required(string({ max: 256 })) }));
const Filters = list(
  structure({
    Key: required(string({ oneOf: FILTER_KEYS })),
    Values: required(list(string({ max: 512, pattern: FILTER_VALUE_PATTERN }), { min: 1, max: 10 })),
  }),
  { max: 10 },
);
const NextToken = string({ min: 1, max: 4096 });
const RegionType = string({ min: 1, max: 128, pattern: /^([a-z]+-)+\d+$/ });
const ReplicaRegions = list(structure({ Region: RegionType, KmsKeyId }), { min: 1 });

const DAY_MS = 24 * 60 * 60 * 1000;

/** ListSecrets SortBy values; secrets are listed by creation date unless told otherwise. */
const LIST_SORT_KEYS: Record<string, (secret: Secret) => number | string> = {
  'created-date': (s) => s.createdDate,
  'last-accessed-date': (s) => s.lastAccessedDate ?? 0,
  'last-changed-date': (s) => s.lastChangedDate,
  name: (s) => s.name,
};

// ---- Shared steps --------------------------------------------------------------------------------

/** Any secret the id names, including one scheduled for deletion (DescribeSecret still works, facts §2.2). */
function lookup(ctx: RequestContext, secretId: string): Secret {
  const secret = findSecret(ctx.store.state, ctx.region, secretId, ctx.accountId);
  if (!secret) throw secretNotFound();
  return secret;
}

/** A secret that value, label, tag and policy calls may touch (facts §3.8, §6.2). */
function lookupLive(ctx: RequestContext, secretId: string): Secret {
  const secret = lookup(ctx, secretId);
  if (isScheduledForDeletion(secret)) throw markedForDeletion();
  return secret;
}

/** Writes go to the primary's region; a replica is a read-only view of it. */
function refuseReplica(secret: Secret): Secret {
  if (isReplica(secret)) throw notOnReplica(secret.primaryRegion);
  return secret;
}

/** A secret that writes may change: live, and a primary. */
function lookupWritable(ctx: RequestContext, secretId: string): Secret {
  return refuseReplica(lookupLive(ctx, secretId));
}

function valueOf(input: { SecretString?: string; SecretBinary?: string }): SecretValue {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined) {
    throw new SecretsManagerError(
      'InvalidParameterException',
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    );
  }
  return { secretString: input.SecretString, secretBinary: input.SecretBinary };
}

/** SDKs auto-fill the token with a UUID; a raw request without one gets the same treatment. */
function tokenOrNew(token: string | undefined): string {
  return token ?? randomUUID();
}

function replicaRequests(regions: { Region?: string; KmsKeyId?: string }[] | undefined): ReplicaRequest[] {
  return (regions ?? []).map((r) => {
    if (!r.Region) throw new SecretsManagerError('InvalidParameterException', 'Each replica region needs a Region.');
    return { region: r.Region, ...(r.KmsKeyId && { kmsKeyId: r.KmsKeyId }) };
  });
}

/** CreateSecret's answer, the same for the first call and a retry with its token (facts §3.3). */
function createSecretOutput(secret: Secret, versionId?: string): Output {
  return {
    ...secretReference(secret),
    ...(versionId !== undefined && { VersionId: versionId }),
    ...(secret.replicas && { ReplicationStatus: replicationStatus(secret) }),
  };
}

function toFilters(filters: { Key: string; Values: string[] }[] | undefined): SecretFilter[] {
  return (filters ?? []).map((f) => ({ key: f.Key as SecretFilter['key'], values: f.Values }));
}

function readVersionForGet(secret: Secret, versionId: string | undefined, versionStage: string | undefined): SecretVersion {
  if (versionId !== undefined) {
    const version = findVersion(secret, versionId);
    if (!version) {
      throw new SecretsManagerError(
        'ResourceNotFoundException',
        `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
      );
    }
    if (versionStage !== undefined && !version.stages.includes(versionStage)) {
      // Both given must point at the same version (facts §2.3); AWS's text is unverified.
      throw new SecretsManagerError(
        'InvalidRequestException',
        `The staging label ${versionStage} is not attached to version ${versionId}.`,
      );
    }
    return version;
  }
  // The default read follows the AWSCURRENT label, wherever a rollback moved it (facts §6.3).
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

/** GetSecretValue's rule, shared with BatchGetSecretValue. Returns whether LastAccessedDate changed. */
function readSecretValue(
  ctx: RequestContext,
  secretId: string,
  versionId?: string,
  versionStage?: string,
): { output: Output; accessed: boolean } {
  const secret = lookupLive(ctx, secretId);
  const version = readVersionForGet(secret, versionId, versionStage);
  // A replica view is rebuilt per request: the access must land on the stored primary, or every
  // read of a replica would count as the day's first and rewrite the state file.
  const accessed = recordAccess(primaryOf(ctx.store.state, secret) ?? secret, version, ctx.now);
  return { output: secretValueOutput(secret, version), accessed };
}

/** A policy must at least be a JSON object; AWS's grammar check is richer (facts §2.3 PutResourcePolicy). */
function parsePolicy(text: string): object {
  let policy: unknown;
  try {
    policy = JSON.parse(text);
  } catch {
    policy = undefined;
  }
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) {
    throw new SecretsManagerError('MalformedPolicyDocumentException', 'This resource policy contains a syntax error.');
  }
  if (awsPrincipals(policy).some((principal) => !AWS_PRINCIPAL.test(principal))) {
    // The provider retries exactly this text for 2 minutes, as for an IAM role not yet propagated (facts §2.4).
    throw new SecretsManagerError('MalformedPolicyDocumentException', 'This resource policy contains an unsupported principal.');
  }
  return policy;
}

/** `*`, a 12-digit account id, or an IAM/STS ARN: what the provider itself accepts on read (facts §4.7). */
const AWS_PRINCIPAL = /^(\*|\d{12}|arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+)$/;

function statementsOf(policy: object): unknown[] {
  const statements = (policy as { Statement?: unknown }).Statement;
  return Array.isArray(statements) ? statements : [statements];
}

/** Every `Principal.AWS` entry of every statement (a string or a list of strings in IAM grammar). */
function awsPrincipals(policy: object): string[] {
  return statementsOf(policy).flatMap((statement) => {
    const principal = (statement as { Principal?: unknown } | null)?.Principal;
    const aws = typeof principal === 'object' && principal !== null ? (principal as { AWS?: unknown }).AWS : undefined;
    return (Array.isArray(aws) ? aws : aws === undefined ? [] : [aws]).map(String);
  });
}

/**
 * Whether a policy grants access to everyone without conditions: our approximation of what
 * BlockPublicPolicy refuses (facts §2.3 PutResourcePolicy; AWS's analysis is richer).
 */
function grantsPublicAccess(policy: object): boolean {
  return statementsOf(policy).some((statement) => {
    if (typeof statement !== 'object' || statement === null) return false;
    const { Effect, Principal, Condition } = statement as Record<string, unknown>;
    const principals = typeof Principal === 'object' && Principal !== null ? (Principal as Record<string, unknown>).AWS : Principal;
    const everyone = principals === '*' || (Array.isArray(principals) && principals.includes('*'));
    return Effect === 'Allow' && everyone && Condition === undefined;
  });
}

// ---- The operations ------------------------------------------------------------------------------

export const OPERATIONS: Record<string, Operation> = {
  CreateSecret: operation(
    {
      Name: required(string({ min: 1, max: 512 })),
      ClientRequestToken: VersionIdType,
      Description,
      KmsKeyId,
      SecretString,
      SecretBinary,
      Tags,
      AddReplicaRegions: ReplicaRegions,
      ForceOverwriteReplicaSecret: boolean(),
      Type: string(),
    },
    async (input, ctx) => {
      if (!isValidSecretName(input.Name)) {
        // Unverified wording; the character set is documented (facts §3.7).
        throw new SecretsManagerError(
          'InvalidParameterException',
          'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
        );
      }
      const value = valueOf(input);
      const token = tokenOrNew(input.ClientRequestToken);
      const existing = findSecret(ctx.store.state, ctx.region, input.Name, ctx.accountId);
      if (existing) {
        if (isScheduledForDeletion(existing)) throw nameScheduledForDeletion();
        // A retried create without a value (Terraform's kind) made no version to recognise it by,
        // so the secret remembers its token; that AWS answers such a retry alike is inferred (facts §3.3).
        if (!hasValue(value) && existing.creationToken === token) return createSecretOutput(existing);
        // A retry with the same token and value gets the first answer again (facts §3.3, verified).
        const retried = findVersion(existing, token);
        if (retried) {
          if (retried.secretString !== value.secretString || retried.secretBinary !== value.secretBinary) {
            throw tokenInUse(token, existing.arn);
          }
          return createSecretOutput(existing, retried.versionId);
        }
        throw new SecretsManagerError(
          'ResourceExistsException',
          `The operation failed because the secret ${input.Name} already exists.`,
        );
      }

      const secret: Secret = {
        arn: secretArn(ctx.region, ctx.accountId, input.Name, ctx.arnSuffix(input.Name)),
        name: input.Name,
        region: ctx.region,
        // Terraform always sends Description, "" when unset; it reads back either way (facts §4.7).
        ...(input.Description !== undefined && { description: input.Description }),
        ...(input.KmsKeyId && { kmsKeyId: input.KmsKeyId }),
        tags: [],
        createdDate: ctx.now,
        lastChangedDate: ctx.now,
        versions: [],
        creationToken: token,
      };
      tagSecret(secret, (input.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value })), ctx.now);
      // Without a value no version exists, even though a token was sent (facts §6.6).
      const created = hasValue(value) ? putSecretVersion(secret, { versionId: token, value, now: ctx.now }) : undefined;
      // Before the secret is stored: a refused replica region must leave no secret behind.
      const replicas = replicaRequests(input.AddReplicaRegions);
      if (replicas.length > 0) addReplicas(ctx.store.state, secret, replicas, input.ForceOverwriteReplicaSecret === true, ctx.accountId);
      ctx.store.state.secrets.push(secret);
      await ctx.store.commit();
      return createSecretOutput(secret, created?.version.versionId);
    },
  ),

  DescribeSecret: operation({ SecretId }, (input, ctx) => describeSecretOutput(lookup(ctx, input.SecretId))),

  GetSecretValue: operation(
    { SecretId, VersionId: VersionIdType, VersionStage },
    async (input, ctx) => {
      const { output, accessed } = readSecretValue(ctx, input.SecretId, input.VersionId, input.VersionStage);
      // LastAccessedDate has day resolution, so this writes at most once a day per secret.
      if (accessed) await ctx.store.commit();
      return output;
    },
  ),

  PutSecretValue: operation(
    {
      SecretId,
      ClientRequestToken: VersionIdType,
      SecretString,
      SecretBinary,
      VersionStages: list(VersionStage, { min: 1, max: 20 }),
      RotationToken: string({ min: 36, max: 256 }),
    },
    async (input, ctx) => {
      const value = valueOf(input);
      if (!hasValue(value)) {
        throw new SecretsManagerError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.');
      }
      const secret = lookupWritable(ctx, input.SecretId);
      const { version } = putSecretVersion(secret, {
        versionId: tokenOrNew(input.ClientRequestToken),
        value,
        stages: input.VersionStages,
        now: ctx.now,
      });
      await ctx.store.commit();
      return { ...secretReference(secret), VersionId: version.versionId, VersionStages: [...version.stages] };
    },
  ),

  UpdateSecret: operation(
    { SecretId, ClientRequestToken: VersionIdType, Description, KmsKeyId, SecretString, SecretBinary, Type: string() },
    async (input, ctx) => {
      const value = valueOf(input);
      const secret = lookupWritable(ctx, input.SecretId);
      if (input.Description !== undefined) secret.description = input.Description;
      // "" switches back to the default key, which AWS then omits (facts §2.3 UpdateSecret).
      if (input.KmsKeyId !== undefined) {
        if (input.KmsKeyId === '') delete secret.kmsKeyId;
        else secret.kmsKeyId = input.KmsKeyId;
      }
      secret.lastChangedDate = ctx.now;
      // With a value it behaves like PutSecretValue without labels; without, no version (facts §2.3).
      const created = hasValue(value)
        ? putSecretVersion(secret, { versionId: tokenOrNew(input.ClientRequestToken), value, now: ctx.now })
        : undefined;
      await ctx.store.commit();
      return { ...secretReference(secret), ...(created && { VersionId: created.version.versionId }) };
    },
  ),

  UpdateSecretVersionStage: operation(
    { SecretId, VersionStage: required(VersionStage), RemoveFromVersionId: VersionIdType, MoveToVersionId: VersionIdType },
    async (input, ctx) => {
      const secret = lookupWritable(ctx, input.SecretId);
      moveLabel(secret, {
        label: input.VersionStage,
        moveToVersionId: input.MoveToVersionId,
        removeFromVersionId: input.RemoveFromVersionId,
        now: ctx.now,
      });
      await ctx.store.commit();
      return secretReference(secret);
    },
  ),

  ListSecretVersionIds: operation(
    { SecretId, MaxResults: integer({ min: 1, max: 100 }), NextToken, IncludeDeprecated: boolean() },
    (input, ctx) => {
      // Unknown secret → ResourceNotFoundException, never a 500 (facts §6.9).
      const secret = lookup(ctx, input.SecretId);
      const versions = input.IncludeDeprecated ? secret.versions : secret.versions.filter((v) => v.stages.length > 0);
      const page = paginate(versions, input.MaxResults ?? 100, input.NextToken);
      return {
        ...secretReference(secret),
        Versions: page.items.map(versionListEntry),
        ...(page.nextToken && { NextToken: page.nextToken }),
      };
    },
  ),

  DeleteSecret: operation(
    { SecretId, RecoveryWindowInDays: integer(), ForceDeleteWithoutRecovery: boolean() },
    async (input, ctx) => {
      const force = input.ForceDeleteWithoutRecovery === true;
      if (force && input.RecoveryWindowInDays !== undefined) {
        throw new SecretsManagerError(
          'InvalidParameterException',
          "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
        );
      }
      const windowDays = input.RecoveryWindowInDays ?? 30;
      if (windowDays < 7 || windowDays > 30) {
        // 0 included: use the force flag instead (facts §4.5).
        throw new SecretsManagerError(
          'InvalidParameterException',
          'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
        );
      }
      const secret = findSecret(ctx.store.state, ctx.region, input.SecretId, ctx.accountId);
      if (!secret) {
        // Force-deleting an unknown or already deleted secret is not an error (facts §2.3 DeleteSecret).
        if (force) return { Name: input.SecretId, DeletionDate: epochSeconds(ctx.now) };
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
        ctx.store.state.secrets = ctx.store.state.secrets.filter((s) => s !== secret);
        await ctx.store.commit();
        return { ...secretReference(secret), DeletionDate: epochSeconds(ctx.now) };
      }
      if (isScheduledForDeletion(secret)) {
        // AWS behaviour inferred from moto (facts §2.3 DeleteSecret).
        throw new SecretsManagerError(
          'InvalidRequestException',
          "You can't perform this operation on the secret because it was already scheduled for deletion.",
        );
      }
      // DeletedDate is the request time; the docs disagree and Terraform only checks presence (facts §5.2 row 18).
      secret.deletedDate = ctx.now;
      secret.deletionDate = ctx.now + windowDays * DAY_MS;
      secret.lastChangedDate = ctx.now;
      await ctx.store.commit();
      return { ...secretReference(secret), DeletionDate: epochSeconds(secret.deletionDate) };
    },
  ),

  RestoreSecret: operation({ SecretId }, async (input, ctx) => {
    const secret = refuseReplica(lookup(ctx, input.SecretId));
    delete secret.deletedDate;
    delete secret.deletionDate;
    secret.lastChangedDate = ctx.now;
    await ctx.store.commit();
    return secretReference(secret);
  }),

  TagResource: operation({ SecretId, Tags: required(Tags) }, async (input, ctx) => {
    const secret = lookupWritable(ctx, input.SecretId);
    tagSecret(secret, input.Tags.map((t) => ({ key: t.Key, value: t.Value })), ctx.now);
    await ctx.store.commit();
    // No output shape; both SDKs accept an empty object (facts §1.2).
    return {};
  }),

  UntagResource: operation(
    { SecretId, TagKeys: required(list(string({ min: 1, max: 128 }))) },
    async (input, ctx) => {
      const secret = lookupWritable(ctx, input.SecretId);
      untagSecret(secret, input.TagKeys, ctx.now);
      await ctx.store.commit();
      return {};
    },
  ),

  GetResourcePolicy: operation({ SecretId }, (input, ctx) => {
    const secret = lookupLive(ctx, input.SecretId);
    // No ResourcePolicy key at all when none is attached (facts §2.3, getmoto/moto#6034).
    return {
      ...secretReference(secret),
      ...(secret.resourcePolicy !== undefined && { ResourcePolicy: secret.resourcePolicy }),
    };
  }),

  PutResourcePolicy: operation(
    { SecretId, ResourcePolicy: required(string({ min: 1, max: 20480 })), BlockPublicPolicy: boolean() },
    async (input, ctx) => {
      const secret = lookupWritable(ctx, input.SecretId);
      const policy = parsePolicy(input.ResourcePolicy);
      if (input.BlockPublicPolicy && grantsPublicAccess(policy)) {
        throw new SecretsManagerError('PublicPolicyException', 'This resource policy grants public access to the secret.');
      }
      // Stored unchanged: the provider compares and parses the text it gets back (facts §4.7).
      secret.resourcePolicy = input.ResourcePolicy;
      secret.lastChangedDate = ctx.now;
      await ctx.store.commit();
      return secretReference(secret);
    },
  ),

  DeleteResourcePolicy: operation({ SecretId }, async (input, ctx) => {
    const secret = lookupWritable(ctx, input.SecretId);
    delete secret.resourcePolicy;
    secret.lastChangedDate = ctx.now;
    await ctx.store.commit();
    return secretReference(secret);
  }),

  ListSecrets: operation(
    {
      IncludePlannedDeletion: boolean(),
      MaxResults: integer({ min: 1, max: 100 }),
      NextToken,
      Filters,
      SortOrder: string({ oneOf: ['asc', 'desc'] }),
      SortBy: string({ oneOf: Object.keys(LIST_SORT_KEYS) }),
    },
    (input, ctx) => {
      const filters = toFilters(input.Filters);
      const sortKey = LIST_SORT_KEYS[input.SortBy ?? 'created-date'];
      const direction = input.SortOrder === 'desc' ? -1 : 1;
      const secrets = secretsIn(ctx.store.state, ctx.region, ctx.accountId)
        // Hidden while scheduled for deletion unless asked for (facts §2.2).
        .filter((s) => input.IncludePlannedDeletion || !isScheduledForDeletion(s))
        .filter((s) => matchesFilters(s, filters))
        .sort((a, b) => {
          const [x, y] = [sortKey(a), sortKey(b)];
          return (x < y ? -1 : x > y ? 1 : a.name.localeCompare(b.name)) * direction;
        });
      const page = paginate(secrets, input.MaxResults ?? 100, input.NextToken);
      return { SecretList: page.items.map(secretListEntry), ...(page.nextToken && { NextToken: page.nextToken }) };
    },
  ),

  BatchGetSecretValue: operation(
    {
      SecretIdList: list(string({ min: 1, max: 2048 }), { min: 1, max: 20 }),
      Filters,
      MaxResults: integer({ min: 1, max: 20 }),
      NextToken,
    },
    async (input, ctx) => {
      if ((input.SecretIdList === undefined) === (input.Filters === undefined)) {
        throw new SecretsManagerError('InvalidParameterException', 'Either SecretIdList or Filters must be provided, but not both.');
      }
      if (input.SecretIdList && input.MaxResults !== undefined) {
        throw new SecretsManagerError('InvalidParameterException', 'MaxResults can only be used with Filters.');
      }
      let ids: string[];
      let nextToken: string | undefined;
      if (input.SecretIdList) {
        ids = input.SecretIdList;
      } else {
        const filters = toFilters(input.Filters);
        const matching = secretsIn(ctx.store.state, ctx.region, ctx.accountId).filter(
          (s) => !isScheduledForDeletion(s) && matchesFilters(s, filters),
        );
        const page = paginate(matching, input.MaxResults ?? 20, input.NextToken);
        ids = page.items.map((s) => s.arn);
        nextToken = page.nextToken;
      }
      // Per-secret failures are reported in Errors; the call itself succeeds (facts §2.3).
      const values: Output[] = [];
      const errors: Output[] = [];
      let accessed = false;
      for (const id of ids) {
        try {
          const read = readSecretValue(ctx, id);
          values.push(read.output);
          accessed = accessed || read.accessed;
        } catch (failure) {
          if (!(failure instanceof SecretsManagerError)) throw failure;
          errors.push({ SecretId: id, ErrorCode: failure.code, Message: failure.message });
        }
      }
      if (accessed) await ctx.store.commit();
      return { SecretValues: values, Errors: errors, ...(nextToken && { NextToken: nextToken }) };
    },
  ),

  // Not called by Terraform 5.100.0 and missing from moto (facts §2.3, §5.2 row 15).
  ValidateResourcePolicy: operation(
    { SecretId: string({ min: 1, max: 2048 }), ResourcePolicy: required(string({ min: 1, max: 20480 })) },
    (input, ctx) => {
      if (input.SecretId !== undefined) lookupLive(ctx, input.SecretId);
      const policy = parsePolicy(input.ResourcePolicy);
      const errors = grantsPublicAccess(policy)
        ? [{ CheckName: 'PUBLIC_ACCESS_CHECK', ErrorMessage: 'This resource policy grants public access to the secret.' }]
        : [];
      return { PolicyValidationPassed: errors.length === 0, ValidationErrors: errors };
    },
  ),

  // Rotation bookkeeping only: no Lambda runs here. RotateImmediately leaves the empty AWSPENDING
  // version a rotation function would fill with PutSecretValue and the same token (facts §3.3).
  RotateSecret: operation(
    {
      SecretId,
      ClientRequestToken: VersionIdType,
      RotationLambdaARN: string({ max: 2048 }),
      RotationRules: structure({
        AutomaticallyAfterDays: integer({ min: 1, max: 1000 }),
        Duration: string({ min: 2, max: 3 }),
        ScheduleExpression: string({ min: 1, max: 256 }),
      }),
      RotateImmediately: boolean(),
    },
    async (input, ctx) => {
      const secret = lookupWritable(ctx, input.SecretId);
      const lambdaArn = input.RotationLambdaARN ?? secret.rotation?.lambdaArn;
      if (!lambdaArn) {
        throw new SecretsManagerError('InvalidRequestException', 'A rotation Lambda ARN is required the first time a secret is rotated.');
      }
      const rules = input.RotationRules ?? secret.rotation?.rules;
      secret.rotation = { enabled: true, lambdaArn, ...(rules && { rules: { ...rules } }) };
      secret.lastChangedDate = ctx.now;
      const versionId = tokenOrNew(input.ClientRequestToken);
      const started = input.RotateImmediately !== false ? startRotation(secret, versionId, ctx.now) : undefined;
      await ctx.store.commit();
      return { ...secretReference(secret), ...(started && { VersionId: started }) };
    },
  ),

  CancelRotateSecret: operation({ SecretId }, async (input, ctx) => {
    const secret = lookupWritable(ctx, input.SecretId);
    if (!secret.rotation?.enabled) {
      throw new SecretsManagerError('InvalidRequestException', `Secret ${secret.name} does not have rotation enabled.`);
    }
    // AWS leaves a half-done AWSPENDING version as it is; removing the label is the caller's job (API reference).
    secret.rotation = { ...secret.rotation, enabled: false };
    secret.lastChangedDate = ctx.now;
    await ctx.store.commit();
    return secretReference(secret);
  }),

  // Replication (facts §2.1: the provider calls these only for a `replica` block). Replicas here are
  // always in sync: they are read-only views of the primary in another region.
  ReplicateSecretToRegions: operation(
    { SecretId, AddReplicaRegions: required(ReplicaRegions), ForceOverwriteReplicaSecret: boolean() },
    async (input, ctx) => {
      const secret = lookupWritable(ctx, input.SecretId);
      addReplicas(ctx.store.state, secret, replicaRequests(input.AddReplicaRegions), input.ForceOverwriteReplicaSecret === true, ctx.accountId);
      secret.lastChangedDate = ctx.now;
      await ctx.store.commit();
      return { ARN: secret.arn, ReplicationStatus: replicationStatus(secret) };
    },
  ),

  RemoveRegionsFromReplication: operation(
    { SecretId, RemoveReplicaRegions: required(list(RegionType, { min: 1 })) },
    async (input, ctx) => {
      const secret = lookupWritable(ctx, input.SecretId);
      // Removing a replica deletes it in that region (API reference).
      secret.replicas = (secret.replicas ?? []).filter((replica) => !input.RemoveReplicaRegions.includes(replica.region));
      if (secret.replicas.length === 0) delete secret.replicas;
      secret.lastChangedDate = ctx.now;
      await ctx.store.commit();
      return { ARN: secret.arn, ReplicationStatus: replicationStatus(secret) };
    },
  ),

  StopReplicationToReplica: operation({ SecretId }, async (input, ctx) => {
    // promoteReplica refuses a secret that is no replica.
    const standalone = promoteReplica(ctx.store.state, lookupLive(ctx, input.SecretId), ctx.now);
    await ctx.store.commit();
    return { ARN: standalone.arn };
  }),
};
