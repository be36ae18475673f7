/**
 * The incidents of issue 8 replayed through the gate: each bad change, made to a deployed staging
 * and gated against it, is blocked, and the gate's report names the field and what customers would
 * see. One deployed world for the file (the gate never changes what is deployed); each test gates
 * its own candidate. The deployed staging is seeded through the SDK as a Terraform apply leaves it
 * (test/helpers/deployed-documents.ts): what these tests judge is the gate's journeys against it,
 * not the apply, which test/slow/ops/deploy-rollback.test.ts and deploy-gate.test.ts run for real.
 *
 * Replayed elsewhere, not repeated here (paths as sorted into lanes):
 * - returnUrl on a host the shop does not serve (`shop.exmaple.com`): validate refuses it,
 *   test/unit/config/schema.test.ts; the stranded customer, test/slow/checks/returns.test.ts
 * - `captureMethod: 'manual'` (paid becomes authorised, not accepted) and `--accept`: test/slow/ops/gate.test.ts
 * - `currency: 'xyz'` and the misspelt API version `2025-03-31.basl` (hint: 2025-03-31.basil):
 *   test/unit/config/stripe-rules.test.ts, test/unit/config/stripe-releases.test.ts
 * - the live production sample gated in test mode: test/slow/ops/gate.test.ts, test/slow/ops/live-mode-production.test.ts
 * - an empty --config-dir (validate and gate --all exit 2): test/slow/cli/config-dir.test.ts
 * - a config error still writes every report: test/slow/reports/cli-reports.test.ts
 * - a benign change (statement descriptor suffix) passes with every journey unchanged:
 *   test/slow/ops/live-mode-production.test.ts
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateEnvironmentValue, type EnvironmentConfig, type ValidatedEnvironment } from '../../config';
import { gateEnvironments, gateRunVerdict, keySetEnvironmentVariable, type GateOptions, type GateReport, type LocalAccount, type Targets } from '../../ops';
import { gateMarkdown } from '../../reports';
import { runCli } from '../helpers/cli';
import { seedDeployedDocuments } from '../helpers/deployed-documents';
import { sampleConfig } from '../helpers/environments';
import { openTestWorld, type TestWorld } from '../helpers/world';

/** The journeys in which the customer meets a 3DS challenge under staging's 'automatic' policy. */
const CHALLENGED = ['challenge-completed', 'challenge-failed', 'authenticated-then-declined', 'off-session-saved-card', 'off-session-needs-customer'];

let world: TestWorld;
let accounts: LocalAccount[];

function staging(edit: (config: EnvironmentConfig) => void = () => undefined): ValidatedEnvironment {
  const config = sampleConfig('staging');
  edit(config);
  const { validated, problems } = validateEnvironmentValue('staging', config);
  if (!validated) throw new Error(`the edited sample is invalid: ${JSON.stringify(problems)}`);
  return validated;
}

function gate(candidate: ValidatedEnvironment, options: GateOptions = {}, targets: Targets = world.targets): Promise<GateReport> {
  return gateEnvironments([candidate], targets, world.workspace, options).then(([report]) => report);
}

/** The PR comment the gate's run would post. */
function comment(report: GateReport): string {
  return gateMarkdown({ startedAt: '2026-11-29T00:00:00.000Z', finishedAt: '2026-11-29T00:01:00.000Z', verdict: gateRunVerdict([report]), environments: [report] });
}

/** Key material for a key set the embedded default does not know, as CI passes it. */
async function withKeySet<T>(keySet: string, secretKey: string, work: () => Promise<T>): Promise<T> {
  const variable = keySetEnvironmentVariable(keySet);
  process.env[variable] = JSON.stringify({ secretKey });
  try {
    return await work();
  } finally {
    delete process.env[variable];
  }
}

const verdicts = (report: GateReport) => Object.fromEntries(report.rows.map((row) => [row.journey, row.verdict]));

beforeAll(async () => {
  world = await openTestWorld();
  accounts = JSON.parse(readFileSync(world.workspace.stripeAccounts, 'utf8')) as LocalAccount[];
  await seedDeployedDocuments(world.targets, [staging()]);
}, 600_000);
afterAll(async () => world?.close());

test("threeDSecure 'automatic' → 'challenge': customers with the 3055 card are now challenged, a change that blocks until accepted", async () => {
  const report = await gate(staging((config) => (config.payments.threeDSecure = 'challenge')));
  expect(report).toMatchObject({ verdict: 'not-accepted', passed: false, changes: [{ path: '/payments/threeDSecure', before: 'automatic', after: 'challenge' }] });
  expect(verdicts(report)['optional-3ds']).toBe('changed');
  expect(report.reasons).toContainEqual(expect.stringMatching(/3DS supported, not required \(3055\).*paid in EUR without challenge → paid in EUR after challenge/));
  const markdown = comment(report);
  expect(markdown).toContain('/payments/threeDSecure');
  expect(markdown).toMatch(/paid in EUR without challenge → paid in EUR after challenge/);
}, 300_000);

