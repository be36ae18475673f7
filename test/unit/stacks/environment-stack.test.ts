import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing } from 'cdktf';
// cdktf's matchers (toHaveResourceWithProperties, …), loaded by the one file that uses them: they take seconds to load.
import 'cdktf/lib/testing/adapters/jest';
import { EnvironmentStack, synthesizeStacks, CHECKOUT_READ_ACTIONS } from '../../../stacks';
import { testingApp } from '../../helpers/cdktf-testing';
import { sampleEnvironment } from '../../helpers/environments';

Testing.setupJest();

function synth(target: 'local' | 'aws' = 'local', mutate?: (env: ReturnType<typeof sampleEnvironment>) => void): string {
  const environment = sampleEnvironment('production');
  mutate?.(environment);
  const app = testingApp();
  const stack = new EnvironmentStack(app, 'production', { environment, target, localStateFile: '../../../local/terraform/production.tfstate' });
  return Testing.synth(stack);
}

describe('environment stack', () => {
  test('stores the rendered document byte for byte as the config version', () => {
    const environment = sampleEnvironment('production');
    expect(synth()).toHaveResourceWithProperties(SecretsmanagerSecretVersion, { secret_string: environment.rendered.json });
  });

  test('does not pin version_stages, so a rollback is not undone by the next apply', () => {
    const versions = JSON.parse(synth()).resource.aws_secretsmanager_secret_version as Record<string, Record<string, unknown>>;
    for (const version of Object.values(versions)) expect(version).not.toHaveProperty('version_stages');
  });

  test('holds no key material: the key-set secrets have no version, no variable and no write-only value', () => {
    const json = JSON.parse(synth());
    const versions = Object.values(json.resource.aws_secretsmanager_secret_version as Record<string, Record<string, unknown>>);
    expect(versions).toHaveLength(1); // the config document's version only
    expect(versions[0]).not.toHaveProperty('secret_string_wo');
    expect(Object.keys(json.variable ?? {})).toEqual(['secretsmanager_endpoint']);
    expect(synth()).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: 'stripe-config/production/key-sets/production-2026-11',
      tags: expect.objectContaining({ 'stripe-config:key-set': 'production-2026-11' }),
    });
  });

  test('lets only the checkout role read, and only read, and denies every other principal', () => {
    const policies = JSON.parse(synth()).resource.aws_secretsmanager_secret_policy as Record<string, { policy: string; block_public_policy: boolean }>;
    expect(Object.keys(policies)).toHaveLength(3); // config secret and both key sets (live, and the checks' test keys)
    const statements = Object.values(policies).map(({ policy, block_public_policy }) => {
      expect(block_public_policy).toBe(true);
      return JSON.parse(policy).Statement as { Effect: string; Principal: { AWS: string }; Action: string[] }[];
    });
    // The config secret and the live key set: the checkout's read is the one Allow; the checks' test key set: no Allow at all.
    expect(statements.map((list) => list.filter((statement) => statement.Effect === 'Allow'))).toEqual([
      [expect.objectContaining({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/checkout-production' }, Action: CHECKOUT_READ_ACTIONS })],
      [expect.objectContaining({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/checkout-production' }, Action: CHECKOUT_READ_ACTIONS })],
      [],
    ]);
    for (const list of statements) expect(list).toContainEqual(expect.objectContaining({ Sid: 'OnlyStripeConfigRoles', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'secretsmanager:*' }));
    expect(synth()).toHaveResource(SecretsmanagerSecretPolicy);
  });

  test('tags every secret with its environment and uses the configured recovery window', () => {
    expect(synth()).toHaveResourceWithProperties(SecretsmanagerSecret, {
      name: 'stripe-config/production/config',
      recovery_window_in_days: 7,
      tags: expect.objectContaining({ 'stripe-config:environment': 'production', owner: 'payments' }),
    });
  });

  test('on the local target the provider never leaves loopback: no STS, no metadata, and no endpoints block (the endpoint comes from its environment)', () => {
    expect(synth('local')).toHaveProviderWithProperties(AwsProvider, {
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: 'true',
    });
    // An endpoints block costs the provider about 6.5 s of CPU per plan and apply; ops/targets.ts sets AWS_ENDPOINT_URL_SECRETS_MANAGER instead.
    expect(JSON.parse(synth('local')).provider.aws[0]).not.toHaveProperty('endpoints');
  });

  test('on the local target the stand-in must be named, on loopback: the stack refuses any other endpoint', () => {
    const { variable } = JSON.parse(synth('local')) as { variable: Record<string, { default?: unknown; validation: Array<{ condition: string }> }> };
    expect(Object.keys(variable)).toEqual(['secretsmanager_endpoint']);
    expect(variable.secretsmanager_endpoint).not.toHaveProperty('default');
    // The condition's regex, as Terraform reads it (the HCL string's doubled backslashes undone); RE2 and JavaScript agree on it.
    const [, pattern] = /regex\("((?:[^"\\]|\\.)*)", var\.secretsmanager_endpoint\)/.exec(variable.secretsmanager_endpoint.validation[0]!.condition)!;
    const loopback = new RegExp(pattern!.replace(/\\\\/g, '\\'));
    for (const url of ['http://127.0.0.1:4566', 'http://localhost:8080/', 'http://[::1]:9000']) expect(url).toMatch(loopback);
    for (const url of ['https://secretsmanager.eu-west-1.amazonaws.com', 'http://127.0.0.1.evil.example:80', 'http://10.0.0.1:4566']) expect(url).not.toMatch(loopback);
  });

  test('on the aws target the provider uses the normal credential chain and an S3 backend when configured', () => {
    const json = JSON.parse(
      synth('aws', (env) => {
        env.config.infrastructure.backend = { type: 's3', bucket: 'shop-tfstate', key: 'stripe-config/production.tfstate', region: 'eu-west-1' };
      }),
    );
    expect(json.provider.aws[0]).toEqual({ region: 'eu-west-1' });
    expect(json.terraform.backend.s3).toEqual(expect.objectContaining({ bucket: 'shop-tfstate', use_lockfile: true, encrypt: true }));
  });

  test('synthesizes valid Terraform with a local backend next to the workspace state', () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'synth-'));
    try {
      const [stack] = synthesizeStacks([sampleEnvironment('staging')], { outdir: path.join(out, 'cdktf.out'), stateDir: path.join(out, 'state'), target: 'local' });
      const json = JSON.parse(readFileSync(stack.file, 'utf8'));
      expect(json.terraform.backend.local.path).toBe('../../../state/staging.tfstate');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
