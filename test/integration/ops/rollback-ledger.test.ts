/**
 * Rollback under the ledger, on the stand-ins (Secrets Manager and dynalite on loopback, through the
 * real SDKs): one winner, never a toggle, the target from the ledger, --from/--to/--dry-run, the hold,
 * and a smoke that cannot run. Deployed versions are seeded with the SDK as Terraform leaves them,
 * deploys recorded in the ledger as deploy records them; Terraform is not what these tests test.
 */
import { CreateSecretCommand, PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CheckError } from '../../../checks';
import { locationOf, type EnvironmentLocation } from '../../../config';
import {
  assertNotOnHold,
  environmentHistory,
  environmentStatus,
  findLabelHolders,
  releaseEnvironment,
  rollbackEnvironment,
  type Ledger,
  type OperationEntry,
  type RollbackOptions,
} from '../../../ops';
import { changed, sampleEnvironment } from '../../helpers/environments';
import { openTestWorld, type TestWorld } from '../../helpers/world';

const GOOD = sampleEnvironment('staging');
const BAD = changed(GOOD, (config) => (config.payments.threeDSecure = 'any'));
const LOCATION: EnvironmentLocation = locationOf(GOOD);
const version = (n: number) => `terraform-${String(n).padStart(26, '0')}`;


let world: TestWorld;
let client: SecretsManagerClient;
let ledger: Ledger;

beforeEach(async () => {
  world = await openTestWorld();
  client = world.targets.secretsManager(LOCATION.region);
  ledger = world.targets.ledger(LOCATION.region);
});
afterEach(() => world.close());

/** Stores documents as successive deploys leave them (AWSCURRENT the last, AWSPREVIOUS the one before: facts §3.5). */
async function seed(...documents: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, json] of documents.entries()) {
    const token = version(index + 1);
    if (index === 0) await client.send(new CreateSecretCommand({ Name: LOCATION.configSecretId, SecretString: json, ClientRequestToken: token }));
    else await client.send(new PutSecretValueCommand({ SecretId: LOCATION.configSecretId, SecretString: json, ClientRequestToken: token }));
    ids.push(token);
  }
  return ids;
}

/** A deploy as deploy records it: intent, then its outcome with the version it made live. */
async function recordDeploy(versionId: string, status: 'ok' | 'changed-then-failed' = 'ok', actor = 'ci', details?: Record<string, string>) {
  const intent = await ledger.begin({ action: 'deploy', environment: 'staging', actor, reason: `deploy ${versionId}`, toVersionId: versionId, ...(details ? { details } : {}) });
  // A deploy applies for a while: its outcome is recorded later than its intent, as in life.
  await new Promise((resolve) => setTimeout(resolve, 5));
  await ledger.finish(intent, { status, liveVersionAfter: versionId });
}

const rollback = (options: RollbackOptions = {}) => rollbackEnvironment(LOCATION, world.targets, undefined, { smoke: false, ...options });
const labels = () => findLabelHolders(client, LOCATION.configSecretId);
const operations = async () => (await ledger.history('staging')).filter((entry): entry is OperationEntry => entry.kind === 'operation');

test('two concurrent rollbacks: exactly one moves the label, the other is refused naming the winner', async () => {
  const [good, bad] = await seed(GOOD.rendered.json, BAD.rendered.json);
  const results = await Promise.allSettled([rollback({ actor: 'alice', reason: 'A' }), rollback({ actor: 'bob', reason: 'B' })]);
  const won = results.flatMap((result, index) => (result.status === 'fulfilled' ? [index] : []));
  expect(won).toHaveLength(1);
  const winner = won[0] === 0 ? 'alice' : 'bob';
  const loser = results[1 - won[0]] as PromiseRejectedResult;
  expect(loser.reason).toMatchObject({ code: expect.stringMatching(/^(lock_held|rollback_refused)$/), message: expect.stringContaining(winner) });
  expect(await labels()).toEqual({ current: good, previous: bad });
  const moves = (await operations()).filter((entry) => entry.outcome !== 'unknown' && entry.outcome.status === 'ok');
  expect(moves).toEqual([expect.objectContaining({ actor: winner, fromVersionId: bad, toVersionId: good })]);
  expect((await operations()).find((entry) => entry.actor !== winner)?.outcome).toMatchObject({ status: 'refused' });
});

test('rollback twice: the second refuses, saying where it stands, and never re-applies the bad version', async () => {
  const [good, bad] = await seed(GOOD.rendered.json, BAD.rendered.json);
  await rollback({ actor: 'alice', reason: 'INC-123 bad return url' });
  await expect(rollback({ actor: 'alice' })).rejects.toMatchObject({
    code: 'rollback_refused',
    message: expect.stringMatching(new RegExp(`^staging is already rolled back to ${good} by alice at \\S+ \\(INC-123 bad return url\\); on hold, and AWSCURRENT is ${good}$`)),
  });
  expect(await labels()).toEqual({ current: good, previous: bad });
  // The refusal is on the record too, with the version that was live.
  expect((await operations())[0]).toMatchObject({ fromVersionId: good, outcome: expect.objectContaining({ status: 'refused' }) });
});

