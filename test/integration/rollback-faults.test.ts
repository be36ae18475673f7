/**
 * What `rollbackEnvironment` does when Secrets Manager misbehaves: injected 5xx, throttling,
 * latency and dropped connections, through the same two-attempt client the CLI uses locally.
 *
 * The case that matters most: the compare-and-swap UpdateSecretVersionStage *succeeded* but its
 * answer was lost, so the SDK retried it, and the retry's RemoveFromVersionId no longer holds
 * AWSCURRENT (facts §3.4). The rollback must end verified, not report a conflict that never was.
 */
import { CreateSecretCommand, PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { locationOf, validateEnvironmentValue, type EnvironmentLocation } from '../../config';
import { SecretsManagerEmulator, startSecretsManagerEmulator } from '../../emulators/secrets-manager';
import { findLabelHolders, localSecretsManagerClient, rollbackEnvironment, type Ledger, type Targets } from '../../ops';
import { sampleEnvironment } from '../helpers/environments';
import { openTestLedger, type TestLedger } from '../helpers/ledger';

const GOOD = sampleEnvironment('staging');
const BAD = (() => {
  const config = structuredClone(GOOD.config);
  config.payments.threeDSecure = 'any';
  const { validated, problems } = validateEnvironmentValue(GOOD.environment, config);
  if (!validated) throw new Error(JSON.stringify(problems));
  return validated;
})();
const LOCATION: EnvironmentLocation = locationOf(GOOD);
const GOOD_VERSION = `terraform-${'1'.padStart(26, '0')}`;
const BAD_VERSION = `terraform-${'2'.padStart(26, '0')}`;
const MOVE = 'UpdateSecretVersionStage';

let emulator: SecretsManagerEmulator;
let client: SecretsManagerClient;
let opened: TestLedger;

/** Only what rollbackEnvironment uses: the CLI's local client against this test's stand-in, and a ledger on dynalite. */
function targetsFor(secretsManager: SecretsManagerClient, ledger: Ledger): Targets {
  return { secretsManager: () => secretsManager, ledger: () => ledger } as unknown as Targets;
}

/**
 * Runs `hook` each time an attempt of the label move fails, before the SDK retries it or gives up:
 * to make something happen exactly between a lost answer and what follows it.
 */
function afterFailedMoveAttempt(hook: () => Promise<unknown>): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (context.commandName === `${MOVE}Command`) await hook();
        throw error;
      }
    },
    // Inside the SDK's retry loop, and outside its deserializer, so service errors are seen too.
    { step: 'deserialize', priority: 'high', name: 'afterFailedMoveAttempt' },
  );
}

const rollback = () => rollbackEnvironment(LOCATION, targetsFor(client, opened.ledger), undefined, { reason: 'fault test', smoke: false });
const labels = () => findLabelHolders(client, LOCATION.configSecretId);
/** The ledger's rollback operations, in the shape of the audit records these tests were written against. */
const rollbackRecords = async () =>
  (await opened.ledger.history(LOCATION.environment))
    .flatMap((entry) => (entry.kind === 'operation' && entry.action === 'rollback' ? [entry] : []))
    .map((entry) => ({
      action: entry.action,
      from: entry.fromVersionId,
      to: entry.toVersionId,
      outcome: entry.outcome === 'unknown' ? 'unknown' : entry.outcome.status,
      ...(entry.outcome !== 'unknown' && entry.outcome.detail ? { detail: entry.outcome.detail } : {}),
    }));

beforeEach(async () => {
  emulator = await startSecretsManagerEmulator();
  client = localSecretsManagerClient(emulator.url, LOCATION.region);
  opened = await openTestLedger();
  // What two deploys leave: the bad document current, the good one previous (facts §3.5).
  await client.send(new CreateSecretCommand({ Name: LOCATION.configSecretId, SecretString: GOOD.rendered.json, ClientRequestToken: GOOD_VERSION }));
  await client.send(new PutSecretValueCommand({ SecretId: LOCATION.configSecretId, SecretString: BAD.rendered.json, ClientRequestToken: BAD_VERSION }));
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
  await opened.close();
});

describe('rollback ends verified when a retry absorbs the fault', () => {
  test.each([
    ['a 500 InternalServiceError on the move, before it took effect', { status: 500 }],
    ['a 400 ThrottlingException on the move', { status: 400 }],
    ['a 503 on the move', { status: 503 }],
    ['a dropped connection before the move reached the server', { drop: true }],
  ])('%s', async (_case, fault) => {
    emulator.faults.add({ match: MOVE, times: 1, ...fault });
    const report = await rollback();
    expect(report).toMatchObject({ fromVersionId: BAD_VERSION, toVersionId: GOOD_VERSION });
    expect(await labels()).toEqual({ current: GOOD_VERSION, previous: BAD_VERSION });
    expect(await rollbackRecords()).toHaveLength(1);
  });

  test('a throttled label read is retried too', async () => {
    emulator.faults.add({ match: 'ListSecretVersionIds', times: 1, status: 400 });
    await expect(rollback()).resolves.toMatchObject({ toVersionId: GOOD_VERSION });
  });

  test('latency on the move only makes it slower', async () => {
    emulator.faults.add({ match: MOVE, latencyMs: 400 });
    const report = await rollback();
    expect(report.durationMs).toBeGreaterThanOrEqual(400);
    expect(await labels()).toEqual({ current: GOOD_VERSION, previous: BAD_VERSION });
  });
});

