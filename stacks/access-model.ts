/**
 * Who may do what to an environment's secrets, KMS key and ledger partition: the one table that the
 * secrets' resource policies, the roles' IAM policies and the KMS key policy are all generated from,
 * so the three can never disagree. Pure: no constructs, no Terraform.
 *
 * The checkout role exists already (`infrastructure.checkoutRoleArn`: the checkout service's identity
 * belongs to the service's own infrastructure) and is granted access only through the resource and
 * key policies. The gate, deploy and on-call roles are created by the environment's access stack, in
 * the checkout role's account, at fixed names, so every policy can name them before they exist.
 */
import { secretNamesFor, type ValidatedEnvironment } from '../config';

export type AccessRoleName = 'checkout' | 'gate' | 'deploy' | 'on-call';
export const ACCESS_ROLES: readonly AccessRoleName[] = ['checkout', 'gate', 'deploy', 'on-call'];

/** A config secret; a key set the checkout may use in live mode; a key set of test-mode keys. */
export type SecretKind = 'config' | 'live-key-set' | 'test-key-set';

export interface AccessSecret {
  /** Secret name, e.g. `stripe-config/production/key-sets/production-2026-11`. */
  readonly name: string;
  readonly kind: SecretKind;
  /** The key set's name, for key-set secrets. */
  readonly keySet?: string;
  /** The checkout reads it: the config, and every key set but a live environment's checks-only test key set. */
  readonly checkoutReads: boolean;
  /** Its ARN as IAM matches it: AWS appends `-` and 6 random characters to the name (Secrets Manager User Guide, "Secrets Manager concepts": secret ARN). */
  readonly arnPattern: string;
}

export interface AccessRole {
  readonly name: AccessRoleName;
  readonly arn: string;
  /** IAM role name (with path) when the access stack creates it; undefined for the checkout's existing role. */
  readonly iamName?: string;
}

export interface AccessModel {
  readonly environment: string;
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  readonly roles: Record<AccessRoleName, AccessRole>;
  readonly secrets: AccessSecret[];
  /** The account's root principal: the break-glass (see docs/ARCHITECTURE.md "Access"). */
  readonly rootArn: string;
  /** The environment's customer-managed KMS key, by alias; undefined when it uses aws/secretsmanager. */
  readonly kmsKey?: { aliasName: string; aliasArn: string };
  readonly ledger: { tableName: string; tableArn: string; partitionKey: string };
}

const SM = (action: string) => `secretsmanager:${action}`;
const READ = [SM('GetSecretValue'), SM('DescribeSecret')];
/** What Terraform 5.100.0 calls to create, refresh, tag, re-key, re-police and delete a secret (terraform-provider-aws 5.100.0, internal/service/secretsmanager/secret.go and secret_policy.go). */
const MANAGE = ['CreateSecret', 'DescribeSecret', 'GetResourcePolicy', 'PutResourcePolicy', 'DeleteResourcePolicy', 'TagResource', 'UntagResource', 'UpdateSecret', 'DeleteSecret'].map(SM);

/**
 * Secrets Manager actions per role and kind of secret. The rows are the roles' jobs:
 * - checkout: read its config and key sets (never the live environment's checks-only test key set);
 * - gate: plan (refresh: DescribeSecret, GetResourcePolicy, the config version's GetSecretValue,
 *   as the provider's Read does), compare with what is deployed, and run the journeys with test-mode keys only;
 * - deploy: apply (manage the secrets, put config versions, move AWSCURRENT back on a failed smoke)
 *   and write key-set material with PutSecretValue, never read live material; it reads test-mode
 *   key sets, because its precheck and smoke journeys run with them (ops/checks.ts);
 * - on-call: read labels and move AWSCURRENT on the config secret; and read test-mode key sets
 *   only, because the rollback's smoke journeys run in test mode with the key set the restored
 *   document names, read from Secrets Manager as the checkout would (ops/checks.ts). Without it a
 *   3 a.m. rollback could move the label but never verify it.
 */
