import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { validateEnvironmentValue } from '../../../config';
import { openTargets, openWorkspace, releaseEnvironment } from '../../../ops';
import { runCli } from '../../helpers/cli';
import { seedStagingThenChallenge } from '../../helpers/deployed-documents';
import { sampleEnvironment, scratchConfigDir } from '../../helpers/environments';

describe('npm run rollback at 3 a.m.', () => {
  let home: string;
  let scratch: ReturnType<typeof scratchConfigDir>;
  const versions: string[] = [];

  beforeAll(async () => {
    home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-oncall-'));
    scratch = scratchConfigDir();
    // Two deploys as Terraform leaves them, stored with the SDK: this file tests the CLI's rollback, not Terraform.
    versions.push(...(await seedStagingThenChallenge(home)));
  }, 120_000);
  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    scratch?.remove();
  });

  test('works even when the environment file in the repo is broken, and says what it restored', async () => {
    scratch.edit('staging', "threeDSecure: 'automatic'", "threeDSecure: 'sometimes'");
    const result = await runCli(['--config-dir', scratch.dir, 'rollback', 'staging', '--reason', 'INC-7'], { STRIPE_CONFIG_HOME: home });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(`rolled back staging: AWSCURRENT ${versions[1]} → ${versions[0]} in `);
    expect(result.stdout).toContain('restored:\n  /payments/threeDSecure: "challenge" → "automatic"');
    expect(result.stdout).toMatch(/smoke: PASS\n$/);
  }, 60_000);

  test('--region and --secret-id act without any config file', async () => {
    // Without a config file nothing says where staging lives: --secret-id means AWS unless --local says the stand-ins.
    // The first test's rollback put staging on hold, and a rollback is never a toggle: release it and
    // store another bad version (as a deploy would) so that there is something to roll back again.
    const targets = await openTargets(openWorkspace(home), { local: true });
    try {
      await releaseEnvironment(targets.ledger('eu-west-1'), 'staging', { reason: 'INC-7 fixed forward' });
      const bad = validateEnvironmentValue('staging', { ...sampleEnvironment('staging').config, payments: { ...sampleEnvironment('staging').config.payments, threeDSecure: 'any' } });
      await targets.secretsManager('eu-west-1').send(new PutSecretValueCommand({ SecretId: 'stripe-config/staging/config', SecretString: bad.validated!.rendered.json, ClientRequestToken: 'terraform-99999999999999999999999999' }));
    } finally {
      await targets.close();
    }
    const emptyConfig = mkdtempSync(path.join(os.tmpdir(), 'no-config-'));
    try {
      const result = await runCli(
        ['--local', '--config-dir', emptyConfig, 'rollback', 'staging', '--region', 'eu-west-1', '--secret-id', 'stripe-config/staging/config'],
        { STRIPE_CONFIG_HOME: home },
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/rolled back staging: AWSCURRENT terraform-\d+ → terraform-\d+ in \d+ ms \(verified\)/);
    } finally {
      rmSync(emptyConfig, { recursive: true, force: true });
    }
  }, 60_000);

  test('--region without --secret-id is a usage error', async () => {
    const result = await runCli(['rollback', 'staging', '--region', 'eu-west-1'], { STRIPE_CONFIG_HOME: home });
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/--region and --secret-id go together/) });
  }, 30_000);
});
