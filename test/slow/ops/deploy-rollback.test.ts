import { readFileSync } from 'node:fs';
import { SecretsManagerClient, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { locationOf } from '../../../config';
import {
  candidateChecks,
  deployEnvironment,
  type DeployReport,
  environmentHistory,
  findLabelHolders,
  readDocumentVersion,
  rollbackEnvironment,
  smokeChecks,
  terraformInit,
  terraformPlan,
} from '../../../ops';
import { synthesizeStacks } from '../../../stacks';
import { seedDeployedDocuments } from '../../helpers/deployed-documents';
import { changed, sampleEnvironment } from '../../helpers/environments';
import { openTestWorld, preparedWorldForEachTest, type TestWorld } from '../../helpers/world';

// These tests pick the policy's checks (ops/check-policy.ts) one by one: the defaults would also precheck every candidate.
const NO_CHECKS = { precheck: false, smoke: false } as const;
// Deploys here seed versions to roll back; the gate binding is tested in test/slow/ops/deploy-gate.test.ts.
const UNGATED = { force: true, reason: 'test: seeding deployed versions without the gate' } as const;
const SEED = { ...NO_CHECKS, ...UNGATED };


describe('deploy and rollback on the embedded default', () => {
  // One deploy through Terraform for the whole file: staging as shipped, with its smoke. Each test
  // starts from its own copy of that world, so none sees what another did.
  let world: TestWorld;
  let first: DeployReport;
  preparedWorldForEachTest(
    async (prepared) => {
      first = await deployEnvironment(sampleEnvironment('staging'), prepared.targets, prepared.workspace, { ...UNGATED, precheck: false, smoke: smokeChecks(prepared.targets, 'eu-west-1') });
    },
    (copy) => (world = copy),
  );

  test('rollback restores the previous document, is recorded, and terraform plan leaves it alone', async () => {
    const original = sampleEnvironment('staging');
    expect(first.smokePassed).toBe(true);
    const candidate = changed(original, (c) => (c.payments.threeDSecure = 'any'));
    const second = await deployEnvironment(candidate, world.targets, world.workspace, { ...UNGATED, precheck: false, smoke: smokeChecks(world.targets, 'eu-west-1') });
    expect(second).toMatchObject({ previousVersionId: first.versionId, smokePassed: true });

    const report = await rollbackEnvironment(locationOf(candidate), world.targets, world.workspace, {
      reason: 'INC-42 checkout errors',
      smoke: smokeChecks(world.targets, 'eu-west-1'),
    });
    expect(report).toMatchObject({ fromVersionId: second.versionId, toVersionId: first.versionId, smokePassed: true });
    expect(report.changes).toEqual([{ path: '/payments/threeDSecure', before: 'any', after: 'automatic' }]);
    expect(report.smoke.map((r) => r.journey)).toEqual(['keys', 'frictionless', 'challenge-completed', 'declined']);

    const client = world.targets.secretsManager('eu-west-1');
    const live = await readDocumentVersion(client, locationOf(candidate).configSecretId);
    expect(live?.json).toBe(original.rendered.json);

    const [rollback] = await world.targets.ledger('eu-west-1').history('staging');
    expect(rollback).toMatchObject({
      action: 'rollback',
      environment: 'staging',
      fromVersionId: second.versionId,
      toVersionId: first.versionId,
      reason: 'INC-42 checkout errors',
      outcome: expect.objectContaining({ status: 'ok' }),
    });
    expect(report.durationMs).toEqual(expect.any(Number));

    const history = await environmentHistory(locationOf(candidate), world.targets);
    expect(history.versions.map((v) => [v.versionId, v.stages])).toEqual([
      [second.versionId, ['AWSPREVIOUS']],
      [first.versionId, ['AWSCURRENT']],
    ]);
    expect(history.operations.map((r) => (r.kind === 'operation' ? r.action : r.kind))).toEqual(['rollback', 'deploy', 'deploy']);

    // The config in git still says 'any'; Terraform must not silently re-apply it (facts §4.2).
    const [stack] = synthesizeStacks([candidate], { outdir: world.workspace.synthDir, stateDir: world.workspace.stateDir('local'), target: 'local' });
    const context = await world.targets.terraformContext(candidate, stack.directory);
    await terraformInit(context);
    expect(await terraformPlan(context)).toMatchObject({ changed: false });
    expect((await readDocumentVersion(client, locationOf(candidate).configSecretId))?.versionId).toBe(first.versionId);
  }, 240_000);

  test('a deploy whose smoke fails rolls back by itself', async () => {
    const original = sampleEnvironment('staging');
    // Another account's publishable key: cards tokenised with it cannot be charged with this account's secret key.
    const broken = changed(original, (c) => (c.stripe.publishableKey = 'pk_test_51LocalDevelopmentPublishable'));
    const report = await deployEnvironment(broken, world.targets, world.workspace, { ...UNGATED, precheck: false, smoke: smokeChecks(world.targets, 'eu-west-1') });
    expect(report.smokePassed).toBe(false);
    expect(report.rolledBack).toMatchObject({ fromVersionId: report.versionId, toVersionId: first.versionId, smokePassed: true });
    const live = await readDocumentVersion(world.targets.secretsManager('eu-west-1'), locationOf(original).configSecretId);
    expect(live?.versionId).toBe(first.versionId);
  }, 240_000);

  test('a deploy whose candidate fails its checks is refused before anything is applied', async () => {
    const original = sampleEnvironment('staging');
    const broken = changed(original, (c) => (c.stripe.publishableKey = 'pk_test_51LocalDevelopmentPublishable'));
    const precheck = candidateChecks(world.targets, broken);
    await expect(deployEnvironment(broken, world.targets, world.workspace, { ...UNGATED, precheck, smoke: false })).rejects.toMatchObject({
      code: 'checks_failed',
      message: expect.stringMatching(/^staging: the candidate fails its checks; nothing was applied\n {2}Keys belong to the configured account/),
    });
    const live = await readDocumentVersion(world.targets.secretsManager('eu-west-1'), locationOf(original).configSecretId);
    expect(live?.versionId).toBe(first.versionId);
  }, 240_000);

  test('rollback refuses with a clear message when there is nothing to roll back to', async () => {
    const original = sampleEnvironment('staging');
    const empty = await openTestWorld();
    try {
      await expect(rollbackEnvironment(locationOf(original), empty.targets, empty.workspace, NO_CHECKS)).rejects.toMatchObject({
        code: 'rollback_refused',
        message: 'staging: nothing to roll back: stripe-config/staging/config does not exist in eu-west-1',
      });
    } finally {
      await empty.close();
    }
    // This test's world has staging deployed once.
    await expect(rollbackEnvironment(locationOf(original), world.targets, world.workspace, NO_CHECKS)).rejects.toMatchObject({
      code: 'rollback_refused',
      message: expect.stringMatching(/nothing to roll back to: stripe-config\/staging\/config has no AWSPREVIOUS version/),
    });
  }, 240_000);

  test('rollback fails loudly, changing nothing, when AWSCURRENT moved meanwhile', async () => {
    const original = sampleEnvironment('staging');
    // The second deploy stored as Terraform stores it, with the SDK: this test is about the rollback's label move.
    const [secondVersionId] = await seedDeployedDocuments(world.targets, [changed(original, (c) => (c.payments.captureMethod = 'manual'))]);
    const second = { versionId: secondVersionId };
    const secretId = locationOf(original).configSecretId;
    const real = world.targets.secretsManager('eu-west-1');
    // Another on-call engineer rolls back between our read of the labels and our move.
    const racing = {
      ...world.targets,
      secretsManager: () =>
        ({
          send: async (command: unknown) => {
            if (command instanceof UpdateSecretVersionStageCommand) {
              await real.send(
                new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: first.versionId, RemoveFromVersionId: second.versionId }),
              );
            }
            return real.send(command as never);
          },
        }) as unknown as SecretsManagerClient,
    };
    await expect(rollbackEnvironment(locationOf(original), racing, world.workspace, NO_CHECKS)).rejects.toMatchObject({ code: 'rollback_conflict' });
    expect(await findLabelHolders(real, secretId)).toEqual({ current: first.versionId, previous: second.versionId });
    // The attempt is on the record as failed, saying nothing was changed; no rollback is recorded as done.
    const rollbacks = (await world.targets.ledger('eu-west-1').history('staging')).filter((record) => record.kind === 'operation' && record.action === 'rollback');
    expect(rollbacks).toEqual([
      expect.objectContaining({
        fromVersionId: second.versionId,
        toVersionId: first.versionId,
        outcome: expect.objectContaining({ status: 'failed', detail: expect.stringMatching(/nothing was changed/) }),
      }),
    ]);
  }, 240_000);
});
