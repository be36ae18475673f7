import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import type { ValidatedEnvironment } from '../../../config';
import { LEDGER_TABLE } from '../../../ops/ledger-local';
import { AccessStack, EnvironmentStack, LEDGER_TABLE_NAME, LedgerStack, accessModelFor, type AccessModel, type PolicyDocument } from '../../../stacks';
import { readersFromJson, reviewAccess, statementsOf, type ReviewedStacks } from '../../helpers/access-review';
import { testingApp } from '../../helpers/cdktf-testing';
import { sampleEnvironment } from '../../helpers/environments';

// cdktf's matchers load only in the files that use them (the unit lane's setup has none).
Testing.setupJest();

interface Synthesized {
  model: AccessModel;
  stacks: ReviewedStacks;
  /** The access stack as text, for the cdktf matchers. */
  accessText: string;
  environmentText: string;
}

function synth(name: string, change?: (environment: ValidatedEnvironment) => void): Synthesized {
  const environment = sampleEnvironment(name);
  change?.(environment);
  const app = testingApp();
  const environmentText = Testing.synth(new EnvironmentStack(app, name, { environment, target: 'aws', localStateFile: 'env.tfstate' }));
  const accessText = Testing.synth(new AccessStack(app, `${name}_access`, { environment, localStateFile: 'access.tfstate' }));
  return { model: accessModelFor(environment), stacks: { environment: JSON.parse(environmentText), access: JSON.parse(accessText) }, accessText, environmentText };
}

const production = synth('production');
const role = (model: AccessModel, name: 'checkout' | 'gate' | 'deploy' | 'on-call') => model.roles[name].arn;
const secretNamed = (model: AccessModel, kind: string) => model.secrets.find((secret) => secret.kind === kind)!;

/** A deep copy of the stacks with one policy document rewritten, as a careless edit of a generator or a stack would. */
function widen(source: Synthesized, type: 'aws_iam_role_policy' | 'aws_kms_key' | 'aws_secretsmanager_secret_policy', pick: (policy: PolicyDocument, id: string) => boolean, edit: (policy: PolicyDocument) => void): ReviewedStacks {
  const stacks = structuredClone(source.stacks);
  const holder = type === 'aws_secretsmanager_secret_policy' ? stacks.environment : stacks.access!;
  const entries = Object.entries(holder.resource![type]);
  const [, resource] = entries.find(([id, resource]) => pick(JSON.parse(String(resource.policy)), id))!;
  const policy = JSON.parse(String(resource.policy)) as PolicyDocument;
  edit(policy);
  resource.policy = JSON.stringify(policy);
  return stacks;
}

