/**
 * The Secrets Manager API, one entry per operation, as moto's responses.py: its input shape (the
 * constraints of the API model, checked before anything else), one call into the model (model.ts,
 * where every rule lives) and the answer in AWS's shape (responses.ts). Read it next to the API
 * reference; facts §2.3 summarises each operation.
 *
 * Model calls mutate state synchronously, so requests never interleave inside a rule; a `write`
 * then waits for the store's commit before answering, so every acknowledged write is durable.
 */
import { randomUUID } from 'node:crypto';
import { FILTER_KEYS, FILTER_VALUE_PATTERN, SecretFilter } from './filters';
import {
  batchGetSecretValue,
  cancelRotateSecret,
  createSecret,
  deleteResourcePolicy,
  deleteSecret,
  describeSecret,
  getResourcePolicy,
  getSecretValue,
  LIST_SORT_KEYS,
  listSecrets,
  listSecretVersionIds,
  putResourcePolicy,
  putSecretValue,
  removeRegionsFromReplication,
  replicateSecretToRegions,
  restoreSecret,
  rotateSecret,
  Scope,
  SecretSettings,
  stopReplicationToReplica,
  tagResource,
  untagResource,
  updateSecret,
  updateSecretVersionStage,
  validateResourcePolicy,
} from './model';
import {
  createSecretOutput,
  describeSecretOutput,
  epochSeconds,
  replicationStatus,
  secretListEntry,
  secretReference,
  secretValueOutput,
  versionListEntry,
} from './responses';
import type { SecretValue, Tag } from './secrets';
import { blob, boolean, Input, integer, list, readInput, required, Shape, string, structure } from './validation';

/** What an operation knows about the request beyond its body. */
export interface RequestContext {
  /** The state, the caller (region and account from SigV4, facts §1.1) and the request's time. */
  scope: Scope;
  /** Resolves once every mutation so far is durable. */
  commit(): Promise<void>;
}

type Output = Record<string, unknown>;

export interface Operation {
  /** Validates the body and runs the operation; throws SecretsManagerError on any refusal. */
  run(body: Record<string, unknown>, ctx: RequestContext): Promise<Output>;
}

/** An operation that changes nothing. */
function read<S extends Shape>(shape: S, answer: (input: Input<S>, scope: Scope) => Output): Operation {
  return { run: async (body, ctx) => answer(readInput(shape, body), ctx.scope) };
}

/** A read that may record LastAccessedDate; day resolution, so it writes at most once a day per secret. */
function readRecordingAccess<S extends Shape>(
  shape: S,
  answer: (input: Input<S>, scope: Scope) => { output: Output; accessed: boolean },
): Operation {
  return {
    run: async (body, ctx) => {
      const { output, accessed } = answer(readInput(shape, body), ctx.scope);
      if (accessed) await ctx.commit();
      return output;
    },
  };
}

