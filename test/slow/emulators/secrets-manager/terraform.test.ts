/**
 * The real Terraform 1.11 with the real hashicorp/aws 5.100.0 provider against the stand-in, offline.
 *
 * One workspace walks through the life of a config secret in order: apply, a clean plan, a value
 * change, an out-of-band rollback that Terraform must not undo (facts §4.2), and destroy. The
 * steps share that workspace on purpose; Terraform is slow to start (a 700 MB provider), so the
 * file keeps to six invocations.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerEmulator } from '../../../../emulators/secrets-manager';
import { failureOf, standInForAllTests, succeeded, terraform } from '../../../helpers/secrets-manager-stand-in';

const FIXTURE = path.join(__dirname, '../../../fixtures/terraform-sm/main.tf.json');
const PROVIDER_MIRROR = '/opt/tf-plugins';
const CONFIG_NAME = 'stripe-config/tf-test/runtime';
const KEYS_NAME = 'stripe-config/tf-test/keys/ks-1';
const DOCUMENT_V1 = JSON.stringify({ apiVersion: '2025-05-28.basil', threeDSecure: 'automatic' });
const DOCUMENT_V2 = JSON.stringify({ apiVersion: '2025-05-28.basil', threeDSecure: 'any' });
const KEY_MATERIAL = 'sk_test_tf_write_only_4242';

/** Installs the AWS provider from the local mirror only; nothing may go to the network. */
const CLI_CONFIG = `provider_installation {
  filesystem_mirror {
    path    = "${PROVIDER_MIRROR}"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
`;

describe('Terraform hashicorp/aws 5.100.0 against the stand-in', () => {
  let emulator: SecretsManagerEmulator;
  let client: SecretsManagerClient;
  let workdir: string;
  /** The version ids Terraform created, in order. */
  const versions: string[] = [];

  const run = (document: string, ...args: string[]) =>
    terraform(workdir, emulator, args, { runtime_document: document, key_material: KEY_MATERIAL });
  const stagesOf = async (secretId: string) =>
    (await client.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages;

  standInForAllTests((standIn) => ({ emulator, client } = standIn));

  beforeAll(async () => {
    workdir = await fs.mkdtemp(path.join(os.tmpdir(), 'sm-terraform-'));
    await fs.copyFile(FIXTURE, path.join(workdir, 'main.tf.json'));
    await fs.writeFile(path.join(workdir, 'cli.tfrc'), CLI_CONFIG);
  });

  afterAll(async () => {
    if (workdir) await fs.rm(workdir, { recursive: true, force: true });
  });

  test('init installs the provider from the mirror as a symlink, not a 700 MB copy', async () => {
    succeeded(await run(DOCUMENT_V1, 'init'));
    const platform = `${process.platform}_${process.arch === 'x64' ? 'amd64' : process.arch}`;
    const installed = path.join(workdir, '.terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0', platform);
    expect((await fs.lstat(installed)).isSymbolicLink()).toBe(true);
    expect(await fs.readlink(installed)).toBe(path.join(PROVIDER_MIRROR, 'registry.terraform.io/hashicorp/aws/5.100.0', platform));
  }, 60_000);

  test('apply creates the secrets, the policy and both versions (facts §2.1)', async () => {
    succeeded(await run(DOCUMENT_V1, 'apply', '-auto-approve'));

    const config = await client.send(new DescribeSecretCommand({ SecretId: CONFIG_NAME }));
    expect(config.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'environment', Value: 'tf-test' },
        { Key: 'owner', Value: 'payments' },
      ]),
    );
    const [versionId, stages] = Object.entries(config.VersionIdsToStages ?? {})[0];
    // Terraform's token becomes the VersionId (facts §6.6).
    expect(versionId).toMatch(/^terraform-\d{26}$/);
    expect(stages).toEqual(['AWSCURRENT']);
    versions.push(versionId);

    const value = await client.send(new GetSecretValueCommand({ SecretId: CONFIG_NAME }));
    expect(value.SecretString).toBe(DOCUMENT_V1);
    // The policy text comes back byte for byte as the provider sent it (facts §4.7).
    const policy = await client.send(new GetResourcePolicyCommand({ SecretId: CONFIG_NAME }));
    expect(JSON.parse(policy.ResourcePolicy ?? '{}').Statement[0].Principal).toEqual({
      AWS: 'arn:aws:iam::123456789012:role/checkout',
    });
  }, 120_000);

  test('a write-only value arrives as an ordinary SecretString and never reaches the state file (facts §4.4)', async () => {
    const keys = await client.send(new GetSecretValueCommand({ SecretId: KEYS_NAME }));
    expect(keys.SecretString).toBe(KEY_MATERIAL);
    expect(await fs.readFile(path.join(workdir, 'terraform.tfstate'), 'utf8')).not.toContain(KEY_MATERIAL);
  });

  test('plan right after apply shows no changes', async () => {
    const plan = await run(DOCUMENT_V1, 'plan', '-detailed-exitcode');
    expect({ code: plan.code, output: plan.output }).toEqual({ code: 0, output: expect.stringContaining('No changes') });
  }, 120_000);

  test('a new value replaces the version and leaves AWSPREVIOUS on the old one (facts §4.1)', async () => {
    succeeded(await run(DOCUMENT_V2, 'apply', '-auto-approve'));
    const stages = await stagesOf(CONFIG_NAME);
    const newVersion = Object.keys(stages ?? {}).find((id) => id !== versions[0]) ?? '';
    versions.push(newVersion);
    expect(stages).toEqual({ [versions[0]]: ['AWSPREVIOUS'], [versions[1]]: ['AWSCURRENT'] });
  }, 120_000);

  test('an out-of-band rollback of AWSCURRENT is not undone by the next plan (facts §4.2)', async () => {
    const [previous, current] = versions;
    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: CONFIG_NAME,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: previous,
        RemoveFromVersionId: current,
      }),
    );

    const plan = await run(DOCUMENT_V2, 'plan', '-detailed-exitcode');
    expect({ code: plan.code, output: plan.output }).toEqual({ code: 0, output: expect.stringContaining('No changes') });
    expect(await stagesOf(CONFIG_NAME)).toEqual({ [previous]: ['AWSCURRENT'], [current]: ['AWSPREVIOUS'] });
    expect((await client.send(new GetSecretValueCommand({ SecretId: CONFIG_NAME }))).SecretString).toBe(DOCUMENT_V1);
  }, 120_000);

  test('destroy removes every secret', async () => {
    succeeded(await run(DOCUMENT_V2, 'destroy', '-auto-approve'));
    for (const name of [CONFIG_NAME, KEYS_NAME]) {
      const failure = await failureOf(client.send(new DescribeSecretCommand({ SecretId: name })));
      expect(failure.name).toBe('ResourceNotFoundException');
    }
    const listed = await client.send(new ListSecretsCommand({ IncludePlannedDeletion: true }));
    expect(listed.SecretList).toEqual([]);
  }, 120_000);
});