test('after a release, the version a rollback left is still never the default target', async () => {
  const [good, bad] = await seed(GOOD.rendered.json, BAD.rendered.json);
  await rollback({ reason: 'INC-1' });
  await releaseEnvironment(ledger, 'staging', { reason: 'INC-1 fixed forward' });
  await expect(rollback()).rejects.toMatchObject({ code: 'rollback_refused', message: expect.stringContaining(`AWSPREVIOUS is ${bad}, which a rollback already left`) });
  expect(await labels()).toEqual({ current: good, previous: bad });
});

test('the rollback puts the environment on hold: deploys are refused until released', async () => {
  await seed(GOOD.rendered.json, BAD.rendered.json);
  await rollback({ actor: 'alice', reason: 'INC-9' });
  await expect(assertNotOnHold(ledger, 'staging')).rejects.toMatchObject({
    code: 'on_hold',
    message: expect.stringMatching(/^staging is on hold: set by alice at \S+: rolled back .*: INC-9; deploys are refused until it is released$/),
    hint: expect.stringContaining('stripe-config release staging --reason'),
  });
  await releaseEnvironment(ledger, 'staging', { actor: 'bob', reason: 'fixed in git' });
  await expect(assertNotOnHold(ledger, 'staging')).resolves.toBeUndefined();
  expect((await operations()).map((entry) => [entry.action, entry.actor])).toEqual([
    ['release', 'bob'],
    ['rollback', 'alice'],
  ]);
});

test('the default target is the last version deployed with a passing smoke, skipping invalid documents and failed deploys', async () => {
  const older = changed(GOOD, (config) => (config.payments.captureMethod = 'manual'));
  const ids = await seed(older.rendered.json, '{"schemaVersion": 1, "garbage": true}', GOOD.rendered.json, BAD.rendered.json, BAD.rendered.json);
  await recordDeploy(ids[0]);
  await recordDeploy(ids[1]); // its document is not valid
  await recordDeploy(ids[2], 'changed-then-failed'); // its smoke failed
  await recordDeploy(ids[3]);
  await recordDeploy(ids[4]);
  const report = await rollback({ reason: 'INC-2' });
  expect(report).toMatchObject({ fromVersionId: ids[4], toVersionId: ids[3] });
  // When it was deployed: when that deploy finished (the label moved then), not when it started.
  const deployed = (await operations()).find((entry) => entry.action === 'deploy' && entry.toVersionId === ids[3])!;
  expect(deployed.outcome).not.toBe('unknown');
  expect(report.why).toContain(`by ci at ${(deployed.outcome as { finishedAt: string }).finishedAt})`);
  expect(report.why).not.toContain(deployed.startedAt);
  await releaseEnvironment(ledger, 'staging', { reason: 'go further back' });
  const further = await rollback({ reason: 'INC-2 again' });
  expect(further).toMatchObject({ fromVersionId: ids[3], toVersionId: ids[0], why: expect.stringContaining(`skipped ${ids[1]} (not a valid runtime document)`) });
  expect(further.changes).toEqual([
    { path: '/payments/threeDSecure', before: 'any', after: 'automatic' },
    { path: '/payments/captureMethod', before: 'automatic', after: 'manual' },
  ]);
});

test('--from refuses when AWSCURRENT moved since, naming who moved it and when', async () => {
  const ids = await seed(GOOD.rendered.json, BAD.rendered.json, GOOD.rendered.json);
  await recordDeploy(ids[2], 'ok', 'carol');
  await expect(rollback({ from: ids[1] })).rejects.toMatchObject({
    code: 'rollback_conflict',
    message: expect.stringMatching(new RegExp(`^staging: AWSCURRENT is ${ids[2]}, not ${ids[1]} as you saw it: moved there by carol at \\S+ \\(deploy: deploy ${ids[2]}\\); nothing was changed$`)),
  });
  expect((await labels()).current).toBe(ids[2]);
});

test('--to picks a version by id, git commit or deploy time; the target already live changes nothing', async () => {
  const ids = await seed(GOOD.rendered.json, BAD.rendered.json, BAD.rendered.json);
  await recordDeploy(ids[0], 'ok', 'ci', { gitCommit: 'abcdef1234567890' });
  expect(await rollback({ to: ids[2] })).toMatchObject({ result: 'already-there', toVersionId: ids[2] });
  expect((await labels()).current).toBe(ids[2]);
  expect(await rollback({ to: 'abcdef1' })).toMatchObject({ result: 'rolled-back', toVersionId: ids[0], why: expect.stringContaining('git commit abcdef1234567890') });
  await releaseEnvironment(ledger, 'staging', { reason: 'next' });
  const created = (await environmentHistory(LOCATION, world.targets)).versions.find((entry) => entry.versionId === ids[1])!.createdAt!;
  expect(await rollback({ to: new Date(created.getTime() + 1).toISOString() })).toMatchObject({ toVersionId: ids[1] });
  await expect(rollback({ to: 'nope' })).rejects.toMatchObject({ code: 'usage', message: expect.stringContaining('--to nope: no version id') });
});

