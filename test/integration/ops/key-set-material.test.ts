import { CreateSecretCommand, GetSecretValueCommand, ListSecretVersionIdsCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startSecretsManagerEmulator, type SecretsManagerEmulator } from '../../../emulators/secrets-manager';
import { localSecretsManagerClient } from '../../../ops';
import { keySetFingerprint, keySetsToWrite, keySetVersionToken, writeKeySetMaterial, writeKeySets } from '../../../ops/key-set-material';
import { sampleEnvironment } from '../../helpers/environments';

const SECRET = 'stripe-config/staging/key-sets/staging-2026-11';
const MATERIAL = { secretKey: 'sk_test_PLANTEDiam10KeySetMaterial01', webhookSigningSecret: 'whsec_PLANTEDiam10WebhookSecret01' };

let emulator: SecretsManagerEmulator;
let client: SecretsManagerClient;

beforeEach(async () => {
  emulator = await startSecretsManagerEmulator();
  client = localSecretsManagerClient(emulator.url, 'eu-west-1');
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
});

const versions = async (secretId: string) => (await client.send(new ListSecretVersionIdsCommand({ SecretId: secretId }))).Versions ?? [];

describe('key-set material written through the SDK', () => {
  test('writes the material once, as the version whose id comes from its fingerprint', async () => {
    await client.send(new CreateSecretCommand({ Name: SECRET }));
    const write = await writeKeySetMaterial(client, { keySet: 'staging-2026-11', secretId: SECRET, material: MATERIAL });
    expect(write).toEqual({ keySet: 'staging-2026-11', secretId: SECRET, outcome: 'written', versionId: keySetVersionToken(MATERIAL) });
    const stored = await client.send(new GetSecretValueCommand({ SecretId: SECRET }));
    expect(JSON.parse(stored.SecretString!)).toEqual(MATERIAL);
    expect(stored.VersionStages).toEqual(['AWSCURRENT']);
  });

  test('the token is 32-64 characters, derived from a prefixed sha256, and shows nothing of the key', () => {
    const token = keySetVersionToken(MATERIAL);
    expect(token).toMatch(/^key-set-[0-9a-f]{48}$/);
    expect(keySetFingerprint(MATERIAL)).toMatch(/^[0-9a-f]{64}$/);
    expect(keySetFingerprint({ ...MATERIAL, secretKey: `${MATERIAL.secretKey}x` })).not.toBe(keySetFingerprint(MATERIAL));
    expect(token).not.toContain('PLANTED');
  });

  test('a re-run leaves a stored key set alone, whatever material it is offered', async () => {
    await client.send(new CreateSecretCommand({ Name: SECRET }));
    const first = await writeKeySetMaterial(client, { keySet: 'staging-2026-11', secretId: SECRET, material: MATERIAL });
    const again = await writeKeySetMaterial(client, { keySet: 'staging-2026-11', secretId: SECRET, material: { secretKey: 'sk_test_SomethingElse000000000000' } });
    expect(again).toEqual({ ...first, outcome: 'stored' });
    expect(await versions(SECRET)).toHaveLength(1);
    expect(JSON.parse((await client.send(new GetSecretValueCommand({ SecretId: SECRET }))).SecretString!)).toEqual(MATERIAL);
  });

  test('a retried PutSecretValue whose answer was lost makes no second version (same token, same value)', async () => {
    await client.send(new CreateSecretCommand({ Name: SECRET }));
    emulator.faultsAfterHandling.add({ match: 'PutSecretValue', times: 1, drop: true });
    const write = await writeKeySetMaterial(client, { keySet: 'staging-2026-11', secretId: SECRET, material: MATERIAL });
    expect(write.versionId).toBe(keySetVersionToken(MATERIAL));
    expect(await versions(SECRET)).toHaveLength(1);
  });

  test('before apply, only the key sets without a value are looked up; after apply they are written', async () => {
    const staging = sampleEnvironment('staging');
    const asked: string[] = [];
    const pending = await keySetsToWrite(staging, client, async (keySet) => (asked.push(keySet), MATERIAL));
    expect(asked).toEqual(staging.config.infrastructure.keySets); // no secret yet: every key set is pending
    await client.send(new CreateSecretCommand({ Name: SECRET }));
    expect(await writeKeySets(client, pending)).toEqual([expect.objectContaining({ keySet: 'staging-2026-11', outcome: 'written' })]);
    asked.length = 0;
    expect(await keySetsToWrite(staging, client, async (keySet) => (asked.push(keySet), MATERIAL))).toEqual([]);
    expect(asked).toEqual([]);
  });

  test('a secret that cannot be described stops the write, naming the request', async () => {
    emulator.faults.add({ match: 'DescribeSecret', status: 500, times: 4 });
    const error = await writeKeySetMaterial(client, { keySet: 'staging-2026-11', secretId: SECRET, material: MATERIAL }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'key_set_write_failed', message: expect.stringMatching(/^DescribeSecret stripe-config\/staging\/key-sets\/staging-2026-11 failed: InternalServiceError/) });
  });

  test('a failed write names the key set and the secret, never the material', async () => {
    const error = await writeKeySetMaterial(client, { keySet: 'staging-2026-11', secretId: SECRET, material: MATERIAL }).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'key_set_write_failed' });
    expect((error as Error).message).toMatch(/^PutSecretValue for key set "staging-2026-11" \(stripe-config\/staging\/key-sets\/staging-2026-11\) failed: ResourceNotFoundException/);
    expect(JSON.stringify({ message: (error as Error).message, hint: (error as { hint?: string }).hint })).not.toContain('PLANTED');
  });
});
