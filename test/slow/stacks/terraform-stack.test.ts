/**
 * The development stack with the real `terraform` and hashicorp/aws 5.100.0 against the stand-ins:
 * deployed once for the file (a recognisable fake key set planted), planned again, then destroyed.
 * - Key material never passes through Terraform: it is looked for everywhere Terraform leaves a trace.
 * - The stack applies (the deploy's own saved plan), plans no changes after, and destroys.
 * Every Terraform run costs a provider start that loads its whole schema (seconds of CPU), so the
 * file makes six: the deploy's init, plan and apply; a traced plan and its `show`; `terraformPlan`
 * after the apply; and destroy, in the last describe's beforeAll. Each test only reads what those left.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { secretNamesFor } from '../../../config';
import {
  deployEnvironment,
  keySetEnvironmentVariable,
  keySetVersionToken,
  terraformDestroy,
  terraformPlan,
  type DeployReport,
  type PlanSummary,
  type TerraformContext,
} from '../../../ops';
import { sampleEnvironment } from '../../helpers/environments';
import { openTestWorld, type TestWorld } from '../../helpers/world';

const PLANTED = 'PLANTEDiam10';
const MATERIAL = { secretKey: `sk_test_${PLANTED}FakeSecretKey00000000`, webhookSigningSecret: `whsec_${PLANTED}FakeWebhookSecret000` };
const KEY_SET = 'development-2026-11';

let world: TestWorld;
let context: TerraformContext;
let deployed: DeployReport;
let traceLog: string;
let planText: string;
let planJson: string;
let planAfterApply: PlanSummary;
const environment = sampleEnvironment('development');
const names = secretNamesFor('development', environment.config);
const client = () => world.targets.secretsManager('eu-west-1');
const stateFile = () => path.join(world.workspace.stateDir('local'), 'development.tfstate');

/** Runs terraform in the stack folder exactly as ops/terraform.ts does (its variables, environment and CLI config). */
function terraform(args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...context.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_LOG: 'TRACE', TF_LOG_PATH: traceLog };
  if (context.cliConfigFile) env.TF_CLI_CONFIG_FILE = context.cliConfigFile;
  for (const [name, value] of Object.entries(context.variables)) env[`TF_VAR_${name}`] = value;
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { cwd: context.directory, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`terraform ${args[0]} exited ${code}:\n${output}`))));
  });
}

/** Every file under a folder, as text. */
function filesUnder(dir: string): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === '.terraform' ? [] : filesUnder(file);
    return [{ file, text: readFileSync(file, 'latin1') }];
  });
}

