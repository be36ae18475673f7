/**
 * Every path on which the tool sends customers back to the loopback shop runs examples/shop on the
 * packaged runtime: the gate's candidate and baseline journeys, the declared runtime's journeys of
 * the version-skew check, and the smoke journeys after deploy and rollback (ops/check-policy.ts and
 * ops/runtime-skew.ts, which gate, deploy and rollback call). Each path is asked, once its shop is
 * up, what the shop itself says it runs (GET /healthz: the version of the `stripe-config/runtime`
 * it imports, or of the release the skew check hands it). A scripted customer stands in for
 * Chromium: what is observed here is the shop, not the 3DS pages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CustomerBrowser } from '../../../checks';
import { locationOf, validateEnvironmentValue, type ValidatedEnvironment } from '../../../config';
import { candidateChecks, deployedChecks, smokeChecks } from '../../../ops/check-policy';
import { installExampleShopRuntime } from '../../../ops/example-shop';
import { checkDeclaredRuntime } from '../../../ops/runtime-skew';
import { seedDeployedDocuments } from '../../helpers/deployed-documents';
import { sampleEnvironment } from '../../helpers/environments';
import { INSTALL_TIMEOUT_MS } from '../../helpers/example-shop';
import { openTestWorld, type TestWorld } from '../../helpers/world';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TOOL_VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** A real older release (test/fixtures/runtimes/README.md), installed as the skew check installs a declared runtime. */
const OLD_RUNTIME = path.join(ROOT, 'test', 'fixtures', 'runtimes', 'stripe-config-0.1.0-main.9198eff.tgz');

/** The challenge cannot be answered here: challenged journeys end inconclusive, after the shop was started and asked. */
const noBrowser: CustomerBrowser = {
  authenticate: async () => {
    throw new Error('no browser in this test');
  },
  close: async () => undefined,
};

/** What each loopback shop said about itself, in the order they started. */
let seen: Array<{ status: string; environment: string; runtimeVersion: string }>;
const onShop = async ({ url }: { url: string }) => {
  seen.push((await (await fetch(`${url}/healthz`)).json()) as { status: string; environment: string; runtimeVersion: string });
};

let world: TestWorld;
let staging: ValidatedEnvironment;
beforeAll(async () => {
  await installExampleShopRuntime();
  world = await openTestWorld();
  staging = sampleEnvironment('staging');
  await seedDeployedDocuments(world.targets, [staging]);
}, INSTALL_TIMEOUT_MS);
afterAll(async () => world?.close());
beforeEach(() => (seen = []));

test("the gate's candidate journeys run the shop on the packaged repository runtime", async () => {
  await candidateChecks(world.targets, staging, noBrowser, { onShop })(staging.rendered.document);
  expect(seen).toEqual([{ status: 'ok', environment: 'staging', runtimeVersion: TOOL_VERSION }]);
});

test("the gate's baseline journeys (the deployed document) run the shop on the packaged repository runtime", async () => {
  await deployedChecks(world.targets, locationOf(staging).region, noBrowser, { onShop })(staging.rendered.document);
  expect(seen).toEqual([{ status: 'ok', environment: 'staging', runtimeVersion: TOOL_VERSION }]);
});

test('the smoke journeys after deploy and rollback run the shop on the packaged repository runtime', async () => {
  await smokeChecks(world.targets, locationOf(staging).region, noBrowser, undefined, { onShop })(staging.rendered.document);
  expect(seen).toEqual([{ status: 'ok', environment: 'staging', runtimeVersion: TOOL_VERSION }]);
});

test("the version-skew check runs the shop on the release the checkout service declares", async () => {
  const config = structuredClone(staging.config);
  config.checkout = { runtime: { tarball: OLD_RUNTIME } };
  const { validated, problems } = validateEnvironmentValue('staging', config);
  expect(problems).toEqual([]);
  const result = await checkDeclaredRuntime({
    environment: validated!,
    targets: world.targets,
    // The repository's cache of declared runtimes, as a second gate on this clone reuses it (the first install takes ~20 s).
    workspace: { ...world.workspace, runtimes: path.join(ROOT, '.stripe-config', 'runtimes') },
    browser: noBrowser,
    candidateResults: [],
    deployedJson: staging.rendered.json,
    observe: { onShop },
  });
  expect(result?.skew.deployed.version).toBe('0.1.0-main.9198eff');
  expect(seen).toEqual([{ status: 'ok', environment: 'staging', runtimeVersion: '0.1.0-main.9198eff' }]);
}, INSTALL_TIMEOUT_MS);
