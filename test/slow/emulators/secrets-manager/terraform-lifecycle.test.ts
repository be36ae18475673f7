/**
 * The real Terraform 1.11 and hashicorp/aws 5.100.0 through a whole lifecycle against the stand-in,
 * offline: init from the provider mirror; create (stripe-config's config secret shape with its tags and
 * document version, `name_prefix` with a replica, a policy, a write-only value), import, the three data
 * sources; a clean plan; a new document next to an in-place update, a write-only version bump and an
 * out-of-band label move that Terraform must leave alone (facts §4.1, §4.2); an out-of-band rollback the
 * next plan must not undo (facts §4.2); destroy with and without a recovery window (facts §4.5); and
 * re-creation of a force-deleted name (facts §6.10).
 *
 * One working directory walks through the steps in order, so the steps share state on purpose; each
 * test is one step. Terraform is slow to start (a 700 MB provider, about 7 s of CPU per plan or apply),
 * so the file keeps to seven Terraform runs besides init and two `output`s.
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
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerEmulator } from '../../../../emulators/secrets-manager';
import { findProviderMirror, writeTerraformCliConfig } from '../../../../ops';
import { failureOf, REGION, sdkClient, standInForAllTests, succeeded, terraform as runTerraform, type TerraformRun } from '../../../helpers/secrets-manager-stand-in';

const KEY_MATERIAL = 'sk_test_lifecycle_write_only_4242';
const IMPORTED = 'tf-acc/imported';
const FIXED = 'tf-acc/fixed';
const WINDOWED = 'tf-acc/windowed';
const REPLICA_REGION = 'us-east-1';
/** stripe-config's config secret: tags, and a document version Terraform replaces when the document changes. */
const DOCUMENT = 'stripe-config/tf-test/runtime';
const DOCUMENT_V1 = JSON.stringify({ apiVersion: '2025-05-28.basil', threeDSecure: 'automatic' });
const DOCUMENT_V2 = JSON.stringify({ apiVersion: '2025-05-28.basil', threeDSecure: 'any' });
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
    document: { type: 'string' },
    key_material: { type: 'string', ephemeral: true, sensitive: true },
  },
  import: [{ to: 'aws_secretsmanager_secret.imported', id: '${var.imported_arn}' }],
  resource: {
    aws_secretsmanager_secret: {
      prefixed: { name_prefix: 'tf-acc/prefixed-', recovery_window_in_days: 0, replica: [{ region: REPLICA_REGION }] },
      fixed: { name: FIXED, description: '${var.description}', recovery_window_in_days: 0, tags: { team: 'payments' } },
      windowed: { name: WINDOWED, recovery_window_in_days: 7 },
      imported: { name: IMPORTED, description: 'made outside Terraform', recovery_window_in_days: 0 },
      document: { name: DOCUMENT, description: 'Runtime settings for the tf-test environment', recovery_window_in_days: 0, tags: { environment: 'tf-test', owner: 'payments' } },
    },
    aws_secretsmanager_secret_version: {
      document: { secret_id: '${aws_secretsmanager_secret.document.arn}', secret_string: '${var.document}' },
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
  /** The document's versions as Terraform created them, in order. */
  const documentVersions: string[] = [];

  const terraform = (args: string[], variables: Record<string, string> = {}): Promise<TerraformRun> =>
    runTerraform(workdir, emulator, args, variables);

  const vars = (description: string, woVersion: number, document: string) => ({
    description,
    wo_version: String(woVersion),
    imported_arn: importedArn,
    document,
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

  test('init installs the provider from the mirror as a symlink, not a 700 MB copy', async () => {
    succeeded(await terraform(['init']));
    const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
    const installed = path.join(workdir, '.terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0', platform);
    expect((await fs.lstat(installed)).isSymbolicLink()).toBe(true);
    expect(await fs.readlink(installed)).toBe(path.join(findProviderMirror()!, 'registry.terraform.io/hashicorp/aws/5.100.0', platform));
  }, 60_000);

  test('one apply creates, imports and reads through every data source', async () => {
    const apply = succeeded(await terraform(['apply', '-auto-approve'], vars('first', 1, DOCUMENT_V1)));
    expect(apply.output).toMatch(/Apply complete! Resources: 1 imported, 8 added/);

    const out = await outputs();
    // name_prefix + 26 digits, as the provider generates it (facts §2.1).
    expect(out.prefixed_name).toMatch(/^tf-acc\/prefixed-\d{26}$/);
    expect(out.imported_arn).toBe(importedArn);
    expect(out.data_description).toBe('made outside Terraform');
    expect([out.data_current, out.data_previous]).toEqual(['imported-2', 'imported-1']);
    expect((out.data_versions as { version_stages: string[] }[]).map((version) => version.version_stages)).toEqual([['AWSPREVIOUS'], ['AWSCURRENT']]);
    Object.assign(seen, { fixedArn: out.fixed_arn, prefixedName: out.prefixed_name, prefixedVersion: out.prefixed_version_id });

    // The document: its tags, and Terraform's token as the VersionId of its only version (facts §6.6).
    const document = await client.send(new DescribeSecretCommand({ SecretId: DOCUMENT }));
    expect(document.Tags).toEqual(expect.arrayContaining([{ Key: 'environment', Value: 'tf-test' }, { Key: 'owner', Value: 'payments' }]));
    const [versionId, stages] = Object.entries(document.VersionIdsToStages ?? {})[0]!;
    expect(versionId).toMatch(/^terraform-\d{26}$/);
    expect(stages).toEqual(['AWSCURRENT']);
    documentVersions.push(versionId);
    expect((await client.send(new GetSecretValueCommand({ SecretId: DOCUMENT }))).SecretString).toBe(DOCUMENT_V1);

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
    // The policy text comes back as the provider sent it (facts §4.7).
    const policy = await client.send(new GetResourcePolicyCommand({ SecretId: FIXED }));
    expect(JSON.parse(policy.ResourcePolicy ?? '{}')).toEqual(POLICY);
  }, 180_000);

  test('the next plan shows no changes, the imported secret included', async () => {
    const plan = await terraform(['plan', '-detailed-exitcode'], vars('first', 1, DOCUMENT_V1));
    expect({ code: plan.code, output: plan.output }).toEqual({ code: 0, output: expect.stringContaining('No changes') });
  }, 120_000);

  test('a new document, an in-place update and a write-only version bump leave an out-of-band label move alone (facts §4.1, §4.2)', async () => {
    // Someone puts a new value outside Terraform: AWSCURRENT leaves Terraform's version.
    const outOfBand = await client.send(new PutSecretValueCommand({ SecretId: seen.prefixedName, SecretString: 'hotfix' }));
    seen.outOfBand = outOfBand.VersionId;

    const apply = succeeded(await terraform(['apply', '-auto-approve'], vars('second', 2, DOCUMENT_V2)));
    // description in place; the document's and the write-only versions replaced (facts §4.1); nothing about `prefixed`.
    expect(apply.output).toMatch(/Apply complete! Resources: 2 added, 1 changed, 2 destroyed\./);
    expect(apply.output).not.toMatch(/aws_secretsmanager_secret_version\.prefixed: (Modifying|Destroying|Creating)/);

    expect((await client.send(new DescribeSecretCommand({ SecretId: FIXED }))).Description).toBe('second');
    const fixedStages = Object.values((await stagesOf(FIXED)) ?? {});
    expect(fixedStages.sort()).toEqual([['AWSCURRENT'], ['AWSPREVIOUS']]);
    expect(await stagesOf(seen.prefixedName ?? '')).toEqual({ [seen.prefixedVersion ?? '']: ['AWSPREVIOUS'], [seen.outOfBand ?? '']: ['AWSCURRENT'] });
    expect((await client.send(new GetSecretValueCommand({ SecretId: seen.prefixedName }))).SecretString).toBe('hotfix');

    // The new document is a new version; AWSPREVIOUS stays on the old one.
    const documentStages = (await stagesOf(DOCUMENT)) ?? {};
    const next = Object.keys(documentStages).find((id) => id !== documentVersions[0]) ?? '';
    documentVersions.push(next);
    expect(documentStages).toEqual({ [documentVersions[0]!]: ['AWSPREVIOUS'], [next]: ['AWSCURRENT'] });
    expect((await client.send(new GetSecretValueCommand({ SecretId: DOCUMENT }))).SecretString).toBe(DOCUMENT_V2);
  }, 120_000);

  test('an out-of-band rollback of the document is not undone by the next plan (facts §4.2)', async () => {
    const [previous, current] = documentVersions;
    await client.send(new UpdateSecretVersionStageCommand({ SecretId: DOCUMENT, VersionStage: 'AWSCURRENT', MoveToVersionId: previous, RemoveFromVersionId: current }));

    const plan = await terraform(['plan', '-detailed-exitcode'], vars('second', 2, DOCUMENT_V2));
    expect({ code: plan.code, output: plan.output }).toEqual({ code: 0, output: expect.stringContaining('No changes') });
    expect(await stagesOf(DOCUMENT)).toEqual({ [previous!]: ['AWSCURRENT'], [current!]: ['AWSPREVIOUS'] });
    expect((await client.send(new GetSecretValueCommand({ SecretId: DOCUMENT }))).SecretString).toBe(DOCUMENT_V1);
  }, 120_000);

  test('destroy force-deletes the recovery_window_in_days = 0 secrets and schedules the 7-day one (facts §4.5)', async () => {
    succeeded(await terraform(['destroy', '-auto-approve'], vars('second', 2, DOCUMENT_V2)));
    for (const gone of [FIXED, IMPORTED, DOCUMENT, seen.prefixedName ?? '']) {
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