describe('the move took effect but its answer was lost (the retried compare-and-swap fails)', () => {
  test.each([
    ['the connection dropped after the move', { drop: true }],
    ['a 500 after the move was persisted', { status: 500 }],
  ])('%s: rollback is verified, not a false conflict', async (_case, fault) => {
    emulator.faultsAfterHandling.add({ match: MOVE, times: 1, ...fault });
    const report = await rollback();
    expect(report).toMatchObject({ fromVersionId: BAD_VERSION, toVersionId: GOOD_VERSION });
    expect(await labels()).toEqual({ current: GOOD_VERSION, previous: BAD_VERSION });
    expect(await rollbackRecords()).toEqual([
      expect.objectContaining({ outcome: 'ok', from: BAD_VERSION, to: GOOD_VERSION, detail: expect.stringContaining('retried') }),
    ]);
  });

  test('a non-retryable error after the move: verified, and the audit record does not claim a retry', async () => {
    emulator.faultsAfterHandling.add({ match: MOVE, times: 1, status: 403 });
    await expect(rollback()).resolves.toMatchObject({ toVersionId: GOOD_VERSION });
    expect(await rollbackRecords()).toEqual([
      expect.objectContaining({ outcome: 'ok', detail: expect.stringMatching(/^label move answered AccessDeniedException without a retry; labels read back as intended$/) }),
    ]);
  });

  test('both answers lost: the labels are read back and the rollback is still verified', async () => {
    emulator.faultsAfterHandling.add({ match: MOVE, times: 2, drop: true });
    await expect(rollback()).resolves.toMatchObject({ toVersionId: GOOD_VERSION });
    expect(await labels()).toEqual({ current: GOOD_VERSION, previous: BAD_VERSION });
  });
});

describe('rollback reports clearly when the faults outlast the retries', () => {
  test('every attempt fails before taking effect: a clear error, labels unchanged, the failed attempt audited', async () => {
    emulator.faults.add({ match: MOVE, status: 500 });
    await expect(rollback()).rejects.toMatchObject({
      name: 'StripeConfigError',
      message: expect.stringMatching(/label move failed \(InternalServiceError.*AWSCURRENT is still terraform-0+2: nothing was changed/),
    });
    expect(await labels()).toEqual({ current: BAD_VERSION, previous: GOOD_VERSION });
    expect(await rollbackRecords()).toEqual([failedAttempt(/nothing was changed/)]);
  });

  test('a real concurrent deploy during the move is still refused as a conflict, and left alone', async () => {
    emulator.faults.add({ match: MOVE, times: 1, latencyMs: 300 });
    const racing = rollback();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = `terraform-${'3'.padStart(26, '0')}`;
    await client.send(new PutSecretValueCommand({ SecretId: LOCATION.configSecretId, SecretString: GOOD.rendered.json, ClientRequestToken: third }));
    await expect(racing).rejects.toMatchObject({ code: 'rollback_conflict' });
    expect(await labels()).toEqual({ current: third, previous: BAD_VERSION });
    expect(await rollbackRecords()).toEqual([failedAttempt(/AWSCURRENT moved away/)]);
  });

  test('a deploy between the lost answer and the retry: a conflict that names the labels as they are now', async () => {
    const third = `terraform-${'3'.padStart(26, '0')}`;
    emulator.faultsAfterHandling.add({ match: MOVE, times: 1, drop: true });
    const deployer = localSecretsManagerClient(emulator.url, LOCATION.region);
    afterFailedMoveAttempt(() =>
      deployer.send(new PutSecretValueCommand({ SecretId: LOCATION.configSecretId, SecretString: GOOD.rendered.json, ClientRequestToken: third })),
    );
    try {
      await expect(rollback()).rejects.toMatchObject({
        code: 'rollback_conflict',
        message: expect.stringContaining(`the labels are now AWSCURRENT ${third}, AWSPREVIOUS ${GOOD_VERSION}`),
      });
    } finally {
      deployer.destroy();
    }
    expect(await labels()).toEqual({ current: third, previous: GOOD_VERSION });
    expect(await rollbackRecords()).toEqual([failedAttempt(/the labels are now/)]);
  });

  test('the labels cannot be read back after the move failed: the outcome is reported unknown', async () => {
    emulator.faults.add({ match: MOVE, status: 500 });
    afterFailedMoveAttempt(async () => emulator.faults.add({ match: 'ListSecretVersionIds', status: 500 }));
    await expect(rollback()).rejects.toMatchObject({
      code: 'rollback_conflict',
      message: expect.stringMatching(/label move failed \(InternalServiceError.*could not be read back: the outcome is unknown/),
    });
    emulator.faults.clear();
    expect(await labels()).toEqual({ current: BAD_VERSION, previous: GOOD_VERSION });
    expect(await rollbackRecords()).toEqual([failedAttempt(/the outcome is unknown/)]);
  });
});

/** Once the move was attempted, the trail records it as failed, with the error, whatever became of the labels. */
function failedAttempt(detail: RegExp) {
  return expect.objectContaining({ action: 'rollback', from: BAD_VERSION, to: GOOD_VERSION, outcome: 'failed', detail: expect.stringMatching(detail) });
}
