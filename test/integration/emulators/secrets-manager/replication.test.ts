/**
 * Replication (facts §2.1: the provider's `replica` block calls CreateSecret AddReplicaRegions,
 * ReplicateSecretToRegions and RemoveRegionsFromReplication; §2.3 DeleteSecret refuses a primary
 * with replicas). Replicas here are read-only views of the primary, always in sync.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RemoveRegionsFromReplicationCommand,
  ReplicateSecretToRegionsCommand,
  SecretsManagerClient,
  StopReplicationToReplicaCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerEmulator } from '../../../../emulators/secrets-manager';
import { failureOf, REGION, standInForEachTest } from '../../../helpers/secrets-manager-stand-in';

const NAME = 'shop/stripe/config';
const OTHER = 'us-east-1';

let emulator: SecretsManagerEmulator;
let primary: SecretsManagerClient;
let replica: SecretsManagerClient;
standInForEachTest((standIn) => {
  ({ emulator, client: primary } = standIn);
  replica = standIn.clientIn(OTHER);
});

test('a secret created with a replica region reads the same in that region, under the same suffix', async () => {
  const created = await primary.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', AddReplicaRegions: [{ Region: OTHER }] }));
  expect(created.ReplicationStatus).toEqual([{ Region: OTHER, Status: 'InSync', StatusMessage: 'Replication succeeded' }]);
  const copy = await replica.send(new GetSecretValueCommand({ SecretId: NAME }));
  expect(copy.ARN).toBe(created.ARN?.replace(`:${REGION}:`, `:${OTHER}:`));
  expect(copy.SecretString).toBe('one');
  const described = await replica.send(new DescribeSecretCommand({ SecretId: NAME }));
  expect(described.PrimaryRegion).toBe(REGION);
});

test('the replica follows the primary: a new value and a label move show up at once', async () => {
  await primary.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', ClientRequestToken: 'a'.repeat(32), AddReplicaRegions: [{ Region: OTHER }] }));
  await primary.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'two', ClientRequestToken: 'b'.repeat(32) }));
  await primary.send(new UpdateSecretVersionStageCommand({ SecretId: NAME, VersionStage: 'AWSCURRENT', MoveToVersionId: 'a'.repeat(32), RemoveFromVersionId: 'b'.repeat(32) }));
  expect((await replica.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString).toBe('one');
});

test('a replica is read-only: writes are refused with InvalidRequestException', async () => {
  await primary.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', AddReplicaRegions: [{ Region: OTHER }] }));
  const failure = await failureOf(replica.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'two' })));
  expect(failure).toMatchObject({ name: 'InvalidRequestException', status: 400, message: expect.stringContaining("primary secret's region") });
});

test('ReplicateSecretToRegions adds, RemoveRegionsFromReplication removes, and a primary with replicas cannot be deleted', async () => {
  await primary.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one' }));
  const added = await primary.send(new ReplicateSecretToRegionsCommand({ SecretId: NAME, AddReplicaRegions: [{ Region: OTHER }] }));
  expect(added.ReplicationStatus?.map((r) => [r.Region, r.Status])).toEqual([[OTHER, 'InSync']]);
  expect((await failureOf(primary.send(new DeleteSecretCommand({ SecretId: NAME, ForceDeleteWithoutRecovery: true })))).name).toBe('InvalidParameterException');

  const removed = await primary.send(new RemoveRegionsFromReplicationCommand({ SecretId: NAME, RemoveReplicaRegions: [OTHER] }));
  expect(removed.ReplicationStatus).toEqual([]);
  expect((await failureOf(replica.send(new DescribeSecretCommand({ SecretId: NAME })))).name).toBe('ResourceNotFoundException');
  await primary.send(new DeleteSecretCommand({ SecretId: NAME, ForceDeleteWithoutRecovery: true }));
});

test('a region where the name is taken fails to replicate unless ForceOverwriteReplicaSecret', async () => {
  await replica.send(new CreateSecretCommand({ Name: NAME, SecretString: 'local' }));
  const created = await primary.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', AddReplicaRegions: [{ Region: OTHER }] }));
  expect(created.ReplicationStatus?.[0].Status).toBe('Failed');
  expect((await replica.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString).toBe('local');

  await primary.send(new ReplicateSecretToRegionsCommand({ SecretId: NAME, AddReplicaRegions: [{ Region: OTHER }], ForceOverwriteReplicaSecret: true }));
  expect((await replica.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString).toBe('one');
});

test('StopReplicationToReplica makes the replica a standalone, writable secret', async () => {
  await primary.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', AddReplicaRegions: [{ Region: OTHER }] }));
  await replica.send(new StopReplicationToReplicaCommand({ SecretId: NAME }));
  await replica.send(new PutSecretValueCommand({ SecretId: NAME, SecretString: 'independent' }));
  expect((await replica.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString).toBe('independent');
  expect((await primary.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString).toBe('one');
  expect((await primary.send(new DescribeSecretCommand({ SecretId: NAME }))).ReplicationStatus).toBeUndefined();
});

test('ListSecrets in the replica region lists the replica, and the primary-region filter tells them apart', async () => {
  await primary.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', AddReplicaRegions: [{ Region: OTHER }] }));
  await replica.send(new CreateSecretCommand({ Name: 'local/only', SecretString: 'x' }));
  const all = await replica.send(new ListSecretsCommand({}));
  expect(all.SecretList?.map((s) => s.Name).sort()).toEqual(['local/only', NAME]);
  const replicated = await replica.send(new ListSecretsCommand({ Filters: [{ Key: 'primary-region', Values: [REGION] }] }));
  expect(replicated.SecretList?.map((s) => s.Name)).toEqual([NAME]);
});

test('a CreateSecret refused for replicating to its own region leaves no secret behind', async () => {
  const failure = await failureOf(primary.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', AddReplicaRegions: [{ Region: REGION }] })));
  expect(failure.name).toBe('InvalidParameterException');
  expect((await failureOf(primary.send(new DescribeSecretCommand({ SecretId: NAME })))).name).toBe('ResourceNotFoundException');
});

test('a refused ReplicateSecretToRegions overwrites nothing in the regions listed before the refused one', async () => {
  await replica.send(new CreateSecretCommand({ Name: NAME, SecretString: 'local' }));
  await primary.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one' }));
  const refused = primary.send(
    new ReplicateSecretToRegionsCommand({ SecretId: NAME, AddReplicaRegions: [{ Region: OTHER }, { Region: REGION }], ForceOverwriteReplicaSecret: true }),
  );
  expect((await failureOf(refused)).name).toBe('InvalidParameterException');
  expect((await replica.send(new GetSecretValueCommand({ SecretId: NAME }))).SecretString).toBe('local');
  expect((await primary.send(new DescribeSecretCommand({ SecretId: NAME }))).ReplicationStatus).toBeUndefined();
});

test('a CreateSecret with a replica region, retried with its token, gets the first answer again (facts §3.3)', async () => {
  const request = { Name: NAME, SecretString: 'one', ClientRequestToken: 'a'.repeat(32), AddReplicaRegions: [{ Region: OTHER }] };
  const { $metadata: _first, ...first } = await primary.send(new CreateSecretCommand(request));
  const { $metadata: _again, ...again } = await primary.send(new CreateSecretCommand(request));
  expect(again).toEqual(first);
});

describe('reading a replica', () => {
  let stateDir: string;
  let inPrimaryRegion: SecretsManagerClient;
  let inReplicaRegion: SecretsManagerClient;
  const stateFile = () => path.join(stateDir, 'secrets.json');

  beforeEach(async () => {
    stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sm-replica-reads-'));
  });
  standInForEachTest(
    (persisted) => {
      inPrimaryRegion = persisted.client;
      inReplicaRegion = persisted.clientIn(OTHER);
    },
    () => ({ stateFile: stateFile() }),
  );
  beforeEach(() => inPrimaryRegion.send(new CreateSecretCommand({ Name: NAME, SecretString: 'one', AddReplicaRegions: [{ Region: OTHER }] })));
  // After the stand-in's own afterEach, so it is closed before its folder goes.
  afterEach(() => fs.rm(stateDir, { recursive: true, force: true }));

  test('records the access, so DescribeSecret in the replica region shows LastAccessedDate', async () => {
    await inReplicaRegion.send(new GetSecretValueCommand({ SecretId: NAME }));
    expect((await inReplicaRegion.send(new DescribeSecretCommand({ SecretId: NAME }))).LastAccessedDate).toBeInstanceOf(Date);
  });

  test('writes the state file once a day, not once per read', async () => {
    await inReplicaRegion.send(new GetSecretValueCommand({ SecretId: NAME }));
    // Every write renames a new file into place, so an unchanged inode means nothing was written.
    const before = (await fs.stat(stateFile())).ino;
    for (let i = 0; i < 3; i++) await inReplicaRegion.send(new GetSecretValueCommand({ SecretId: NAME }));
    expect((await fs.stat(stateFile())).ino).toBe(before);
  });
});