test("stripe.keySet pointed at another environment's key set: every payment fails with another account's keys, blocked naming the account", async () => {
  const report = await gate(
    staging((config) => {
      config.stripe.keySet = 'development-2026-11';
      config.infrastructure.keySets = ['staging-2026-11', 'development-2026-11'];
    }),
  );
  expect(report).toMatchObject({ verdict: 'blocked', passed: false, changes: expect.arrayContaining([{ path: '/stripe/keySet', before: 'staging-2026-11', after: 'development-2026-11' }]) });
  expect(verdicts(report).keys).toBe('regression');
  expect(report.keySets).toContainEqual({ keySet: 'development-2026-11', verdict: 'fail', detail: expect.stringMatching(/belongs to acct_1LocalDevelopment, not acct_1LocalStaging \(stripe\.accountId\)/) });
  expect(report.reasons).toContainEqual(expect.stringMatching(/development-2026-11.*acct_1LocalDevelopment/));
  expect(comment(report)).toContain('/stripe/keySet');
}, 300_000);

test('a live key placed in a spare key set is verified read-only and refused, naming the key set', async () => {
  const live = accounts.find((account) => account.id === 'acct_1LocalStaging')!.live.secretKey;
  const report = await withKeySet('staging-2026-12', live, () => gate(staging((config) => config.infrastructure.keySets.push('staging-2026-12'))));
  expect(report).toMatchObject({ verdict: 'blocked', passed: false });
  expect(report.keySets).toContainEqual({ keySet: 'staging-2026-12', verdict: 'fail', detail: expect.stringMatching(/^holds a live-mode key \(sk_live_…\w{4}\), but the config uses it in test mode$/) });
  expect(report.reasons).toContainEqual(expect.stringMatching(/staging-2026-12.*live-mode key/));
  // Nothing was charged with it: the journeys ran with the active test key set, unchanged.
  expect(Object.values(verdicts(report)).every((verdict) => verdict === 'unchanged')).toBe(true);
}, 300_000);

test('the seed outage: a key rotation shipped with a new return path strands every challenged customer, blocked with the journeys that broke', async () => {
  const rotated = accounts.find((account) => account.id === 'acct_1LocalStaging')!.secretKey;
  const report = await withKeySet('staging-2026-12', rotated, () =>
    gate(
      staging((config) => {
        config.infrastructure.keySets.push('staging-2026-12');
        config.stripe.keySet = 'staging-2026-12';
        config.payments.returnUrl = 'https://staging.shop.example.com/checkout/returned';
      }),
    ),
  );
  expect(report).toMatchObject({ verdict: 'blocked', passed: false });
  // The rotation itself is sound: the new key set holds the same account's test key.
  expect(report.keySets).toEqual([{ keySet: 'staging-2026-12', verdict: 'pass', detail: expect.stringMatching(/^test secret key .*; of acct_1LocalStaging/) }]);
  const broken = report.rows.filter((row) => row.verdict === 'regression');
  expect(broken.map((row) => row.journey).sort()).toEqual([...CHALLENGED].sort());
  for (const row of broken) {
    // Each reason names the journey and where its customer ended up.
    expect(report.reasons).toContain(`regression: ${row.title}: ${row.explanation}`);
    expect(row.candidate.actual).toMatch(/stranded at https:\/\/staging\.shop\.example\.com\/checkout\/returned \(HTTP 404\)$/);
  }
  const markdown = comment(report);
  expect(markdown).toContain('/payments/returnUrl');
  expect(markdown).toContain('/stripe/keySet');
}, 300_000);

test('--allow-inconclusive with every Stripe call failing is not a pass: the gate could not decide', async () => {
  // Nothing listens on port 9 (discard) on loopback: every Stripe request is refused.
  const unreachable: Targets = { ...world.targets, stripeEndpoint: { host: '127.0.0.1', port: 9, protocol: 'http' } };
  const report = await gate(staging((config) => (config.payments.statementDescriptorSuffix = 'SHOP EU')), { allowInconclusive: true }, unreachable);
  expect(report.rows.every((row) => row.candidate.verdict === 'inconclusive')).toBe(true);
  expect(report).toMatchObject({ verdict: 'undecided', passed: false });
  expect(gateRunVerdict([report])).toBe('undecided');
}, 300_000);

describe('a --config-dir that does not exist (a typo in CI)', () => {
  let home: string;
  beforeAll(() => (home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-incidents-'))));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  test.each(['validate', 'gate --all'])('%s exits 2 naming the folder', async (command) => {
    const missing = path.join(home, 'config', 'environmnets');
    const result = await runCli(['--config-dir', missing, ...command.split(' ')], { STRIPE_CONFIG_HOME: home });
    expect(result.stderr).toContain(`error: no environments in ${missing} (no such folder)`);
    expect(result.code).toBe(2);
  }, 60_000);
});
