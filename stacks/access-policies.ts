/**
 * The policy documents of an environment, generated from its access model (stacks/access-model.ts):
 * each secret's resource policy, each created role's IAM policy and trust policy, and the KMS key
 * policy. Pure functions returning plain JSON, so the unit tests read exactly what is synthesized.
 */
import type { InfrastructureSettings } from '../config';
import {
  LEDGER_GRANTS,
  principalsOf,
  readersOf,
  secretGrants,
  type AccessModel,
  type AccessRoleName,
  type AccessSecret,
} from './access-model';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal?: { AWS: string | string[] };
  Action: string | string[];
  /** Absent only in a trust policy, where IAM forbids it. */
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

const document = (statements: (PolicyStatement | undefined)[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: statements.filter((statement): statement is PolicyStatement => statement !== undefined),
});

/** Actions the checkout needs on its secrets: read the value (and its labels). Nothing that writes or lists. */
export const CHECKOUT_READ_ACTIONS = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];

/**
 * A secret's resource policy. In a resource policy `Resource: "*"` means this secret only.
 * - The checkout's existing role is allowed here (we never edit its IAM policy); the created roles
 *   are allowed by their own IAM policies.
 * - Only the roles that need the value may call GetSecretValue, the account root included: for a
 *   live key set that is the checkout role alone.
 * - Every principal but this secret's roles and the account root is denied everything, however
 *   broad its IAM policy (an administrator's `secretsmanager:*` included). The root stays able to
 *   change the policy: that is the break-glass, and it leaves a CloudTrail record. Without it a
 *   policy mistake could lock the secret for good.
 */
export function secretResourcePolicy(model: AccessModel, secret: AccessSecret): PolicyDocument {
  const readers = readersOf(model, secret).map((role) => role.arn);
  const principals = principalsOf(model, secret).map((role) => role.arn);
  return document([
    secret.checkoutReads
      ? { Sid: 'CheckoutReads', Effect: 'Allow', Principal: { AWS: model.roles.checkout.arn }, Action: CHECKOUT_READ_ACTIONS, Resource: '*' }
      : undefined,
    {
      Sid: 'OnlyReadersGetTheValue',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalArn': readers } },
    },
    {
      Sid: 'OnlyStripeConfigRoles',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'secretsmanager:*',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalArn': [...principals, model.rootArn] } },
    },
  ]);
}

const SID_OF_KIND: Record<AccessSecret['kind'], string> = { config: 'Config', 'live-key-set': 'LiveKeySet', 'test-key-set': 'TestKeySet' };

/** Where Terraform keeps the environment stack's state, when it is in S3 (the lock file beside it, Terraform >= 1.10). */
export interface StateLocation {
  backend: S3Backend;
}

type S3Backend = NonNullable<InfrastructureSettings['backend']>;

/**
 * The IAM policy of a role the access stack creates: its secrets by ARN (never a wildcard beyond the
 * 6-character suffix AWS adds), its own ledger partition, and for the gate and deploy the
 * environment stack's Terraform state. KMS is granted by the key policy, not here.
 */
export function roleIdentityPolicy(model: AccessModel, role: Exclude<AccessRoleName, 'checkout'>, state?: StateLocation): PolicyDocument {
  const secretStatements = model.secrets.flatMap((secret, index): PolicyStatement[] => {
    const actions = secretGrants(role, secret);
    return actions.length === 0 ? [] : [{ Sid: `${SID_OF_KIND[secret.kind]}${index}`, Effect: 'Allow', Action: [...actions], Resource: secret.arnPattern }];
  });
  return document([
    ...secretStatements,
    {
      Sid: 'LedgerOwnPartition',
      Effect: 'Allow',
      Action: [...LEDGER_GRANTS[role]],
      Resource: model.ledger.tableArn,
      // DynamoDB fine-grained access: every key the request touches must be in this partition.
      Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [model.ledger.partitionKey] } },
    },
    ...(state && role !== 'on-call' ? stateStatements(model, role, state.backend) : []),
  ]);
}