test('the target document is validated before anything moves', async () => {
  const ids = await seed(GOOD.rendered.json, 'not json at all', BAD.rendered.json);
  await expect(rollback({ to: ids[1] })).rejects.toMatchObject({ code: 'rollback_refused', message: expect.stringContaining(`version ${ids[1]} is not a valid runtime document`) });
  expect((await labels()).current).toBe(ids[2]);
});

test('--dry-run says from, to, why and the field diff, and changes and records nothing', async () => {
  const [good, bad] = await seed(GOOD.rendered.json, BAD.rendered.json);
  const report = await rollback({ dryRun: true });
  expect(report).toMatchObject({ result: 'dry-run', fromVersionId: bad, toVersionId: good, why: expect.stringContaining('AWSPREVIOUS') });
  expect(report.changes).toEqual([{ path: '/payments/threeDSecure', before: 'any', after: 'automatic' }]);
  expect(await labels()).toEqual({ current: bad, previous: good });
  expect(await operations()).toEqual([]);
  expect(await ledger.getHold('staging')).toBeUndefined();
});

test('a smoke that cannot run after the move: changed, then failed, recorded with what is live; the hold is set', async () => {
  const [good] = await seed(GOOD.rendered.json, BAD.rendered.json);
  const smoke = async () => {
    throw new CheckError('browser_unavailable', 'Chromium did not start', 'Install chromium');
  };
  await expect(rollback({ smoke, reason: 'INC-4' })).rejects.toMatchObject({
    code: 'changed_then_failed',
    message: `staging: AWSCURRENT is now ${good} (verified); then the smoke journeys could not run: Chromium did not start`,
    hint: 'Install chromium',
  });
  expect((await labels()).current).toBe(good);
  expect((await operations())[0].outcome).toMatchObject({ status: 'changed-then-failed', liveVersionAfter: good });
  expect(await ledger.getHold('staging')).toMatchObject({ reason: expect.stringContaining('INC-4') });
});

test('inconclusive smoke journeys (Stripe down) are a smoke that could not run', async () => {
  const [good] = await seed(GOOD.rendered.json, BAD.rendered.json);
  const smoke = async () => [{ journey: 'frictionless', title: 'Frictionless', expected: 'paid', actual: 'Stripe answered 503 after retries', verdict: 'inconclusive' as const, durationMs: 1 }];
  await expect(rollback({ smoke })).rejects.toMatchObject({
    code: 'changed_then_failed',
    message: `staging: AWSCURRENT is now ${good} (verified); then the smoke journeys could not run: Frictionless: Stripe answered 503 after retries`,
  });
});

describe('history and status tell the truth', () => {
  test('an intent without an outcome reads as unknown, next to what is live now', async () => {
    const [good, bad] = await seed(GOOD.rendered.json, BAD.rendered.json);
    await ledger.begin({ action: 'rollback', environment: 'staging', actor: 'alice', fromVersionId: bad, toVersionId: good });
    const history = await environmentHistory(LOCATION, world.targets);
    expect(history).toMatchObject({ deployed: true, liveVersionId: bad, operations: [expect.objectContaining({ outcome: 'unknown' })] });
    expect(await environmentStatus(LOCATION, world.targets)).toMatchObject({ unfinished: { actor: 'alice' }, live: { versionId: bad } });
  });

  test('a never-deployed environment says so instead of failing', async () => {
    await expect(environmentHistory(LOCATION, world.targets)).resolves.toMatchObject({ deployed: false, versions: [], operations: [] });
    await expect(environmentStatus(LOCATION, world.targets)).resolves.toEqual({ environment: 'staging', secretId: LOCATION.configSecretId });
  });

  test('status: what is live, who put it there, the hold and the lock', async () => {
    const [good] = await seed(GOOD.rendered.json, BAD.rendered.json);
    await rollback({ actor: 'alice', reason: 'INC-5' });
    const status = await environmentStatus(LOCATION, world.targets);
    expect(status).toMatchObject({
      live: { versionId: good, valid: true, putThereBy: expect.stringMatching(/^moved there by alice at \S+ \(rollback: INC-5\)$/), summary: 'test mode, acct_1LocalStaging, key set staging-2026-11, 3DS automatic, capture automatic, eur' },
      hold: { actor: 'alice' },
    });
    expect(status.lock).toBeUndefined();
  });
});