describe('access: roles, policies and the KMS key', () => {
  test.each(['production', 'staging', 'development'])('%s: every policy passes the least-privilege review', (name) => {
    const { model, stacks } = name === 'production' ? production : synth(name);
    expect(reviewAccess(model, stacks)).toEqual([]);
  });

  test('only the checkout role can read a live key set, through Secrets Manager and through KMS', () => {
    const live = secretNamed(production.model, 'live-key-set');
    const checkout = role(production.model, 'checkout');
    expect(readersFromJson(production.model, production.stacks, live.name)).toEqual([checkout, `${checkout} (kms:Decrypt)`]);
  });

  test('the gate reads the config and the test-mode key set, and not the live key set', () => {
    const gate = role(production.model, 'gate');
    const readable = production.model.secrets.filter((secret) => readersFromJson(production.model, production.stacks, secret.name).includes(gate));
    expect(readable.map((secret) => secret.kind)).toEqual(['config', 'test-key-set']);
  });

  test('the deploy role writes every key set but reads only the config and the test-mode key set', () => {
    const deploy = role(production.model, 'deploy');
    const statements = statementsOf(production.model, production.stacks).filter((entry) => entry.kind === 'identity' && entry.principals.includes(deploy));
    for (const secret of production.model.secrets) {
      const onSecret = statements.filter((entry) => entry.statement.Resource === secret.arnPattern).flatMap((entry) => entry.statement.Action);
      expect(onSecret).toContain('secretsmanager:PutSecretValue');
      expect(onSecret.includes('secretsmanager:GetSecretValue')).toBe(secret.kind !== 'live-key-set');
    }
  });

  test('the on-call role can only read labels and move AWSCURRENT on the config secret, read the test keys of its smoke, and write its ledger partition', () => {
    const onCall = role(production.model, 'on-call');
    const statements = statementsOf(production.model, production.stacks).filter((entry) => entry.kind === 'identity' && entry.principals.includes(onCall));
    expect(statements.map((entry) => entry.statement)).toEqual([
      expect.objectContaining({
        Action: ['secretsmanager:UpdateSecretVersionStage', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds', 'secretsmanager:GetSecretValue'],
        Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-config/production/config-??????',
      }),
      expect.objectContaining({
        Action: ['secretsmanager:GetSecretValue'],
        Resource: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-config/production/key-sets/production-test-2026-11-??????',
      }),
      expect.objectContaining({
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'],
        Resource: 'arn:aws:dynamodb:eu-west-1:123456789012:table/stripe-config-ledger',
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['env#production'] } },
      }),
    ]);
  });

  test('the created roles live under /stripe-config/ and trust only their own account', () => {
    expect(production.accessText).toHaveResourceWithProperties(IamRole, { name: 'production-deploy', path: '/stripe-config/' });
    const roles = Object.values(production.stacks.access!.resource!.aws_iam_role);
    expect(roles).toHaveLength(3); // the checkout role is given (infrastructure.checkoutRoleArn), never created
    for (const iamRole of roles) {
      expect(JSON.parse(String(iamRole.assume_role_policy)).Statement).toEqual([
        { Sid: 'SameAccount', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' },
      ]);
    }
  });

  test('a live-mode environment gets its own KMS key by default, and its secrets name it by alias', () => {
    expect(production.accessText).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true });
    // Created after the roles its policy names (KMS refuses unknown principals).
    const [key] = Object.values(production.stacks.access!.resource!.aws_kms_key);
    expect(key.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_iam_role\.roles_deploy_/)]));
    expect(production.accessText).toHaveResourceWithProperties(KmsAlias, { name: 'alias/stripe-config/production' });
    expect(production.environmentText).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: 'stripe-config/production/key-sets/production-2026-11',
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:alias/stripe-config/production',
    });
  });

  test('a test-mode environment uses aws/secretsmanager unless customerManagedKey asks for a key', () => {
    const staging = synth('staging');
    expect(staging.stacks.access!.resource!.aws_kms_key).toBeUndefined();
    expect(Object.values(staging.stacks.environment.resource!.aws_secretsmanager_secret).every((secret) => secret.kms_key_id === undefined)).toBe(true);
    const withKey = synth('staging', (environment) => (environment.config.infrastructure.customerManagedKey = true));
    expect(withKey.accessText).toHaveResource(KmsKey);
    expect(reviewAccess(withKey.model, withKey.stacks)).toEqual([]);
  });

  test('the key policy lets the root administer the key but never use it', () => {
    const [key] = Object.values(production.stacks.access!.resource!.aws_kms_key);
    const administration = (JSON.parse(String(key.policy)) as PolicyDocument).Statement.find((statement) => statement.Sid === 'KeyAdministration')!;
    expect(administration.Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
    for (const use of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom']) expect(administration.Action).not.toContain(use);
  });

  test('the ledger stack creates the table the ledger uses: pk and sk, on demand, point-in-time recovery', () => {
    expect(LEDGER_TABLE_NAME).toBe(LEDGER_TABLE);
    const text = Testing.synth(new LedgerStack(testingApp(), 'ledger', { region: 'eu-west-1', localStateFile: 'ledger.tfstate' }));
    expect(text).toHaveResourceWithProperties(DynamodbTable, {
      name: 'stripe-config-ledger',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'pk',
      range_key: 'sk',
      point_in_time_recovery: { enabled: true },
    });
  });

  test('with an S3 backend, gate and deploy reach only the environment stack state and its lock file', () => {
    const withBackend = synth('production', (environment) => {
      environment.config.infrastructure.backend = { type: 's3', bucket: 'shop-tfstate', key: 'stripe-config/production.tfstate', region: 'eu-west-1' };
    });
    expect(JSON.parse(withBackend.accessText).terraform.backend.s3).toEqual(expect.objectContaining({ key: 'stripe-config/production.access.tfstate' }));
    const deploy = statementsOf(withBackend.model, withBackend.stacks).filter((entry) => entry.principals.includes(role(withBackend.model, 'deploy')));
    expect(deploy.map((entry) => entry.statement)).toContainEqual(
      expect.objectContaining({ Sid: 'StateObject', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::shop-tfstate/stripe-config/production.tfstate' }),
    );
    expect(reviewAccess(withBackend.model, withBackend.stacks)).toEqual([]);
  });
});

describe('the review fails when a policy is widened', () => {
  const { model } = production;
  const live = secretNamed(model, 'live-key-set');
  const config = secretNamed(model, 'config');
  const stagingConfig = accessModelFor(sampleEnvironment('staging')).secrets[0].arnPattern;
  const ofRole = (name: 'gate' | 'deploy' | 'on-call') => (_policy: PolicyDocument, id: string) => id.startsWith(`roles_${name}-policy`);

  test.each<[string, () => ReviewedStacks, RegExp]>([
    [
      'deploy may read the live key set it writes',
      () => widen(production, 'aws_iam_role_policy', ofRole('deploy'), (policy) => {
        (policy.Statement.find((statement) => statement.Resource === live.arnPattern)!.Action as string[]).push('secretsmanager:GetSecretValue');
      }),
      /^live key material readable by more than the checkout role: stripe-config\/production\/key-sets\/production-2026-11: .*production-deploy$/,
    ],
    [
      'on-call gets every Secrets Manager action',
      () => widen(production, 'aws_iam_role_policy', ofRole('on-call'), (policy) => (policy.Statement[0].Action = 'secretsmanager:*')),
      /^wildcard action: IAM policy of .*production-on-call, Config0: secretsmanager:\*$/,
    ],
    [
      "the gate's config grant becomes every secret of the prefix",
      () => widen(production, 'aws_iam_role_policy', ofRole('gate'), (policy) => (policy.Statement[0].Resource = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-config/*')),
      /^wildcard resource: IAM policy of .*production-gate, Config0: .*stripe-config\/\*$/,
    ],
    [
      "production's gate may read staging's config",
      () => widen(production, 'aws_iam_role_policy', ofRole('gate'), (policy) => (policy.Statement[0].Resource = stagingConfig)),
      /^cross-environment read: IAM policy of .*production-gate, Config0: .*stripe-config\/staging\/config-\?{6}$/,
    ],
    [
      'on-call may also write new config versions',
      () => widen(production, 'aws_iam_role_policy', ofRole('on-call'), (policy) => (policy.Statement[0].Action as string[]).push('secretsmanager:PutSecretValue')),
      /^on-call beyond labels: secretsmanager:PutSecretValue/,
    ],
    [
      "on-call's smoke grant extends to the live key set",
      () => widen(production, 'aws_iam_role_policy', ofRole('on-call'), (policy) => (policy.Statement[1].Resource = live.arnPattern)),
      /^live key material readable by more than the checkout role: .*production-2026-11: .*production-on-call$/,
    ],
    [
      'the ledger grant loses its partition condition',
      () => widen(production, 'aws_iam_role_policy', ofRole('deploy'), (policy) => delete policy.Statement.find((statement) => statement.Sid === 'LedgerOwnPartition')!.Condition),
      /^ledger beyond its partition: IAM policy of .*production-deploy, LedgerOwnPartition/,
    ],
    [
      "the gate's KMS grant covers the live key set",
      () => widen(production, 'aws_kms_key', () => true, (policy) => {
        (policy.Statement.find((statement) => statement.Sid === 'DecryptGate')!.Condition!.StringLike['kms:EncryptionContext:SecretARN'] as string[]).push(live.arnPattern);
      }),
      /^live key material readable by more than the checkout role: .*production-gate \(kms:Decrypt\)$/,
    ],
    [
      'the Deny for other principals is dropped from the config secret',
      () => widen(production, 'aws_secretsmanager_secret_policy', (policy) => policy.Statement.length === 3 && JSON.stringify(policy).includes('OnlyReadersGetTheValue') && !JSON.stringify(policy).includes('"aws:PrincipalArn":["arn:aws:iam::123456789012:role/checkout-production"]'), (policy) => {
        policy.Statement = policy.Statement.filter((statement) => statement.Sid !== 'OnlyStripeConfigRoles');
      }),
      new RegExp(`^no deny for other principals: resource policy of ${config.name}$`),
    ],
    [
      "the live key set's read Deny exempts an admin role",
      () => widen(production, 'aws_secretsmanager_secret_policy', (policy) => JSON.stringify(policy).includes('"aws:PrincipalArn":["arn:aws:iam::123456789012:role/checkout-production"]'), (policy) => {
        (policy.Statement.find((statement) => statement.Sid === 'OnlyReadersGetTheValue')!.Condition!.StringNotEquals['aws:PrincipalArn'] as string[]).push('arn:aws:iam::123456789012:role/admin');
      }),
      /^no deny of reads but the checkout role's: resource policy of stripe-config\/production\/key-sets\/production-2026-11$/,
    ],
    [
      'a resource policy lets another account read',
      () => widen(production, 'aws_secretsmanager_secret_policy', () => true, (policy) => {
        policy.Statement[0].Principal = { AWS: ['arn:aws:iam::123456789012:role/checkout-production', '210987654321'] };
      }),
      /^foreign principal: resource policy of .*, CheckoutReads: 210987654321$/,
    ],
  ])('%s', (_description, widened, finding) => {
    expect(reviewAccess(model, production.stacks)).toEqual([]);
    expect(reviewAccess(model, widened())).toContainEqual(expect.stringMatching(finding));
  });

  test('a config that widens access is caught too: testMode pointed at the live key set, past validation', () => {
    // The checks-only key set is what the gate may read; pointing testMode at the live key set hands the
    // gate live keys. validate refuses it (/testMode/keySet must differ from /stripe/keySet); this is
    // the second line, should that rule ever be lost.
    const widened = synth('production', (environment) => {
      environment.config.testMode!.keySet = 'production-2026-11';
    });
    // The model now calls the live key set a checks-only test key set, so the review, which trusts the
    // model for facts, is given the real facts: the key set holds live keys.
    const facts = { ...widened.model, secrets: production.model.secrets };
    expect(reviewAccess(facts, widened.stacks)).toContainEqual(expect.stringMatching(/^live key material readable by more than the checkout role: .*production-2026-11: .*production-gate/));
  });
});
