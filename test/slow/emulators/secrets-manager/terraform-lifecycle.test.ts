/**
 * Acceptance 1: the real Terraform 1.11 and hashicorp/aws 5.100.0 through a whole lifecycle against
 * the stand-in, offline: create (with `name_prefix` and a replica, a policy, a write-only value), import, the three
 * data sources, a clean plan, an in-place update plus a write-only version bump next to an
 * out-of-band label move that Terraform must leave alone (facts §4.2), destroy with and without a
 * recovery window (facts §4.5), and re-creation of a force-deleted name (facts §6.10).
 *
 * One working directory and six Terraform invocations in order (init costs ~5 s, each plan/apply a
 * few seconds), so the steps share state on purpose; each test is one step.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerEmulator } from '../../../../emulators/secrets-manager';
import { writeTerraformCliConfig } from '../../../../ops';
import { failureOf, REGION, sdkClient, standInForAllTests, succeeded, terraform as runTerraform, type TerraformRun } from '../../../helpers/secrets-manager-stand-in';

const KEY_MATERIAL = 'sk_test_lifecycle_write_only_4242';
const IMPORTED = 'tf-acc/imported';
const FIXED = 'tf-acc/fixed';
const WINDOWED = 'tf-acc/windowed';
const REPLICA_REGION = 'us-east-1';
const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'CheckoutReads', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/checkout' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
};

const TERRAFORM_BLOCKS = {
  terraform: { required_version: '>= 1.11', required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
  provider: {
    aws: { region: REGION, skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true },
  },
};

/** The full configuration of steps 1–5. */
const LIFECYCLE_CONFIG = {
  ...TERRAFORM_BLOCKS,
  variable: {
    description: { type: 'string' },
    wo_version: { type: 'number' },
    imported_arn: { type: 'string' },
    key_material: { type: 'string', ephemeral: true, sensitive: true },
  },
  import: [{ to: 'aws_secretsmanager_secret.imported', id: '${var.imported_arn}' }],
  resource: {
    aws_secretsmanager_secret: {
      prefixed: { name_prefix: 'tf-acc/prefixed-', recovery_window_in_days: 0, replica: [{ region: REPLICA_REGION }] },
      fixed: { name: FIXED, description: '${var.description}', recovery_window_in_days: 0, tags: { team: 'payments' } },
      windowed: { name: WINDOWED, recovery_window_in_days: 7 },
      imported: { name: IMPORTED, description: 'made outside Terraform', recovery_window_in_days: 0 },
    },
    aws_secretsmanager_secret_version: {
      prefixed: { secret_id: '${aws_secretsmanager_secret.prefixed.id}', secret_string: 'prefixed-value' },
      fixed: { secret_id: '${aws_secretsmanager_secret.fixed.id}', secret_string_wo: '${var.key_material}', secret_string_wo_version: '${var.wo_version}' },
    },
    aws_secretsmanager_secret_policy: {
      fixed: { secret_arn: '${aws_secretsmanager_secret.fixed.arn}', policy: JSON.stringify(POLICY), block_public_policy: true },
    },
  },
  data: {
    aws_secretsmanager_secret: { imported: { arn: '${var.imported_arn}' } },
    aws_secretsmanager_secret_version: {
      current: { secret_id: '${var.imported_arn}' },
      previous: { secret_id: '${var.imported_arn}', version_stage: 'AWSPREVIOUS' },
    },
    aws_secretsmanager_secret_versions: { imported: { secret_id: '${var.imported_arn}' } },
  },
  output: {
    prefixed_name: { value: '${aws_secretsmanager_secret.prefixed.name}' },
    prefixed_version_id: { value: '${aws_secretsmanager_secret_version.prefixed.version_id}' },
    fixed_arn: { value: '${aws_secretsmanager_secret.fixed.arn}' },
    imported_arn: { value: '${aws_secretsmanager_secret.imported.arn}' },
    data_description: { value: '${data.aws_secretsmanager_secret.imported.description}' },
    data_current: { value: '${data.aws_secretsmanager_secret_version.current.secret_string}', sensitive: true },
    data_previous: { value: '${data.aws_secretsmanager_secret_version.previous.secret_string}', sensitive: true },
    data_versions: { value: '${data.aws_secretsmanager_secret_versions.imported.versions}' },
  },
};