export const SECRET_GRANTS: Record<AccessRoleName, Record<SecretKind, readonly string[]>> = {
  checkout: { config: READ, 'live-key-set': READ, 'test-key-set': READ },
  gate: {
    config: [...READ, SM('ListSecretVersionIds'), SM('GetResourcePolicy')],
    'live-key-set': [SM('DescribeSecret'), SM('GetResourcePolicy')],
    'test-key-set': [...READ, SM('GetResourcePolicy')],
  },
  deploy: {
    config: [...MANAGE, SM('PutSecretValue'), SM('GetSecretValue'), SM('ListSecretVersionIds'), SM('UpdateSecretVersionStage')],
    'live-key-set': [...MANAGE, SM('PutSecretValue')],
    'test-key-set': [...MANAGE, SM('PutSecretValue'), SM('GetSecretValue')],
  },
  'on-call': {
    config: [SM('UpdateSecretVersionStage'), SM('DescribeSecret'), SM('ListSecretVersionIds'), SM('GetSecretValue')],
    'live-key-set': [],
    'test-key-set': [SM('GetSecretValue')],
  },
};

/**
 * Ledger actions per role, each only on the environment's own partition (`dynamodb:LeadingKeys`):
 * the gate writes attestations and reads the hold; deploy and on-call take the lock, write intents
 * and outcomes, set and release holds (ops/ledger*.ts uses exactly these five calls).
 */
export const LEDGER_GRANTS: Record<AccessRoleName, readonly string[]> = {
  checkout: [],
  gate: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
  deploy: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
  'on-call': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
};

/** The ledger's table (ops/ledger-local.ts LEDGER_TABLE; a unit test keeps the two equal). */
export const LEDGER_TABLE_NAME = 'stripe-config-ledger';

/** What a role may do to one secret. */
export function secretGrants(role: AccessRoleName, secret: AccessSecret): readonly string[] {
  if (role === 'checkout' && !secret.checkoutReads) return [];
  return SECRET_GRANTS[role][secret.kind];
}

/** Roles that may read the secret's value: exactly those granted GetSecretValue. */
export function readersOf(model: AccessModel, secret: AccessSecret): AccessRole[] {
  return ACCESS_ROLES.filter((role) => secretGrants(role, secret).includes(SM('GetSecretValue'))).map((role) => model.roles[role]);
}

/** Roles with any access to the secret. */
export function principalsOf(model: AccessModel, secret: AccessSecret): AccessRole[] {
  return ACCESS_ROLES.filter((role) => secretGrants(role, secret).length > 0).map((role) => model.roles[role]);
}

/** The environment uses a KMS key of its own: as configured, else in live mode only. */
export function usesCustomerManagedKey(environment: ValidatedEnvironment): boolean {
  const { config } = environment;
  return config.infrastructure.customerManagedKey ?? config.stripe.mode === 'live';
}

const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\//;

export function accessModelFor(environment: ValidatedEnvironment): AccessModel {
  const { environment: name, config } = environment;
  const { region, checkoutRoleArn, keySets } = config.infrastructure;
  // The schema's pattern for checkoutRoleArn guarantees the match.
  const [, partition, accountId] = ROLE_ARN.exec(checkoutRoleArn)!;
  const names = secretNamesFor(name, config);
  const secretArn = (secretName: string) => `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${secretName}-??????`;
  const created = (role: AccessRoleName): AccessRole => {
    const iamName = `${name}-${role}`;
    return { name: role, iamName, arn: `arn:${partition}:iam::${accountId}:role/stripe-config/${iamName}` };
  };
  const live = config.stripe.mode === 'live';
  const secrets: AccessSecret[] = [
    { name: names.config, kind: 'config', checkoutReads: true, arnPattern: secretArn(names.config) },
    ...keySets.map((keySet): AccessSecret => {
      const checksOnly = keySet === config.testMode?.keySet;
      return {
        name: names.keySet(keySet),
        keySet,
        kind: live && !checksOnly ? 'live-key-set' : 'test-key-set',
        checkoutReads: !checksOnly,
        arnPattern: secretArn(names.keySet(keySet)),
      };
    }),
  ];
  const aliasName = `alias/stripe-config/${name}`;
  return {
    environment: name,
    partition,
    accountId,
    region,
    roles: { checkout: { name: 'checkout', arn: checkoutRoleArn }, gate: created('gate'), deploy: created('deploy'), 'on-call': created('on-call') },
    secrets,
    rootArn: `arn:${partition}:iam::${accountId}:root`,
    ...(usesCustomerManagedKey(environment) ? { kmsKey: { aliasName, aliasArn: `arn:${partition}:kms:${region}:${accountId}:${aliasName}` } } : {}),
    ledger: {
      tableName: LEDGER_TABLE_NAME,
      tableArn: `arn:${partition}:dynamodb:${region}:${accountId}:table/${LEDGER_TABLE_NAME}`,
      // ops/ledger-records.ts: every item of an environment lives in partition env#<environment>.
      partitionKey: `env#${name}`,
    },
  };
}
