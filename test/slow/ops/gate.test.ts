import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateEnvironmentValue } from '../../../config';
import { deployEnvironment, gateEnvironments, type DeployReport } from '../../../ops';
import { runCli } from '../../helpers/cli';
import { sampleEnvironment, scratchConfigDir } from '../../helpers/environments';
import { preparedWorldForEachTest, type TestWorld } from '../../helpers/world';

describe('gate (library)', () => {
  // One deploy through Terraform for the file: staging as shipped (production is not deployed).
  // Each test gates in its own copy of that world.
  let world: TestWorld;
  let version: DeployReport;
  preparedWorldForEachTest(
    async (prepared) => {
      version = await deployEnvironment(sampleEnvironment('staging'), prepared.targets, prepared.workspace, { precheck: false, smoke: false, force: true, reason: 'test: seeding a deployed version without the gate' });
    },
    (copy) => (world = copy),
  );

  test('passes a first deploy: plan creates the stack, every check passes, no baseline yet', async () => {
    const [report] = await gateEnvironments([sampleEnvironment('production')], world.targets, world.workspace);
    expect(report).toMatchObject({ environment: 'production', verdict: 'pass', passed: true, reasons: [], changes: [] });
    // The config secret (a secret, its version, a policy), and its live and test key sets (a secret and a
    // policy each: their material is written by the SDK after apply, never through Terraform).
    expect(report.plan).toMatchObject({ changed: true, add: 7 });
    // Production is live mode: its journeys ran in test mode, and both key sets were verified before being written.
    expect(report.testMode).toMatchObject({ keySet: 'production-test-2026-11', publishableKey: 'pk_test_51LocalProductionPublishable' });
    expect(report.keySets.map((check) => [check.keySet, check.verdict])).toEqual([['production-2026-11', 'pass'], ['production-test-2026-11', 'pass']]);
    expect(report.deployedVersionId).toBeUndefined();
    expect(report.rows.every((row) => row.candidate.verdict === 'pass' && !row.baseline)).toBe(true);
  }, 120_000);

  test('compares a changed candidate with the deployed settings, field by field and journey by journey', async () => {
    const deployed = sampleEnvironment('staging');
    const config = structuredClone(deployed.config);
    config.payments.captureMethod = 'manual';
    const candidate = validateEnvironmentValue('staging', config).validated!;
    const [report] = await gateEnvironments([candidate], world.targets, world.workspace);
    expect(report.deployedVersionId).toBe(version.versionId);
    expect(report.changes).toEqual([{ path: '/payments/captureMethod', before: 'automatic', after: 'manual' }]);
    expect(report.plan).toMatchObject({ changed: true, replace: 1 });
    const frictionless = report.rows.find((row) => row.journey === 'frictionless')!;
    expect(frictionless.baseline).toMatchObject({ verdict: 'pass', actual: 'paid in EUR without challenge' });
    expect(frictionless.candidate).toMatchObject({ verdict: 'pass', actual: 'authorized in EUR without challenge' });
    // Paid becomes authorised: customers (and the shop's books) notice, so it needs a reviewer's acceptance.
    expect(frictionless.verdict).toBe('changed');
    expect(report).toMatchObject({ verdict: 'not-accepted', passed: false });
    const [accepted] = await gateEnvironments([candidate], world.targets, world.workspace, { accept: 'PAY-7: capture after shipping' });
    expect(accepted).toMatchObject({ verdict: 'pass', passed: true, accepted: { reason: 'PAY-7: capture after shipping' } });
    expect(accepted.accepted!.journeys).toContain('frictionless');
  }, 180_000);

  test('a regression against the deployed settings fails the gate and is named as one', async () => {
    const deployed = sampleEnvironment('staging');
    const config = structuredClone(deployed.config);
    config.stripe.publishableKey = 'pk_test_51LocalDevelopmentPublishable';
    const [report] = await gateEnvironments([validateEnvironmentValue('staging', config).validated!], world.targets, world.workspace);
    expect(report.passed).toBe(false);
    expect(report.rows.find((row) => row.journey === 'keys')).toMatchObject({ verdict: 'regression' });
    expect(report.verdict).toBe('blocked');
    expect(report.reasons).toContainEqual(expect.stringMatching(/^regression: Keys belong to the configured account: .*belongs to another account/));
  }, 180_000);
});

describe('gate (command line, as CI runs it)', () => {
  let home: string;
  let scratch: ReturnType<typeof scratchConfigDir>;
  beforeEach(() => {
    home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-cli-'));
    scratch = scratchConfigDir();
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
    scratch.remove();
  });
  const gate = (environment: string) => runCli(['--config-dir', scratch.dir, 'gate', environment], { STRIPE_CONFIG_HOME: home });

  test("production with another account's publishable key fails and says why", async () => {
    scratch.edit('production', "publishableKey: 'pk_test_51LocalProductionPublishable'", "publishableKey: 'pk_test_51LocalStagingPublishable'");
    const report = path.join(home, 'comment.md');
    const result = await runCli(['--config-dir', scratch.dir, 'gate', 'production', '--report', report], { STRIPE_CONFIG_HOME: home });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/production: FAIL/);
    expect(readFileSync(report, 'utf8')).toMatch(/^<!-- stripe-config gate -->\n## stripe-config gate: ❌ blocked\n\n\| Environment \| Verdict \| Why \| What to do \|\n\| --- .*\n\| production \| ❌ blocked \|/);
    expect(result.stdout).toMatch(/publishable key pk_test_51LocalStagingPublishable belongs to another account than acct_1LocalProduction/);
    // Outside a terminal, the progress is plain lines before the table (the gate emits events; the CLI prints them).
    expect(result.stdout).toMatch(/^\[gate\] production: plan done \(7 to add\)\n\[gate\] production: candidate Frictionless payment \(4242, no 3DS required\): fail \(\d+ ms\)$/m);
  }, 120_000);

  test('production with a 3DS policy the schema refuses fails before anything runs, naming the field', async () => {
    scratch.edit('production', "threeDSecure: 'automatic'", "threeDSecure: 'sometimes'");
    const result = await gate('production');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/production\.ts:\d+:\d+ - TS2322: Type '"sometimes"' is not assignable/);
    expect(result.stderr).toMatch(/\/payments\/threeDSecure: must be one of "automatic", "any", "challenge" \(got "sometimes"\)/);
    expect(result.stdout).toBe('');
  }, 60_000);

  test('validate lists every problem of every environment and exits 1', async () => {
    scratch.edit('staging', "returnUrl: 'https://staging.shop.example.com/checkout/return'", "returnUrl: 'http://staging.shop.example.com/checkout/return'");
    const result = await runCli(['--config-dir', scratch.dir, 'validate'], { STRIPE_CONFIG_HOME: home });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('development: ok');
    expect(result.stdout).toMatch(/staging: 2 problem\(s\) in .*staging\.ts\n {2}\/payments\/returnUrl: must use https(.|\n)*is not one of the shop.s origins/);
  }, 60_000);
});
