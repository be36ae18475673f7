/**
 * Acceptance 3: a stand-in killed with SIGKILL in the middle of a burst of writes loses no
 * acknowledged write and leaves a state file that parses; racing compare-and-swap moves of
 * AWSCURRENT end with exactly one winner, also on disk.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { CREDENTIALS, REGION, spawnEmulatorProcess, standInForEachTest, startStandIn, terraformToken as v } from '../../../helpers/secrets-manager-stand-in';

const SHARED = 'burst/shared';
const WRITERS = 6;
/** Kill once this many writes were acknowledged, so plenty are in flight at that moment. */
const KILL_AFTER_ACKS = 120;

let stateDir: string;
beforeEach(async () => {
  stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'sm-durability-'));
});
afterEach(() => fs.rm(stateDir, { recursive: true, force: true }));

interface Ack {
  kind: 'create' | 'put';
  id: string;
  value: string;
}

test('kill -9 during a burst of writes loses no acknowledged write and leaves a parsable state file', async () => {
  const stateFile = path.join(stateDir, 'secrets.json');
  const { child, url } = await spawnEmulatorProcess(stateFile);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  const client = new SecretsManagerClient({ endpoint: url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
  const acks: Ack[] = [];
  try {
    await client.send(new CreateSecretCommand({ Name: SHARED, SecretString: 'initial' }));
    let killed = false;
    const writer = async (w: number) => {
      for (let i = 0; !killed; i++) {
        // Alternating new secrets and new versions of one secret: both kinds of write must survive.
        const ack: Ack =
          i % 2 === 0
            ? { kind: 'create', id: `burst/w${w}-${i}`, value: `created-${w}-${i}` }
            : { kind: 'put', id: `w${w}-${i}-`.padEnd(32, 'x'), value: `put-${w}-${i}` };
        try {
          if (ack.kind === 'create') await client.send(new CreateSecretCommand({ Name: ack.id, SecretString: ack.value }));
          else await client.send(new PutSecretValueCommand({ SecretId: SHARED, ClientRequestToken: ack.id, SecretString: ack.value }));
        } catch {
          return; // the process is gone: this write was never acknowledged
        }
        acks.push(ack);
        if (acks.length === KILL_AFTER_ACKS && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    expect(await exited).toBe('SIGKILL');
  } finally {
    client.destroy();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  expect(acks.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

  // The file is whole JSON: the old or the new state, never half of one.
  expect(() => JSON.parse(require('node:fs').readFileSync(stateFile, 'utf8'))).not.toThrow();

  const restarted = await startStandIn({ stateFile });
  const reader = restarted.client;
  try {
    const created = acks.filter((a) => a.kind === 'create');
    const found = new Map<string, string | undefined>();
    for (let i = 0; i < created.length; i += 20) {
      const batch = await reader.send(new BatchGetSecretValueCommand({ SecretIdList: created.slice(i, i + 20).map((a) => a.id) }));
      for (const value of batch.SecretValues ?? []) found.set(value.Name ?? '', value.SecretString);
    }
    expect(created.filter((a) => found.get(a.id) !== a.value)).toEqual([]);

    const versionIds = new Set<string>();
    let token: string | undefined;
    do {
      const page = await reader.send(new ListSecretVersionIdsCommand({ SecretId: SHARED, IncludeDeprecated: true, NextToken: token }));
      for (const version of page.Versions ?? []) versionIds.add(version.VersionId ?? '');
      token = page.NextToken;
    } while (token);
    expect(acks.filter((a) => a.kind === 'put' && !versionIds.has(a.id))).toEqual([]);
    // A killed writer may leave its temp file; the next start removes it.
    expect(await fs.readdir(stateDir)).toEqual(['secrets.json']);
  } finally {
    await restarted.close();
  }
}, 90_000);

describe('racing compare-and-swap moves of AWSCURRENT', () => {
  let client: SecretsManagerClient;
  const { restart } = standInForEachTest((standIn) => ({ client } = standIn), () => ({ stateFile: path.join(stateDir, 'secrets.json') }));

  beforeEach(async () => {
    await client.send(new CreateSecretCommand({ Name: 'race', SecretString: 'value-1', ClientRequestToken: v(1) }));
    for (let n = 2; n <= 5; n++) await client.send(new PutSecretValueCommand({ SecretId: 'race', SecretString: `value-${n}`, ClientRequestToken: v(n) }));
  });

  test('forty concurrent moves from the same holder to four targets: exactly one wins, and that is what is on disk', async () => {
    const targets = Array.from({ length: 40 }, (_, i) => v((i % 4) + 1));
    const outcomes = await Promise.allSettled(
      targets.map((target) =>
        client.send(new UpdateSecretVersionStageCommand({ SecretId: 'race', VersionStage: 'AWSCURRENT', MoveToVersionId: target, RemoveFromVersionId: v(5) })),
      ),
    );
    const winners = outcomes.flatMap((outcome, i) => (outcome.status === 'fulfilled' ? [targets[i]] : []));
    const losers = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [(outcome.reason as Error).name] : []));
    expect(winners).toHaveLength(1);
    expect(new Set(losers)).toEqual(new Set(['InvalidParameterException']));

    const expected = { [winners[0]]: ['AWSCURRENT'], [v(5)]: ['AWSPREVIOUS'] };
    expect((await client.send(new DescribeSecretCommand({ SecretId: 'race' }))).VersionIdsToStages).toEqual(expected);
    await restart();
    expect((await client.send(new DescribeSecretCommand({ SecretId: 'race' }))).VersionIdsToStages).toEqual(expected);
  });

  test('a rollback racing a roll-forward from the same holder: one wins, AWSCURRENT and AWSPREVIOUS each stay on one version', async () => {
    const moves = [v(4), v(3)].map((target) =>
      client.send(new UpdateSecretVersionStageCommand({ SecretId: 'race', VersionStage: 'AWSCURRENT', MoveToVersionId: target, RemoveFromVersionId: v(5) })),
    );
    const outcomes = await Promise.allSettled(moves);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const labels = Object.values((await client.send(new DescribeSecretCommand({ SecretId: 'race' }))).VersionIdsToStages ?? {}).flat();
    expect(labels.sort()).toEqual(['AWSCURRENT', 'AWSPREVIOUS']);
  });
});