beforeAll(async () => {
  world = await openTestWorld();
  traceLog = path.join(world.workspace.root, 'terraform-trace.log');
  process.env[keySetEnvironmentVariable(KEY_SET)] = JSON.stringify(MATERIAL);
  // Terraform's own trace log, with every request and response body the provider sends (TF_LOG=TRACE).
  process.env.TF_LOG = 'TRACE';
  process.env.TF_LOG_PATH = traceLog;
  try {
    deployed = await deployEnvironment(environment, world.targets, world.workspace, { precheck: false, smoke: false, force: true, reason: 'seeding a deployed version without the gate' });
  } finally {
    delete process.env.TF_LOG;
    delete process.env.TF_LOG_PATH;
  }
  context = await world.targets.terraformContext(environment, path.join(world.workspace.synthDir, 'stacks', 'development'));
  planText = await terraform(['plan', '-input=false', '-no-color', '-out=saved.tfplan']);
  planJson = await terraform(['show', '-json', '-no-color', 'saved.tfplan']);
  // From a shell that would send the provider elsewhere, or make it ignore the stand-in (ops/targets.ts
  // localEndpointEnvironment): the plan refreshes every resource, so it only comes out clean through the stand-in.
  const awsConfig = path.join(world.workspace.root, 'hostile-aws-config');
  writeFileSync(awsConfig, '[default]\nendpoint_url = http://127.0.0.1:9\nignore_configure_endpoint_urls = true\n');
  const hostile = {
    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_CONFIG_FILE: awsConfig,
    AWS_PROFILE: 'default',
  };
  const saved = Object.fromEntries(Object.keys(hostile).map((name) => [name, process.env[name]]));
  Object.assign(process.env, hostile);
  try {
    planAfterApply = await terraformPlan(context);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}, 900_000);

afterAll(async () => {
  delete process.env[keySetEnvironmentVariable(KEY_SET)];
  await world?.close();
});

describe('key material stays out of Terraform', () => {
  test('the deploy stored the key set, written by the SDK as the version named by its fingerprint', async () => {
    const stored = await client().send(new GetSecretValueCommand({ SecretId: names.keySet(KEY_SET) }));
    expect(JSON.parse(stored.SecretString!)).toEqual(MATERIAL);
    expect(stored.VersionId).toBe(keySetVersionToken(MATERIAL));
  });

  test('the synthesized stack holds none of it', () => {
    const files = filesUnder(world.workspace.synthDir);
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter(({ text }) => text.includes(PLANTED)).map(({ file }) => file)).toEqual([]);
  });

  test('the Terraform state holds none of it, while it holds the config document', () => {
    const state = readFileSync(stateFile(), 'utf8');
    expect(state).toContain(JSON.stringify(environment.rendered.json).slice(1, 40));
    expect(state).not.toContain(PLANTED);
  });

  test('plan output and the saved plan hold none of it, and the plan is clean', () => {
    expect(planText).toMatch(/No changes\./);
    expect(planText).not.toContain(PLANTED);
    expect(JSON.parse(planJson).resource_changes.every((change: { change: { actions: string[] } }) => change.change.actions.join() === 'no-op')).toBe(true);
    expect(planJson).not.toContain(PLANTED);
  });

  test("Terraform's trace log of apply, plan and show holds none of it: Terraform never sent or read it", () => {
    const log = readFileSync(traceLog, 'utf8');
    // The trace does carry request bodies (the config document's version went through it), so absence means something.
    expect(log).toContain('PutSecretValue');
    expect(log).toContain(environment.config.stripe.publishableKey);
    expect(log).not.toContain(PLANTED);
  });

  test('no file the run left in the workspace holds it but the Secrets Manager stand-in\'s own store', () => {
    // Audit records and the ledger included; the stand-in's state file is where Secrets Manager keeps values.
    const files = filesUnder(world.workspace.root).filter(({ file }) => file !== world.workspace.secretsManagerState);
    expect(files.map(({ file }) => file)).toContain(stateFile());
    expect(files.filter(({ text }) => text.includes(PLANTED)).map(({ file }) => file)).toEqual([]);
    expect(readFileSync(world.workspace.secretsManagerState, 'utf8')).toContain(PLANTED);
  });
});

describe('a stack with the real terraform and the hashicorp/aws 5.100.0 provider', () => {
  test('the first plan adds the five resources', () => {
    // Config secret and version, the key set's secret, two resource policies: the key set's material is no resource.
    expect(deployed.plan).toMatchObject({ changed: true, add: 5, change: 0, destroy: 0 });
  });

  test('applies: the document as a Terraform version, the key set written by the SDK', async () => {
    const stored = await client().send(new GetSecretValueCommand({ SecretId: names.config }));
    expect(stored.SecretString).toBe(environment.rendered.json);
    expect(stored.VersionId).toMatch(/^terraform-\d{26}$/);
    const keySet = await client().send(new GetSecretValueCommand({ SecretId: names.keySet('development-2026-11') }));
    expect(JSON.parse(keySet.SecretString!)).toEqual({ secretKey: expect.stringMatching(/^sk_test_/), webhookSigningSecret: expect.stringMatching(/^whsec_/) });

    // The material, written through the SDK, never reaches the state; the policy and tags do.
    const state = readFileSync(stateFile(), 'utf8');
    expect(state).not.toContain(JSON.parse(keySet.SecretString!).secretKey);
    expect(state).toContain('OnlyStripeConfigRoles');
    const described = await client().send(new DescribeSecretCommand({ SecretId: names.config }));
    expect(described.Tags).toEqual(expect.arrayContaining([{ Key: 'stripe-config:environment', Value: 'development' }]));
  });

  test('plans no changes after the apply, refreshing through the stand-in even from a shell set to send the provider elsewhere', () => {
    expect(planAfterApply).toMatchObject({ changed: false, changes: [] });
  });

  // Last: it removes what every test above reads.
  describe('then destroyed', () => {
    beforeAll(async () => {
      await terraformDestroy(context);
    }, 300_000);

    test('against the Secrets Manager stand-in', async () => {
      // recovery_window_in_days = 0 in development: force-deleted, gone at once.
      await expect(client().send(new DescribeSecretCommand({ SecretId: names.config }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });
  });
});
