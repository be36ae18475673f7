/**
 * The canary on the stand-ins, where no browser is needed: nothing deployed, and a live document
 * the runtime schema refuses (a failure customers meet, found before any journey runs). Its
 * journeys against a good live document run in test/slow/workflows/replay.test.ts.
 */
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { locationOf } from '../../../config';
import { canaryEnvironment } from '../../../ops';
import { sampleEnvironment } from '../../helpers/environments';
import { openTestWorld, type TestWorld } from '../../helpers/world';

const LOCATION = locationOf(sampleEnvironment('staging'));

let world: TestWorld;
beforeEach(async () => {
  world = await openTestWorld();
});
afterEach(() => world.close());

test('with nothing deployed the canary says so and runs no journey', async () => {
  expect(await canaryEnvironment(LOCATION, world.targets)).toEqual({ environment: 'staging', status: 'nothing-deployed', results: [] });
});

test('a live document the runtime schema refuses fails the canary, naming the version and the field', async () => {
  const client = world.targets.secretsManager(LOCATION.region);
  const created = await client.send(new CreateSecretCommand({ Name: LOCATION.configSecretId, SecretString: JSON.stringify({ environment: 'staging' }) }));
  const report = await canaryEnvironment(LOCATION, world.targets);
  expect(report).toMatchObject({ environment: 'staging', status: 'fail', versionId: created.VersionId });
  expect(report.results).toEqual([
    expect.objectContaining({ journey: 'document', verdict: 'fail', actual: expect.stringMatching(new RegExp(`^version ${created.VersionId} is refused by the runtime schema: .*/stripe`)) }),
  ]);
});
