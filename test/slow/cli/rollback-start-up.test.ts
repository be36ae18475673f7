/**
 * On-call's rollback, attached to a running `emulate` as on a laptop next to AWS: the verified move
 * is printed before the smoke, and nothing the move does not use is loaded before it (the
 * TypeScript compiler, Playwright, cdktf, the Stripe SDK: docs/ARCHITECTURE.md, "Each command loads
 * only what it uses"; the time it saves is in docs/BENCHMARKS.md section 1).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateSecretCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { locationOf } from '../../../config';
import { EMBEDDED_KEY_SETS, localSecretsManagerClient, openWorkspace, startLocalWorld, type LocalWorld } from '../../../ops';
import { runCli, type CliResult } from '../../helpers/cli';
import { sampleEnvironment } from '../../helpers/environments';

const GOOD = sampleEnvironment('staging');
const BAD_JSON = GOOD.rendered.json.replace('"automatic"', '"any"');
const LOCATION = locationOf(GOOD);
const HEAVY = ['typescript', 'playwright-core', 'cdktf', '@cdktf/provider-aws', 'stripe'];
const REPORTER = path.resolve(__dirname, '..', '..', 'helpers', 'report-loaded-packages.js');

let home: string;
let emulate: LocalWorld;
let result: CliResult;

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-rollback-start-up-'));
  emulate = await startLocalWorld(openWorkspace(home), { share: true });
  const client = localSecretsManagerClient(emulate.secretsManagerUrl, LOCATION.region);
  try {
    // What a deploy leaves: the key set the document names (the smoke reads it as checkout does), two versions.
    const account = emulate.accounts.find((candidate) => candidate.id === EMBEDDED_KEY_SETS[GOOD.config.stripe.keySet].account)!;
    const material = { secretKey: account.secretKey, webhookSigningSecret: account.webhookSigningSecret };
    await client.send(new CreateSecretCommand({ Name: GOOD.rendered.document.stripe.keySetSecretId, SecretString: JSON.stringify(material) }));
    await client.send(new CreateSecretCommand({ Name: LOCATION.configSecretId, SecretString: GOOD.rendered.json }));
    await client.send(new PutSecretValueCommand({ SecretId: LOCATION.configSecretId, SecretString: BAD_JSON }));
  } finally {
    client.destroy();
  }
  result = await runCli(['rollback', 'staging', '--reason', 'start-up test'], {
    STRIPE_CONFIG_HOME: home,
    NODE_OPTIONS: `--require ${REPORTER}`,
    REPORT_LOADED_AT: '\\(verified\\)',
    REPORT_LOADED_PACKAGES: ['@aws-sdk/client-secrets-manager', ...HEAVY].join(','),
  });
}, 180_000);

afterAll(async () => {
  await emulate?.close();
  rmSync(home, { recursive: true, force: true });
});

test('the verified move is printed before the smoke, and the smoke passes', () => {
  expect(result).toMatchObject({ code: 0, stderr: expect.not.stringMatching(/error/) });
  const verified = result.stdout.indexOf('(verified)');
  expect(verified).toBeGreaterThan(-1);
  expect(result.stdout.indexOf('staging smoke')).toBeGreaterThan(verified);
  expect(result.stdout).toMatch(/smoke: PASS\n$/);
});

test('before the move it loads the Secrets Manager client and none of the compiler, Playwright, cdktf or the Stripe SDK', () => {
  expect(result.stderr).toContain('loaded before: ["@aws-sdk/client-secrets-manager"]\n');
});
