import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createConfigLoader } from '../../../runtime';
import { sampleEnvironment } from '../../helpers/environments';

/** A stand-in client whose AWSCURRENT we set by hand; counts reads. */
function fakeClient() {
  const state = { json: '', versionId: 'v1', reads: 0, fail: false };
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof GetSecretValueCommand)) throw new Error('unexpected command');
      state.reads += 1;
      if (state.fail) throw new Error('connection reset');
      return { SecretString: state.json, VersionId: state.versionId };
    },
  } as unknown as SecretsManagerClient;
  return { client, state };
}

describe('config loader', () => {
  const good = sampleEnvironment('production').rendered.json;
  let time = 0;
  const now = () => time;
  beforeEach(() => (time = 1_000));

  test('serves AWSCURRENT and caches it for the TTL', async () => {
    const { client, state } = fakeClient();
    state.json = good;
    const loader = createConfigLoader({ client, secretId: 'cfg', ttlMs: 60_000, now });
    const first = await loader.get();
    expect(first.document.environment).toBe('production');
    expect(first.versionId).toBe('v1');
    time += 59_000;
    await loader.get();
    expect(state.reads).toBe(1);
    time += 2_000;
    await loader.get();
    expect(state.reads).toBe(2);
  });

  test('keeps the last good document when a newer one is invalid, and says so', async () => {
    const { client, state } = fakeClient();
    state.json = good;
    const rejected: unknown[] = [];
    const loader = createConfigLoader({ client, secretId: 'cfg', ttlMs: 10, now, onRejected: (reason) => rejected.push(reason) });
    await loader.get();
    state.json = good.replace('"automatic"', '"sometimes"');
    state.versionId = 'v2';
    time += 20;
    const served = await loader.get();
    expect(served.versionId).toBe('v1');
    expect(rejected).toEqual([{ versionId: 'v2', problems: [expect.objectContaining({ path: '/payments/threeDSecure' })] }]);
  });

  test('keeps the last good document when Secrets Manager is unreachable', async () => {
    const { client, state } = fakeClient();
    state.json = good;
    const loader = createConfigLoader({ client, secretId: 'cfg', ttlMs: 10, now });
    await loader.get();
    state.fail = true;
    time += 20;
    expect((await loader.get()).versionId).toBe('v1');
  });

  test('refuses to start on an invalid document, naming the field', async () => {
    const { client, state } = fakeClient();
    state.json = '{"schemaVersion": 1}';
    const loader = createConfigLoader({ client, secretId: 'cfg', now });
    await expect(loader.get()).rejects.toMatchObject({ code: 'document_invalid', message: expect.stringMatching(/\/stripe is required/) });
  });

  test('concurrent reads share one request', async () => {
    const { client, state } = fakeClient();
    state.json = good;
    const loader = createConfigLoader({ client, secretId: 'cfg', now });
    await Promise.all([loader.get(), loader.get(), loader.get()]);
    expect(state.reads).toBe(1);
  });
});
