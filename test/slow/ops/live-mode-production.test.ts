/**
 * The live-mode production sample through the whole story on the embedded default: the deploy's
 * smoke, the next gate's baseline and the rollback's smoke all run its settings in Stripe test mode
 * with the same account's test keys, while the live document is what gets stored. Its gate before the
 * first deploy (nothing live: every journey in test mode, both key sets verified) is
 * test/slow/ops/gate.test.ts's first test; here the first deploy is forced past it, so that the file
 * pays for Terraform only where this story needs it (each gate and deploy starts the AWS provider).
 * The second deploy is bound to the second gate's attestation, as CI deploys.
 */
import { locationOf } from '../../../config';
import { deployEnvironment, gateEnvironments, readDocumentVersion, releaseEnvironment, rollbackEnvironment } from '../../../ops';
import { changed, sampleEnvironment } from '../../helpers/environments';
import { openTestWorld, type TestWorld } from '../../helpers/world';

const SMOKE = ['keys', 'frictionless', 'challenge-completed', 'declined'];
const TEST_MODE = { publishableKey: 'pk_test_51LocalProductionPublishable', keySet: 'production-test-2026-11' };


describe('the live-mode production sample on the embedded default', () => {
  let world: TestWorld;
  beforeAll(async () => (world = await openTestWorld()));
  afterAll(async () => world?.close());

  test('deploys, gates its next change against what is live, and rolls back, every check in test mode', async () => {
    const production = sampleEnvironment('production');
    const { region, configSecretId } = locationOf(production);

    // The first deploy is only where the story starts: forced, so it needs no gate of its own (see above).
    const first = await deployEnvironment(production, world.targets, world.workspace, { force: true, reason: 'live-mode test: the first version' });
    expect(first.smoke.map((result) => [result.journey, result.verdict])).toEqual(SMOKE.map((journey) => [journey, 'pass']));
    const stored = await readDocumentVersion(world.targets.secretsManager(region), configSecretId);
    expect(stored?.document?.stripe).toMatchObject({ mode: 'live', publishableKey: 'pk_live_51LocalProductionPublishable', keySet: 'production-2026-11' });

    const candidate = changed(production, (config) => (config.payments.statementDescriptorSuffix = 'EXAMPLE SHOP EU'));
    const [report] = await gateEnvironments([candidate], world.targets, world.workspace);
    expect(report).toMatchObject({ verdict: 'pass', deployedVersionId: first.versionId, testMode: TEST_MODE });
    // Both key sets are stored now: nothing is written, so nothing is verified again.
    expect(report.keySets).toEqual([]);
    // The deployed live document ran in test mode too, as the baseline of every journey.
    expect(report.rows.map((row) => [row.journey, row.baseline?.verdict, row.verdict])).toEqual(
      report.rows.map((row) => [row.journey, 'pass', 'unchanged']),
    );

    const second = await deployEnvironment(candidate, world.targets, world.workspace, { precheck: false });
    expect(second).toMatchObject({ previousVersionId: first.versionId, smokePassed: true });

    const rolledBack = await rollbackEnvironment(locationOf(candidate), world.targets, world.workspace, { reason: 'live-mode rollback test' });
    expect(rolledBack).toMatchObject({ fromVersionId: second.versionId, toVersionId: first.versionId, smokePassed: true });
    expect(rolledBack.smoke.map((result) => result.journey)).toEqual(SMOKE);

    // By --secret-id alone, the live document's test keys are unknown: the move is made and recorded, its smoke
    // could not run, and that is the outcome (changed, then failed). The first rollback's hold is released first,
    // and the version is named: a rollback is never a toggle.
    const { testMode: _, ...bySecretId } = locationOf(candidate);
    const ledger = world.targets.ledger(region);
    await releaseEnvironment(ledger, 'production', { reason: 'live-mode test: go forward again' });
    await expect(
      rollbackEnvironment(bySecretId, world.targets, world.workspace, { reason: 'rollback without the config file', to: second.versionId }),
    ).rejects.toMatchObject({
      code: 'changed_then_failed',
      message: expect.stringMatching(new RegExp(`^production: AWSCURRENT is now ${second.versionId} \\(verified\\); then the smoke journeys could not run: .*not run: production is live mode`)),
    });
    const [blind] = await ledger.history('production');
    expect(blind).toMatchObject({
      action: 'rollback',
      reason: 'rollback without the config file',
      toVersionId: second.versionId,
      outcome: expect.objectContaining({ status: 'changed-then-failed', liveVersionAfter: second.versionId }),
    });
  }, 480_000);
});
