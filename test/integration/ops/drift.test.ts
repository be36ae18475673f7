/**
 * drift against the stand-ins: versions seeded with the SDK (Terraform is not what is tested here),
 * the rollback recorded in the ledger as a rollback operation records it.
 */
import { CreateSecretCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { locationOf } from '../../../config';
import { driftOf } from '../../../ops';
import { changed, sampleEnvironment } from '../../helpers/environments';
import { openTestWorld, type TestWorld } from '../../helpers/world';

const V1 = '11111111-1111-4111-8111-111111111111';
const V2 = '22222222-2222-4222-8222-222222222222';


describe('drift', () => {
  const good = sampleEnvironment('staging');
  const bad = changed(good, (config) => (config.payments.threeDSecure = 'challenge'));
  const { configSecretId: secretId, region } = locationOf(good);
  let world: TestWorld;
  beforeEach(async () => (world = await openTestWorld()));
  afterEach(async () => world?.close());

  /** v1 = the good document, v2 = the bad one, v2 current (as after a deploy of the bad change). */
  async function seedGoodThenBad(): Promise<void> {
    const client = world.targets.secretsManager(region);
    await client.send(new CreateSecretCommand({ Name: secretId, SecretString: good.rendered.json, ClientRequestToken: V1 }));
    await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: bad.rendered.json, ClientRequestToken: V2 }));
  }

  /** A rollback from v2 to v1 by alice, as the rollback command records it. */
  async function rollBackToGood(): Promise<void> {
    await world.targets
      .secretsManager(region)
      .send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: V1, RemoveFromVersionId: V2 }));
    const ledger = world.targets.ledger(region);
    const operation = await ledger.begin({ action: 'rollback', environment: 'staging', actor: 'alice', reason: 'INC-123', fromVersionId: V2, toVersionId: V1 });
    await ledger.finish(operation, { status: 'ok', liveVersionAfter: V1 });
  }

  test('an environment never deployed says so', async () => {
    expect(await driftOf(good, world.targets)).toMatchObject({ status: 'not-deployed', summary: `staging is not deployed: ${secretId} has no AWSCURRENT version` });
  });

  test('AWSCURRENT holding exactly the rendered bytes is the same', async () => {
    await seedGoodThenBad();
    expect(await driftOf(bad, world.targets)).toMatchObject({ status: 'same', liveVersionId: V2, changes: [] });
  });

  test('a difference nobody recorded is listed field by field, live → code', async () => {
    await seedGoodThenBad();
    const report = await driftOf(good, world.targets);
    expect(report).toMatchObject({ status: 'differs', liveVersionId: V2 });
    expect(report.changes).toEqual([{ path: '/payments/threeDSecure', before: 'challenge', after: 'automatic' }]);
    expect(report.rollback).toBeUndefined();
    expect(report.summary).toContain('differs from what the code renders');
  });

  test('a rollback the code has not caught up with names who rolled back, why, and what to do', async () => {
    await seedGoodThenBad();
    await rollBackToGood();
    const report = await driftOf(bad, world.targets);
    expect(report).toMatchObject({
      status: 'differs',
      liveVersionId: V1,
      rollback: { actor: 'alice', reason: 'INC-123', fromVersionId: V2, toVersionId: V1, codeRendersRolledBackVersion: true },
    });
    expect(report.summary).toMatch(
      new RegExp(`^staging was rolled back to ${V1} by alice at \\S+ \\(INC-123\\); the code still renders ${V2}'s document: revert the change in git, then release$`),
    );
    expect(report.changes).toEqual([{ path: '/payments/threeDSecure', before: 'automatic', after: 'challenge' }]);
  });

  test('after a rollback, code that renders a third document is told to gate it', async () => {
    await seedGoodThenBad();
    await rollBackToGood();
    const third = changed(good, (config) => (config.payments.captureMethod = 'manual'));
    const report = await driftOf(third, world.targets);
    expect(report.rollback).toMatchObject({ codeRendersRolledBackVersion: false });
    expect(report.summary).toContain('the code renders a document that is neither: gate it, release, then deploy it');
  });

  test('after a rollback, code reverted to the live document is the same again', async () => {
    await seedGoodThenBad();
    await rollBackToGood();
    expect(await driftOf(good, world.targets)).toMatchObject({ status: 'same', liveVersionId: V1 });
  });
});