/** An operation that changes state: answered once the change is durable. */
function write<S extends Shape>(shape: S, answer: (input: Input<S>, scope: Scope) => Output): Operation {
  return {
    run: async (body, ctx) => {
      const output = answer(readInput(shape, body), ctx.scope);
      await ctx.commit();
      return output;
    },
  };
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
const ResourcePolicy = required(string({ min: 1, max: 20480 }));

// ---- Input shapes from the API model: what each operation reads ----------------------------------

const INPUT = {
  CreateSecret: {
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
  DescribeSecret: { SecretId },
  GetSecretValue: { SecretId, VersionId: VersionIdType, VersionStage },
  PutSecretValue: {
    SecretId,
    ClientRequestToken: VersionIdType,
    SecretString,
    SecretBinary,
    VersionStages: list(VersionStage, { min: 1, max: 20 }),
    RotationToken: string({ min: 36, max: 256 }),
  },
  UpdateSecret: { SecretId, ClientRequestToken: VersionIdType, Description, KmsKeyId, SecretString, SecretBinary, Type: string() },
  UpdateSecretVersionStage: { SecretId, VersionStage: required(VersionStage), RemoveFromVersionId: VersionIdType, MoveToVersionId: VersionIdType },
  ListSecretVersionIds: { SecretId, MaxResults: integer({ min: 1, max: 100 }), NextToken, IncludeDeprecated: boolean() },
  DeleteSecret: { SecretId, RecoveryWindowInDays: integer(), ForceDeleteWithoutRecovery: boolean() },
  RestoreSecret: { SecretId },
  TagResource: { SecretId, Tags: required(Tags) },
  UntagResource: { SecretId, TagKeys: required(list(string({ min: 1, max: 128 }))) },
  GetResourcePolicy: { SecretId },
  PutResourcePolicy: { SecretId, ResourcePolicy, BlockPublicPolicy: boolean() },
  DeleteResourcePolicy: { SecretId },
  ListSecrets: {
    IncludePlannedDeletion: boolean(),
    MaxResults: integer({ min: 1, max: 100 }),
    NextToken,
    Filters,
    SortOrder: string({ oneOf: ['asc', 'desc'] }),
    SortBy: string({ oneOf: LIST_SORT_KEYS }),
  },
  BatchGetSecretValue: {
    SecretIdList: list(string({ min: 1, max: 2048 }), { min: 1, max: 20 }),
    Filters,
    MaxResults: integer({ min: 1, max: 20 }),
    NextToken,
  },
  ValidateResourcePolicy: { SecretId: string({ min: 1, max: 2048 }), ResourcePolicy },
  RotateSecret: {
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
  CancelRotateSecret: { SecretId },
  ReplicateSecretToRegions: { SecretId, AddReplicaRegions: required(ReplicaRegions), ForceOverwriteReplicaSecret: boolean() },
  RemoveRegionsFromReplication: { SecretId, RemoveReplicaRegions: required(list(RegionType, { min: 1 })) },
  StopReplicationToReplica: { SecretId },
} satisfies Record<string, Shape>;

// ---- Reading members into the model's words ------------------------------------------------------

function valueIn(input: { SecretString?: string; SecretBinary?: string }): SecretValue {
  return { secretString: input.SecretString, secretBinary: input.SecretBinary };
}

/** SDKs auto-fill the token with a UUID; a raw request without one gets the same treatment. */
function tokenIn(input: { ClientRequestToken?: string }): string {
  return input.ClientRequestToken ?? randomUUID();
}

/** The members CreateSecret and UpdateSecret share. */
function settingsIn(
  input: { ClientRequestToken?: string; Description?: string; KmsKeyId?: string; SecretString?: string; SecretBinary?: string },
): SecretSettings {
  return { token: tokenIn(input), description: input.Description, kmsKeyId: input.KmsKeyId, value: valueIn(input) };
}

function tagsIn(tags: { Key: string; Value: string }[] | undefined): Tag[] {
  return (tags ?? []).map((t) => ({ key: t.Key, value: t.Value }));
}

function filtersIn(filters: { Key: string; Values: string[] }[] | undefined): SecretFilter[] {
  return (filters ?? []).map((f) => ({ key: f.Key as SecretFilter['key'], values: f.Values }));
}

function regionsIn(regions: { Region?: string; KmsKeyId?: string }[] | undefined): { region?: string; kmsKeyId?: string }[] {
  return (regions ?? []).map((r) => ({ region: r.Region, kmsKeyId: r.KmsKeyId }));
}

// ---- The operations ------------------------------------------------------------------------------

export const OPERATIONS: Record<string, Operation> = {
  CreateSecret: write(INPUT.CreateSecret, (input, scope) => {
    const { secret, versionId } = createSecret(scope, {
      name: input.Name,
      ...settingsIn(input),
      tags: tagsIn(input.Tags),
      replicaRegions: regionsIn(input.AddReplicaRegions),
      forceOverwriteReplica: input.ForceOverwriteReplicaSecret === true,
    });
    return createSecretOutput(secret, versionId);
  }),

  DescribeSecret: read(INPUT.DescribeSecret, (input, scope) => describeSecretOutput(describeSecret(scope, input.SecretId))),

  GetSecretValue: readRecordingAccess(INPUT.GetSecretValue, (input, scope) => {
    const read = getSecretValue(scope, { secretId: input.SecretId, versionId: input.VersionId, versionStage: input.VersionStage });
    return { output: secretValueOutput(read.secret, read.version), accessed: read.accessed };
  }),

  PutSecretValue: write(INPUT.PutSecretValue, (input, scope) => {
    const { secret, version } = putSecretValue(scope, {
      secretId: input.SecretId,
      token: tokenIn(input),
      value: valueIn(input),
      stages: input.VersionStages,
    });
    return { ...secretReference(secret), VersionId: version.versionId, VersionStages: [...version.stages] };
  }),

  UpdateSecret: write(INPUT.UpdateSecret, (input, scope) => {
    const { secret, versionId } = updateSecret(scope, { secretId: input.SecretId, ...settingsIn(input) });
    return { ...secretReference(secret), ...(versionId && { VersionId: versionId }) };
  }),

  UpdateSecretVersionStage: write(INPUT.UpdateSecretVersionStage, (input, scope) => {
    const secret = updateSecretVersionStage(scope, {
      secretId: input.SecretId,
      label: input.VersionStage,
      moveToVersionId: input.MoveToVersionId,
      removeFromVersionId: input.RemoveFromVersionId,
    });
    return secretReference(secret);
  }),

  ListSecretVersionIds: read(INPUT.ListSecretVersionIds, (input, scope) => {
    const { secret, page } = listSecretVersionIds(scope, {
      secretId: input.SecretId,
      includeDeprecated: input.IncludeDeprecated === true,
      maxResults: input.MaxResults ?? 100,
      nextToken: input.NextToken,
    });
    return { ...secretReference(secret), Versions: page.items.map(versionListEntry), ...(page.nextToken && { NextToken: page.nextToken }) };
  }),

  DeleteSecret: write(INPUT.DeleteSecret, (input, scope) => {
    const deleted = deleteSecret(scope, {
      secretId: input.SecretId,
      recoveryWindowInDays: input.RecoveryWindowInDays,
      forceDeleteWithoutRecovery: input.ForceDeleteWithoutRecovery === true,
    });
    return { ...(deleted.arn !== undefined && { ARN: deleted.arn }), Name: deleted.name, DeletionDate: epochSeconds(deleted.deletionDate) };
  }),

  RestoreSecret: write(INPUT.RestoreSecret, (input, scope) => secretReference(restoreSecret(scope, input.SecretId))),

  TagResource: write(INPUT.TagResource, (input, scope) => {
    tagResource(scope, input.SecretId, tagsIn(input.Tags));
    // No output shape; both SDKs accept an empty object (facts §1.2).
    return {};
  }),

  UntagResource: write(INPUT.UntagResource, (input, scope) => {
    untagResource(scope, input.SecretId, input.TagKeys);
    return {};
  }),

  GetResourcePolicy: read(INPUT.GetResourcePolicy, (input, scope) => {
    const secret = getResourcePolicy(scope, input.SecretId);
    // No ResourcePolicy key at all when none is attached (facts §2.3, getmoto/moto#6034).
    return { ...secretReference(secret), ...(secret.resourcePolicy !== undefined && { ResourcePolicy: secret.resourcePolicy }) };
  }),

  PutResourcePolicy: write(INPUT.PutResourcePolicy, (input, scope) => {
    const secret = putResourcePolicy(scope, {
      secretId: input.SecretId,
      policy: input.ResourcePolicy,
      blockPublicPolicy: input.BlockPublicPolicy === true,
    });
    return secretReference(secret);
  }),

  DeleteResourcePolicy: write(INPUT.DeleteResourcePolicy, (input, scope) => secretReference(deleteResourcePolicy(scope, input.SecretId))),

  ListSecrets: read(INPUT.ListSecrets, (input, scope) => {
    const page = listSecrets(scope, {
      includePlannedDeletion: input.IncludePlannedDeletion === true,
      filters: filtersIn(input.Filters),
      sortBy: input.SortBy ?? 'created-date',
      descending: input.SortOrder === 'desc',
      maxResults: input.MaxResults ?? 100,
      nextToken: input.NextToken,
    });
    return { SecretList: page.items.map(secretListEntry), ...(page.nextToken && { NextToken: page.nextToken }) };
  }),

  BatchGetSecretValue: readRecordingAccess(INPUT.BatchGetSecretValue, (input, scope) => {
    const batch = batchGetSecretValue(scope, {
      secretIds: input.SecretIdList,
      filters: input.Filters && filtersIn(input.Filters),
      maxResults: input.MaxResults,
      nextToken: input.NextToken,
    });
    const output = {
      SecretValues: batch.values.map((read) => secretValueOutput(read.secret, read.version)),
      Errors: batch.errors.map(({ secretId, error }) => ({ SecretId: secretId, ErrorCode: error.code, Message: error.message })),
      ...(batch.nextToken && { NextToken: batch.nextToken }),
    };
    return { output, accessed: batch.accessed };
  }),

  ValidateResourcePolicy: read(INPUT.ValidateResourcePolicy, (input, scope) => {
    const errors = validateResourcePolicy(scope, { secretId: input.SecretId, policy: input.ResourcePolicy });
    return {
      PolicyValidationPassed: errors.length === 0,
      ValidationErrors: errors.map((error) => ({ CheckName: error.checkName, ErrorMessage: error.message })),
    };
  }),

  RotateSecret: write(INPUT.RotateSecret, (input, scope) => {
    const { secret, versionId } = rotateSecret(scope, {
      secretId: input.SecretId,
      token: tokenIn(input),
      lambdaArn: input.RotationLambdaARN,
      rules: input.RotationRules,
      rotateImmediately: input.RotateImmediately !== false,
    });
    return { ...secretReference(secret), ...(versionId && { VersionId: versionId }) };
  }),

  CancelRotateSecret: write(INPUT.CancelRotateSecret, (input, scope) => secretReference(cancelRotateSecret(scope, input.SecretId))),

  ReplicateSecretToRegions: write(INPUT.ReplicateSecretToRegions, (input, scope) => {
    const secret = replicateSecretToRegions(scope, {
      secretId: input.SecretId,
      regions: regionsIn(input.AddReplicaRegions),
      forceOverwriteReplica: input.ForceOverwriteReplicaSecret === true,
    });
    return { ARN: secret.arn, ReplicationStatus: replicationStatus(secret) };
  }),

  RemoveRegionsFromReplication: write(INPUT.RemoveRegionsFromReplication, (input, scope) => {
    const secret = removeRegionsFromReplication(scope, { secretId: input.SecretId, regions: input.RemoveReplicaRegions });
    return { ARN: secret.arn, ReplicationStatus: replicationStatus(secret) };
  }),

  StopReplicationToReplica: write(INPUT.StopReplicationToReplica, (input, scope) => ({ ARN: stopReplicationToReplica(scope, input.SecretId).arn })),
};
