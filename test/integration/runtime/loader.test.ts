/**
 * The config loader against the Secrets Manager stand-in through the real SDK: a rollback's label
 * move is seen at the next version check (DescribeSecret), and the calls the loader makes are the
 * ones its options promise, counted on the wire by an SDK middleware.
 */
import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { startSecretsManagerEmulator, type SecretsManagerEmulator } from '../../../emulators/secrets-manager';
import { createConfigLoader, type ConfigRejection } from '../../../runtime';
import { sampleEnvironment } from '../../helpers/environments';

const GOOD = sampleEnvironment('staging').rendered.json;
const BAD = GOOD.replace('"automatic"', '"any"');
const SECRET = 'stripe-config/staging/config';
const GOOD_VERSION = `terraform-${'1'.padStart(26, '0')}`;
const BAD_VERSION = `terraform-${'2'.padStart(26, '0')}`;

let emulator: SecretsManagerEmulator;
let client: SecretsManagerClient;
/** On-call's client: its label move is not one of the checkout's calls. */
let operator: SecretsManagerClient;
let calls: string[];
let time: number;
const now = () => time;

beforeEach(async () => {
  emulator = await startSecretsManagerEmulator();
  const clientOf = () =>
    new SecretsManagerClient({
      region: 'eu-west-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'AKIDLOADERTEST', secretAccessKey: 'loader-test' },
      maxAttempts: 1,
    });
  client = clientOf();
  operator = clientOf();
  // What two deploys leave: the bad document current, the good one previous.
  await client.send(new CreateSecretCommand({ Name: SECRET, SecretString: GOOD, ClientRequestToken: GOOD_VERSION }));
  await client.send(new PutSecretValueCommand({ SecretId: SECRET, SecretString: BAD, ClientRequestToken: BAD_VERSION }));
  calls = [];
  client.middlewareStack.add((next, context) => (args) => (calls.push(context.commandName ?? ''), next(args)), { step: 'initialize' });
  time = 1_000;
});

afterEach(async () => {
  client.destroy();
  operator.destroy();
  await emulator.close();
});

const rollBack = () =>
  operator.send(new UpdateSecretVersionStageCommand({ SecretId: SECRET, VersionStage: 'AWSCURRENT', MoveToVersionId: GOOD_VERSION, RemoveFromVersionId: BAD_VERSION }));

test('a rollback is served at the next version check, with one DescribeSecret and one read', async () => {
  const loader = createConfigLoader({ client, secretId: SECRET, checkIntervalMs: 5_000, now });
  expect((await loader.get()).versionId).toBe(BAD_VERSION);
  await rollBack();
  time += 4_999;
  expect((await loader.get()).versionId).toBe(BAD_VERSION);
  time += 1;
  const served = await loader.get();
  expect(served).toMatchObject({ versionId: GOOD_VERSION, json: GOOD, document: { payments: { threeDSecure: 'automatic' } } });
  expect(calls).toEqual(['GetSecretValueCommand', 'DescribeSecretCommand', 'GetSecretValueCommand']);
});

test('a check that cannot reach Secrets Manager keeps the last good document', async () => {
  const rejected: ConfigRejection[] = [];
  const loader = createConfigLoader({ client, secretId: SECRET, checkIntervalMs: 5_000, now, onRejected: (reason) => rejected.push(reason) });
  await loader.get();
  emulator.faults.add({ match: 'DescribeSecret', times: 1, status: 500 });
  await rollBack();
  time += 5_000;
  expect((await loader.get()).versionId).toBe(BAD_VERSION);
  expect(rejected).toEqual([{ error: expect.objectContaining({ name: 'InternalServiceError' }) }]);
  time += 5_000; // the next check gets through and sees the move
  expect((await loader.get()).versionId).toBe(GOOD_VERSION);
});
