/**
 * The seed, replayed (issue 12, acceptance 3): staging's checkout service runs an older runtime
 * (main's at 9198eff, which knows schema version 1 only). A change that the repository's runtime
 * handles (omitting the statement descriptor suffix, which needs schema version 2) passes every
 * journey on the repository's runtime, and would have been deployed; declared, the older runtime
 * makes the gate block it with the message a reviewer needs. Declared as the current runtime, the
 * same change passes. One world for the file, staging's shipped document stored in it as a deploy
 * leaves it (seeded with the SDK: what is tested here is the gate's journeys, not Terraform's apply);
 * each test only gates.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateEnvironmentValue, type ValidatedEnvironment } from '../../../config';
import { gateEnvironments, type GateRun } from '../../../ops';
import { gateHtml, gateJson, gateJUnit, gateMarkdown } from '../../../reports';
import { packedRepositoryRuntime } from '../../../scripts/runtime-package';
import { seedDeployedDocuments } from '../../helpers/deployed-documents';
import { sampleEnvironment } from '../../helpers/environments';
import { openTestWorld, type TestWorld } from '../../helpers/world';

const OLD_RUNTIME = path.resolve(__dirname, '..', '..', 'fixtures', 'runtimes', 'stripe-config-0.1.0-main.9198eff.tgz');
/** The repository's runtime version: its package.json's. */
const TOOL_VERSION = (JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

/** Staging without its statement descriptor suffix (schema version 2), its checkout service on `tarball`. */
function candidateOn(tarball: string): ValidatedEnvironment {
  const config = structuredClone(sampleEnvironment('staging').config);
  delete config.payments.statementDescriptorSuffix;
  config.checkout = { runtime: { tarball } };
  const { problems, validated } = validateEnvironmentValue('staging', config);
  expect(problems).toEqual([]);
  return validated!;
}

describe('the seed replay: a change the deployed runtime cannot read', () => {
  let world: TestWorld;
  beforeAll(async () => {
    world = await openTestWorld();
    await seedDeployedDocuments(world.targets, [sampleEnvironment('staging')]);
  }, 60_000);
  afterAll(async () => world?.close());

  test('blocks it when staging declares the older runtime, naming both versions, in every report', async () => {
    const candidate = candidateOn(OLD_RUNTIME);
    expect(candidate.rendered.document.schemaVersion).toBe(2);
    const [report] = await gateEnvironments([candidate], world.targets, world.workspace);

    const message = `the checkout service runs stripe-config runtime 0.1.0-main.9198eff (tarball ${OLD_RUNTIME}), which refuses this document: schema version 2 is newer than this runtime understands (1); upgrade stripe-config/runtime to a release that understands it; the repository's runtime ${TOOL_VERSION} accepts it. Deploy the checkout service with stripe-config ≥ ${TOOL_VERSION} first.`;
    expect(report).toMatchObject({ verdict: 'blocked', passed: false, checkoutRuntime: { verdict: 'regression', summary: message } });
    expect(report.reasons).toEqual([`regression: Checkout service on stripe-config runtime 0.1.0-main.9198eff: ${message}`]);
    // On the repository's runtime nothing changes for customers: without the declaration this change would pass.
    const journeys = report.rows.filter((row) => row.journey !== 'checkout-runtime');
    expect(journeys.length).toBeGreaterThan(5);
    expect(journeys.every((row) => row.verdict === 'unchanged')).toBe(true);

    const run: GateRun = { startedAt: '2026-11-29T00:00:00.000Z', finishedAt: '2026-11-29T00:05:00.000Z', verdict: 'blocked', environments: [report] };
    expect(gateMarkdown(run)).toContain(message);
    expect(gateHtml(run)).toContain('the checkout service runs stripe-config runtime 0.1.0-main.9198eff');
    expect(gateJUnit(run)).toMatch(/<testcase[^>]*name="Checkout service on stripe-config runtime 0\.1\.0-main\.9198eff"[^>]*>(?:(?!<\/testcase>)[\s\S])*<failure message="regression: the checkout service runs stripe-config runtime 0\.1\.0-main\.9198eff/);
    expect(JSON.parse(gateJson(run)).environments[0].checkoutRuntime).toMatchObject({ verdict: 'regression', deployed: { version: '0.1.0-main.9198eff' }, repository: { version: TOOL_VERSION } });
  }, 600_000);

  test('passes the same change when staging declares the current runtime, after running every journey on it', async () => {
    const current = await packedRepositoryRuntime();
    const [report] = await gateEnvironments([candidateOn(current.tarball)], world.targets, world.workspace);
    expect(report.checkoutRuntime).toMatchObject({ verdict: 'same', deployed: { version: TOOL_VERSION }, repository: { version: TOOL_VERSION } });
    expect(report).toMatchObject({ verdict: 'pass', passed: true, reasons: [] });
  }, 600_000);
});