/** Step 6: only the force-deleted fixed name, created again from an empty state. */
const RECREATE_CONFIG = {
  ...TERRAFORM_BLOCKS,
  resource: { aws_secretsmanager_secret: { fixed: { name: FIXED, recovery_window_in_days: 0 } } },
  output: { fixed_arn: { value: '${aws_secretsmanager_secret.fixed.arn}' } },
};

describe('Terraform lifecycle against the stand-in (acceptance 1)', () => {
  let emulator: SecretsManagerEmulator;
  let client: SecretsManagerClient;
  let workdir: string;
  let importedArn: string;
  const seen: { fixedArn?: string; prefixedName?: string; prefixedVersion?: string; outOfBand?: string } = {};

  const terraform = (args: string[], variables: Record<string, string> = {}): Promise<TerraformRun> =>
    runTerraform(workdir, emulator, args, variables);

  const vars = (description: string, woVersion: number) => ({
    description,
    wo_version: String(woVersion),
    imported_arn: importedArn,
    key_material: KEY_MATERIAL,
  });
  const writeConfig = (config: object) => fs.writeFile(path.join(workdir, 'main.tf.json'), JSON.stringify(config, null, 2));
  const outputs = async (): Promise<Record<string, unknown>> => {
    const run = succeeded(await terraform(['output', '-json']));
    const parsed = JSON.parse(run.output) as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(parsed).map(([name, output]) => [name, output.value]));
  };
  const stagesOf = async (secretId: string) => (await client.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages;

  standInForAllTests((standIn) => ({ emulator, client } = standIn));

  beforeAll(async () => {
    workdir = await fs.mkdtemp(path.join(os.tmpdir(), 'sm-lifecycle-'));
    if (!writeTerraformCliConfig(path.join(workdir, 'cli.tfrc'))) throw new Error('no hashicorp/aws provider mirror (set TF_PROVIDER_MIRROR)');
    await writeConfig(LIFECYCLE_CONFIG);
    // A secret made outside Terraform, with two versions, for import and the data sources.
    const created = await client.send(new CreateSecretCommand({ Name: IMPORTED, Description: 'made outside Terraform', SecretString: 'imported-1' }));
    await client.send(new PutSecretValueCommand({ SecretId: IMPORTED, SecretString: 'imported-2' }));
    importedArn = created.ARN ?? '';
  });

  afterAll(async () => {
    if (workdir) await fs.rm(workdir, { recursive: true, force: true });
  });

  test('init, then one apply creates, imports and reads through every data source', async () => {
    succeeded(await terraform(['init']));
    const apply = succeeded(await terraform(['apply', '-auto-approve'], vars('first', 1)));
    expect(apply.output).toMatch(/Apply complete! Resources: 1 imported, 6 added/);

    const out = await outputs();
    // name_prefix + 26 digits, as the provider generates it (facts §2.1).
    expect(out.prefixed_name).toMatch(/^tf-acc\/prefixed-\d{26}$/);
    expect(out.imported_arn).toBe(importedArn);
    expect(out.data_description).toBe('made outside Terraform');
    expect([out.data_current, out.data_previous]).toEqual(['imported-2', 'imported-1']);
    expect((out.data_versions as { version_stages: string[] }[]).map((version) => version.version_stages)).toEqual([['AWSPREVIOUS'], ['AWSCURRENT']]);
    Object.assign(seen, { fixedArn: out.fixed_arn, prefixedName: out.prefixed_name, prefixedVersion: out.prefixed_version_id });

    // The write-only value reached the secret but not the state (facts §4.4).
    expect((await client.send(new GetSecretValueCommand({ SecretId: FIXED }))).SecretString).toBe(KEY_MATERIAL);
    expect(await fs.readFile(path.join(workdir, 'terraform.tfstate'), 'utf8')).not.toContain(KEY_MATERIAL);
    // The `replica` block: the same secret, readable in the replica region (facts §2.1).
    const inReplicaRegion = sdkClient(emulator, REPLICA_REGION);
    try {
      expect((await inReplicaRegion.send(new GetSecretValueCommand({ SecretId: out.prefixed_name as string }))).SecretString).toBe('prefixed-value');
    } finally {
      inReplicaRegion.destroy();
    }
    const policy = await client.send(new GetResourcePolicyCommand({ SecretId: FIXED }));
    expect(JSON.parse(policy.ResourcePolicy ?? '{}')).toEqual(POLICY);
  }, 180_000);

  test('the next plan shows no changes, the imported secret included', async () => {
    const plan = await terraform(['plan', '-detailed-exitcode'], vars('first', 1));
    expect({ code: plan.code, output: plan.output }).toEqual({ code: 0, output: expect.stringContaining('No changes') });
  }, 120_000);

  test('an in-place update and a write-only version bump leave an out-of-band label move alone (facts §4.2)', async () => {
    // Someone puts a new value outside Terraform: AWSCURRENT leaves Terraform's version.
    const outOfBand = await client.send(new PutSecretValueCommand({ SecretId: seen.prefixedName, SecretString: 'hotfix' }));
    seen.outOfBand = outOfBand.VersionId;

    const apply = succeeded(await terraform(['apply', '-auto-approve'], vars('second', 2)));
    // description in place; the write-only version replaced (facts §4.1); nothing about `prefixed`.
    expect(apply.output).toMatch(/Apply complete! Resources: 1 added, 1 changed, 1 destroyed\./);
    expect(apply.output).not.toMatch(/aws_secretsmanager_secret_version\.prefixed: (Modifying|Destroying|Creating)/);

    expect((await client.send(new DescribeSecretCommand({ SecretId: FIXED }))).Description).toBe('second');
    const fixedStages = Object.values((await stagesOf(FIXED)) ?? {});
    expect(fixedStages.sort()).toEqual([['AWSCURRENT'], ['AWSPREVIOUS']]);
    expect(await stagesOf(seen.prefixedName ?? '')).toEqual({ [seen.prefixedVersion ?? '']: ['AWSPREVIOUS'], [seen.outOfBand ?? '']: ['AWSCURRENT'] });
    expect((await client.send(new GetSecretValueCommand({ SecretId: seen.prefixedName }))).SecretString).toBe('hotfix');
  }, 120_000);

  test('destroy force-deletes the recovery_window_in_days = 0 secrets and schedules the 7-day one (facts §4.5)', async () => {
    succeeded(await terraform(['destroy', '-auto-approve'], vars('second', 2)));
    for (const gone of [FIXED, IMPORTED, seen.prefixedName ?? '']) {
      expect((await failureOf(client.send(new DescribeSecretCommand({ SecretId: gone })))).name).toBe('ResourceNotFoundException');
    }
    const windowed = await client.send(new DescribeSecretCommand({ SecretId: WINDOWED }));
    expect(windowed.DeletedDate).toBeInstanceOf(Date);
    const listed = await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
    expect(listed.SecretList?.map((secret) => secret.Name)).toEqual([WINDOWED]);
  }, 120_000);

  test('a force-deleted name is created again at once, with a new ARN (facts §6.10)', async () => {
    await writeConfig(RECREATE_CONFIG);
    succeeded(await terraform(['apply', '-auto-approve']));
    const { fixed_arn: recreated } = await outputs();
    expect(recreated).toMatch(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:tf-acc\/fixed-[A-Za-z0-9]{6}$/);
    expect(recreated).not.toBe(seen.fixedArn);
  }, 120_000);
});
