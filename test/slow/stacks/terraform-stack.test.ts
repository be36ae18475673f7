import { readFileSync } from 'node:fs';
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { secretNamesFor } from '../../../config';
import { terraformApply, terraformDestroy, terraformInit, terraformPlan } from '../../../ops';
import { synthesizeStacks } from '../../../stacks';
import { sampleEnvironment } from '../../helpers/environments';
import { openTestWorld, type TestWorld } from '../../helpers/world';

describe('a stack with the real terraform and the hashicorp/aws 5.100.0 provider', () => {
  let world: TestWorld;
  beforeAll(async () => (world = await openTestWorld()));
  afterAll(async () => world?.close());

  test('applies, plans no changes, and destroys against the Secrets Manager stand-in', async () => {
    const environment = sampleEnvironment('development');
    const names = secretNamesFor('development', environment.config);
    const [stack] = synthesizeStacks([environment], {
      outdir: world.workspace.synthDir,
      stateDir: world.workspace.stateDir('local'),
      target: 'local',
    });
    const context = await world.targets.terraformContext(environment, stack.directory);
    const client = world.targets.secretsManager('eu-west-1');

    await terraformInit(context);
    const firstPlan = await terraformPlan(context);
    expect(firstPlan).toMatchObject({ changed: true, add: 6, change: 0, destroy: 0 });

    await terraformApply(context);
    const stored = await client.send(new GetSecretValueCommand({ SecretId: names.config }));
    expect(stored.SecretString).toBe(environment.rendered.json);
    expect(stored.VersionId).toMatch(/^terraform-\d{26}$/);
    const keySet = await client.send(new GetSecretValueCommand({ SecretId: names.keySet('development-2026-11') }));
    expect(JSON.parse(keySet.SecretString!)).toEqual({ secretKey: expect.stringMatching(/^sk_test_/), webhookSigningSecret: expect.stringMatching(/^whsec_/) });

    // The write-only value never reaches the state; the policy and tags do.
    const state = readFileSync(`${world.workspace.stateDir('local')}/development.tfstate`, 'utf8');
    expect(state).not.toContain(JSON.parse(keySet.SecretString!).secretKey);
    expect(state).toContain('"has_secret_string_wo": true');
    const described = await client.send(new DescribeSecretCommand({ SecretId: names.config }));
    expect(described.Tags).toEqual(expect.arrayContaining([{ Key: 'stripe-config:environment', Value: 'development' }]));

    expect(await terraformPlan(context)).toMatchObject({ changed: false, changes: [] });

    await terraformDestroy(context);
    // recovery_window_in_days = 0 in development: force-deleted, gone at once.
    await expect(client.send(new DescribeSecretCommand({ SecretId: names.config }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  }, 240_000);
});