function stateStatements(model: AccessModel, role: 'gate' | 'deploy', backend: S3Backend): PolicyStatement[] {
  const bucket = `arn:${model.partition}:s3:::${backend.bucket}`;
  const lockFile = `${bucket}/${backend.key}.tflock`;
  return [
    // Terraform's S3 backend lists the bucket (its workspaces under `env:/` too), so no prefix condition
    // (Terraform docs, "Backend Type: s3", permissions required); listing shows key names, never contents.
    { Sid: 'StateList', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket },
    { Sid: 'StateObject', Effect: 'Allow', Action: role === 'deploy' ? ['s3:GetObject', 's3:PutObject'] : 's3:GetObject', Resource: `${bucket}/${backend.key}` },
    // `plan` takes the state lock too (S3-native locking writes and deletes <key>.tflock).
    { Sid: 'StateLock', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: lockFile },
  ];
}

/**
 * Who may assume a created role: principals of the same account that IAM lets call sts:AssumeRole
 * (an SSO permission set for on-call, the GitHub OIDC role chain in CI: docs/ADOPTING.md).
 */
export function roleTrustPolicy(model: AccessModel): PolicyDocument {
  return document([{ Sid: 'SameAccount', Effect: 'Allow', Principal: { AWS: model.rootArn }, Action: 'sts:AssumeRole' }]);
}

/** Key administration without use: the root (and IAM principals it delegates to) can manage the key, never encrypt or decrypt with it. */
export const KEY_ADMINISTRATION_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/**
 * The environment key's policy. Secrets Manager calls KMS on the caller's behalf with the encryption
 * context `SecretARN` (Secrets Manager User Guide, "Secrets Manager encryption context"), so each role
 * may decrypt exactly the secrets it reads and deploy may generate data keys (to write) for all of
 * them (writing needs only the encrypt side: aws-cdk's `Secret.grantWrite`, aws/aws-cdk#7858, grants
 * no Decrypt); `kms:ViaService` keeps the grants to calls made through Secrets Manager. An explicit Deny
 * keeps live key material to the checkout role even if an Allow is widened by mistake. The root may
 * administer the key but not use it: a key policy that leaves nobody able to change it would make
 * the key unmanageable (KMS refuses such a policy by default), and changing it is the audited
 * break-glass.
 */
export function kmsKeyPolicy(model: AccessModel): PolicyDocument {
  const viaSecretsManager = `secretsmanager.${model.region}.amazonaws.com`;
  const decrypts = (['checkout', 'gate', 'deploy', 'on-call'] as const).map((role): PolicyStatement | undefined => {
    const secrets = model.secrets.filter((secret) => secretGrants(role, secret).includes('secretsmanager:GetSecretValue'));
    if (secrets.length === 0) return undefined;
    return {
      Sid: `Decrypt${role === 'on-call' ? 'OnCall' : role[0].toUpperCase() + role.slice(1)}`,
      Effect: 'Allow',
      Principal: { AWS: model.roles[role].arn },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:ViaService': viaSecretsManager },
        StringLike: { 'kms:EncryptionContext:SecretARN': secrets.map((secret) => secret.arnPattern) },
      },
    };
  });
  const live = model.secrets.filter((secret) => secret.kind === 'live-key-set');
  return document([
    { Sid: 'KeyAdministration', Effect: 'Allow', Principal: { AWS: model.rootArn }, Action: KEY_ADMINISTRATION_ACTIONS, Resource: '*' },
    ...decrypts,
    {
      Sid: 'DeployEncryptsWrites',
      Effect: 'Allow',
      Principal: { AWS: model.roles.deploy.arn },
      Action: 'kms:GenerateDataKey',
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:ViaService': viaSecretsManager },
        StringLike: { 'kms:EncryptionContext:SecretARN': model.secrets.map((secret) => secret.arnPattern) },
      },
    },
    live.length === 0
      ? undefined
      : {
          Sid: 'OnlyCheckoutDecryptsLiveKeys',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: {
            StringLike: { 'kms:EncryptionContext:SecretARN': live.map((secret) => secret.arnPattern) },
            StringNotEquals: { 'aws:PrincipalArn': [model.roles.checkout.arn] },
          },
        },
  ]);
}
