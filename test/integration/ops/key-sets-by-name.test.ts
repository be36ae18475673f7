/**
 * On the embedded default, key material is found by the key set's name, and every key set that is
 * about to be written is verified read-only: pointing an environment at another environment's key
 * set, or placing a live key in a spare key set, is caught before anything is stored.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { secretNamesFor, validateEnvironmentValue, type EnvironmentConfig, type ValidatedEnvironment } from '../../../config';
import { EMBEDDED_ACCOUNTS, keySetEnvironmentVariable, openWorkspace, startLocalWorld, verifyKeySetsToWrite, type LocalAccount } from '../../../ops';
import { sampleConfig, sampleEnvironment } from '../../helpers/environments';
import { openTestWorld, type TestWorld } from '../../helpers/world';

function environment(name: string, change: (config: EnvironmentConfig) => void): ValidatedEnvironment {
  const config = sampleConfig(name);
  change(config);
  const { validated, problems } = validateEnvironmentValue(name, config);
  if (!validated) throw new Error(`invalid test setup: ${JSON.stringify(problems)}`);
  return validated;
}

describe('key sets by name on the embedded default', () => {
  let world: TestWorld;
  let accounts: LocalAccount[];
  const account = (id: string) => accounts.find((candidate) => candidate.id === id)!;
  beforeAll(async () => {
    world = await openTestWorld();
    accounts = JSON.parse(readFileSync(world.workspace.stripeAccounts, 'utf8')) as LocalAccount[];
  });
  afterAll(async () => world?.close());

  test("production's live key set holds the production account's generated live keys, its test key set the test keys", async () => {
    const production = sampleEnvironment('production');
    const { live, secretKey } = account('acct_1LocalProduction');
    expect(live.secretKey).toMatch(/^sk_live_local[A-Za-z0-9]{24}$/);
    expect(live.publishableKey).toBe('pk_live_51LocalProductionPublishable');
    await expect(world.targets.keyMaterial(production, 'production-2026-11')).resolves.toEqual({ secretKey: live.secretKey, webhookSigningSecret: live.webhookSigningSecret });
    await expect(world.targets.keyMaterial(production, 'production-test-2026-11')).resolves.toMatchObject({ secretKey });
  });

  test("staging pointed at production's key set gets production's live keys, and their verification names the account and the mode", async () => {
    const staging = environment('staging', (config) => {
      config.stripe.keySet = 'production-2026-11';
      config.infrastructure.keySets = ['production-2026-11'];
    });
    await expect(world.targets.keyMaterial(staging, 'production-2026-11')).resolves.toMatchObject({ secretKey: account('acct_1LocalProduction').live.secretKey });
    expect(await verifyKeySetsToWrite(staging, world.targets)).toEqual([
      {
        keySet: 'production-2026-11',
        verdict: 'fail',
        detail: expect.stringMatching(
          /^holds a live-mode key \(sk_live_…\w{4}\), but the config uses it in test mode; its key belongs to acct_1LocalProduction, not acct_1LocalStaging \(stripe\.accountId\)$/,
        ),
      },
    ]);
  });

  test('a live key placed in a spare key set of a test-mode environment is caught', async () => {
    const variable = keySetEnvironmentVariable('staging-2026-12');
    const staging = environment('staging', (config) => config.infrastructure.keySets.push('staging-2026-12'));
    process.env[variable] = JSON.stringify({ secretKey: account('acct_1LocalStaging').live.secretKey });
    try {
      expect(await verifyKeySetsToWrite(staging, world.targets)).toEqual([
        { keySet: 'staging-2026-11', verdict: 'pass', detail: expect.stringMatching(/^test secret key .*; of acct_1LocalStaging; publishable key pk_test_51LocalStagingPublishable of the same account$/) },
        { keySet: 'staging-2026-12', verdict: 'fail', detail: expect.stringMatching(/^holds a live-mode key \(sk_live_…\w{4}\), but the config uses it in test mode$/) },
      ]);
    } finally {
      delete process.env[variable];
    }
  });

  test('the live production sample: both key sets verified, each in the mode the config uses it in', async () => {
    expect(await verifyKeySetsToWrite(sampleEnvironment('production'), world.targets)).toEqual([
      { keySet: 'production-2026-11', verdict: 'pass', detail: expect.stringMatching(/^live secret key sk_live_…\w{4}; of acct_1LocalProduction; publishable key pk_live_51LocalProductionPublishable of the same account$/) },
      { keySet: 'production-test-2026-11', verdict: 'pass', detail: expect.stringMatching(/^test secret key sk_test_…\w{4}; of acct_1LocalProduction; publishable key pk_test_51LocalProductionPublishable/) },
    ]);
  });

  test('a key set already stored is not written again, so it is not verified again', async () => {
    const development = sampleEnvironment('development');
    const secretId = secretNamesFor('development', development.config).keySet('development-2026-11');
    await world.targets
      .secretsManager('eu-west-1')
      .send(new CreateSecretCommand({ Name: secretId, SecretString: JSON.stringify({ secretKey: account('acct_1LocalDevelopment').secretKey }) }));
    expect(await verifyKeySetsToWrite(development, world.targets)).toEqual([]);
  });

  test('a key set the embedded default does not know, with nothing stored, names the variable to set and where the stand-in keeps its keys', async () => {
    const staging = environment('staging', (config) => config.infrastructure.keySets.push('staging-2027-01'));
    await expect(world.targets.keyMaterial(staging, 'staging-2027-01')).rejects.toMatchObject({
      code: 'key_material_missing',
      message: expect.stringMatching(/^No key material for key set "staging-2027-01" of staging: not in \$STRIPE_CONFIG_KEY_SET_STAGING_2027_01/),
      hint: expect.stringContaining(`key sets development-2026-11, staging-2026-11, production-2026-11, production-test-2026-11) are in ${world.workspace.stripeAccounts}`),
    });
  });
});

describe("the embedded world's live keys", () => {
  test('a workspace from before live mode gains live keys, private like the test keys, and keeps its test keys', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-live-keys-'));
    try {
      const workspace = openWorkspace(root);
      const before = EMBEDDED_ACCOUNTS.map(({ id, publishableKey }, index) => ({
        id,
        publishableKey,
        secretKey: `sk_test_localBeforeLiveMode000${index}`,
        webhookSigningSecret: `whsec_localBeforeLiveMode00${index}`,
      }));
      mkdirSync(path.dirname(workspace.stripeAccounts), { recursive: true });
      writeFileSync(workspace.stripeAccounts, JSON.stringify(before), { mode: 0o600 });
      const world = await startLocalWorld(workspace, { persist: false });
      await world.close();
      expect(world.accounts.map(({ live, ...test }) => test)).toEqual(before);
      expect(world.accounts.map((account) => account.live.publishableKey)).toEqual(EMBEDDED_ACCOUNTS.map((account) => account.livePublishableKey));
      expect(world.accounts.every((account) => /^sk_live_local\w{24}$/.test(account.live.secretKey))).toBe(true);
      expect(JSON.parse(readFileSync(workspace.stripeAccounts, 'utf8'))).toEqual(world.accounts);
      expect(statSync(workspace.stripeAccounts).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
