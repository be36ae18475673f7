import { validateEnvironmentValue } from '../../../config';
import { keySetEnvironmentVariable } from '../../../ops';
import { sampleEnvironment } from '../../helpers/environments';
import { openTestWorld, type TestWorld } from '../../helpers/world';

describe('where key material comes from', () => {
  let world: TestWorld;
  const variable = keySetEnvironmentVariable('staging-2026-11');
  beforeAll(async () => (world = await openTestWorld()));
  afterAll(async () => world?.close());
  afterEach(() => delete process.env[variable]);

  test('$STRIPE_CONFIG_KEY_SET_<NAME> wins (CI secrets for a new key set)', async () => {
    process.env[variable] = JSON.stringify({ secretKey: 'sk_test_fromTheCiSecretStore1234', webhookSigningSecret: 'whsec_fromTheCiSecretStore1234' });
    await expect(world.targets.keyMaterial(sampleEnvironment('staging'), 'staging-2026-11')).resolves.toEqual({
      secretKey: 'sk_test_fromTheCiSecretStore1234',
      webhookSigningSecret: 'whsec_fromTheCiSecretStore1234',
    });
  });

  test('malformed material names the variable and the field, never the value', async () => {
    process.env[variable] = JSON.stringify({ secretKey: 'pk_test_notASecretKeyAtAll1234' });
    const error = await world.targets.keyMaterial(sampleEnvironment('staging'), 'staging-2026-11').catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'key_material_missing', message: expect.stringMatching(/^\$STRIPE_CONFIG_KEY_SET_STAGING_2026_11 is not a valid key set: \/secretKey/) });
    expect((error as Error).message).not.toContain('notASecretKeyAtAll');
  });

  test('on the embedded default, a placeholder account supplies its own generated keys', async () => {
    const material = await world.targets.keyMaterial(sampleEnvironment('staging'), 'staging-2026-11');
    expect(material.secretKey).toMatch(/^sk_test_local/);
  });

  test('an account the embedded default does not know, with nothing stored, is a clear error with the fix', async () => {
    const config = structuredClone(sampleEnvironment('staging').config);
    config.stripe.accountId = 'acct_1SomeRealShop';
    const environment = validateEnvironmentValue('staging', config).validated!;
    await expect(world.targets.keyMaterial(environment, 'staging-2026-11')).rejects.toMatchObject({
      code: 'key_material_missing',
      message: expect.stringMatching(/No key material for key set "staging-2026-11" of staging: not in \$STRIPE_CONFIG_KEY_SET_STAGING_2026_11/),
      hint: expect.stringMatching(/^Set STRIPE_CONFIG_KEY_SET_STAGING_2026_11=/),
    });
  });
});
