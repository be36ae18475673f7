import { DescribeSecretCommand, GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createConfigLoader, type ConfigRejection } from '../../../runtime';
import { sampleEnvironment } from '../../helpers/environments';

/** A stand-in client whose AWSCURRENT we set by hand; counts full reads and version checks apart. */
function fakeClient() {
  const state = { json: '', versionId: 'v1', reads: 0, checks: 0, fail: false, failChecks: false };
  const client = {
    send: async (command: unknown) => {
      if (command instanceof DescribeSecretCommand) {
        state.checks += 1;
        if (state.failChecks) throw new Error('throttled');
        return { VersionIdsToStages: { [state.versionId]: ['AWSCURRENT'], older: ['AWSPREVIOUS'] } };
      }
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

  describe('the version check between full reads', () => {
    test('notices AWSCURRENT moved (a rollback) and serves the restored document before the TTL', async () => {
      const { client, state } = fakeClient();
      state.json = good.replace('"automatic"', '"any"');
      const loader = createConfigLoader({ client, secretId: 'cfg', ttlMs: 60_000, checkIntervalMs: 10_000, now });
      expect((await loader.get()).document.payments.threeDSecure).toBe('any');

      state.json = good;
      state.versionId = 'v0';
      time += 9_000;
      expect((await loader.get()).versionId).toBe('v1'); // within the check interval: no call at all
      expect(state).toMatchObject({ reads: 1, checks: 0 });
      time += 1_000;
      const served = await loader.get();
      expect(served).toMatchObject({ versionId: 'v0', document: { payments: { threeDSecure: 'automatic' } } });
      expect(state).toMatchObject({ reads: 2, checks: 1 });
    });

    test('a check that finds the same version reads nothing more', async () => {
      const { client, state } = fakeClient();
      state.json = good;
      const loader = createConfigLoader({ client, secretId: 'cfg', ttlMs: 60_000, checkIntervalMs: 10_000, now });
      await loader.get();
      for (let step = 0; step < 5; step++) {
        time += 10_000;
        expect((await loader.get()).versionId).toBe('v1');
      }
      expect(state).toMatchObject({ reads: 1, checks: 5 });
    });

    test('a failing check keeps the last good document and says why', async () => {
      const { client, state } = fakeClient();
      state.json = good;
      const rejected: ConfigRejection[] = [];
      const loader = createConfigLoader({ client, secretId: 'cfg', checkIntervalMs: 10_000, now, onRejected: (reason) => rejected.push(reason) });
      await loader.get();
      state.failChecks = true;
      state.versionId = 'v2';
      time += 10_000;
      expect((await loader.get()).versionId).toBe('v1');
      expect(rejected).toEqual([{ error: expect.objectContaining({ message: 'throttled' }) }]);
      expect(state.reads).toBe(1);
    });

    test('a refused version is read once, not again at every check, and reported again at the next full read', async () => {
      const { client, state } = fakeClient();
      state.json = good;
      const rejected: ConfigRejection[] = [];
      const loader = createConfigLoader({ client, secretId: 'cfg', ttlMs: 60_000, checkIntervalMs: 10_000, now, onRejected: (reason) => rejected.push(reason) });
      await loader.get();
      state.json = good.replace('"automatic"', '"sometimes"');
      state.versionId = 'v2';
      for (let step = 0; step < 5; step++) {
        time += 10_000;
        expect((await loader.get()).versionId).toBe('v1');
      }
      expect(state).toMatchObject({ reads: 2, checks: 5 });
      expect(rejected).toHaveLength(1);
      time += 20_000; // 60 s after the full read that refused v2: read in full again, and say so again
      expect((await loader.get()).versionId).toBe('v1');
      expect(state.reads).toBe(3);
      expect(rejected).toHaveLength(2);
      expect(rejected[1]).toMatchObject({ versionId: 'v2', problems: [expect.objectContaining({ path: '/payments/threeDSecure' })] });
    });

    test('with the default settings a process makes at most 6 calls a minute, and one more per new version', async () => {
      const { client, state } = fakeClient();
      state.json = good;
      const loader = createConfigLoader({ client, secretId: 'cfg', now });
      await loader.get();
      const calls = () => state.reads + state.checks;
      const started = calls();
      for (let tick = 0; tick < 600; tick++) {
        time += 100; // a request every 100 ms for a minute
        await loader.get();
      }
      expect(calls() - started).toBeLessThanOrEqual(6); // 60 s ÷ 10 s checks + 60 s ÷ 60 s full reads
      expect(state.reads - 1).toBe(1); // the full read at the TTL

      state.versionId = 'v2';
      const beforeMove = calls();
      for (let tick = 0; tick < 600; tick++) {
        time += 100;
        await loader.get();
      }
      expect(calls() - beforeMove).toBeLessThanOrEqual(7);
      expect((await loader.get()).versionId).toBe('v2');
    });

    test('a check interval at or above the TTL means no checks: a full read every TTL, as before', async () => {
      const { client, state } = fakeClient();
      state.json = good;
      const loader = createConfigLoader({ client, secretId: 'cfg', ttlMs: 60_000, checkIntervalMs: 60_000, now });
      await loader.get();
      state.versionId = 'v2';
      time += 59_000;
      expect((await loader.get()).versionId).toBe('v1');
      time += 1_000;
      expect((await loader.get()).versionId).toBe('v2');
      expect(state).toMatchObject({ reads: 2, checks: 0 });
    });
  });
});
