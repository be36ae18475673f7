/**
 * The runtime as a shop gets it (issue 12): build the package, `npm pack` it, install the tarball
 * into an empty project with production dependencies only (offline, from npm's cache), then run a
 * CommonJS and an ES module service against the stand-ins, and type-check a TypeScript one
 * against the installed declarations. One build, pack and install serve every test of the file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startSecretsManagerEmulator, type SecretsManagerEmulator } from '../../../emulators/secrets-manager';
import { startStripeEmulator, type StripeEmulator } from '../../../emulators/stripe';
import { createStripeClient, type RuntimeDocument } from '../../../runtime';
import { buildRuntimePackage, installPackedRuntime, packRuntimePackage, RUNTIME_DEPENDENCIES, type PackedRuntime, type RuntimePackage } from '../../../scripts/runtime-package';
import { sampleEnvironment } from '../../helpers/environments';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');
const run = promisify(execFile);
const CONFIG_SECRET_ID = 'stripe-config/staging/config';
const SECRET_KEY = 'sk_test_runtimePackageShop1234';
const AMOUNT = 1999;

/** The service both module forms run: exactly the steps docs/ARCHITECTURE.md tells a team to take. */
const SERVICE_BODY = `
const secrets = new SecretsManagerClient({});
const config = createConfigLoader({ client: secrets, secretId: process.env.CONFIG_SECRET_ID });
const { document, versionId } = await config.get();
const keys = await loadKeySet(secrets, document.stripe.keySetSecretId);
const stripe = createStripeClient({
  secretKey: keys.secretKey,
  apiVersion: document.stripe.apiVersion,
  endpoint: { host: '127.0.0.1', port: Number(process.env.STRIPE_PORT), protocol: 'http' },
});
const outcome = await createCheckout({ document, stripe }).pay({ amount: ${AMOUNT}, paymentMethodId: 'pm_card_visa' });
const refused = parseRuntimeDocument(JSON.stringify({ ...document, schemaVersion: 3 }));
const report = { environment: document.environment, versionId, outcome, supportedSchemaVersions: SUPPORTED_SCHEMA_VERSIONS, refused };
`;
const RUNTIME_NAMES = 'createCheckout, createConfigLoader, createStripeClient, loadKeySet, parseRuntimeDocument, StripeConfigError, SUPPORTED_SCHEMA_VERSIONS';

const COMMONJS_SERVICE = `'use strict';
const { ${RUNTIME_NAMES} } = require('stripe-config/runtime');
const { SecretsManagerClient } = require('@aws-sdk/client-secrets-manager');
(async () => {${SERVICE_BODY}
  console.log(JSON.stringify({ ...report, resolved: require.resolve('stripe-config/runtime') }));
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

const ES_MODULE_SERVICE = `import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ${RUNTIME_NAMES} } from 'stripe-config/runtime';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
${SERVICE_BODY}
const required = createRequire(import.meta.url)('stripe-config/runtime');
console.log(JSON.stringify({
  ...report,
  resolved: fileURLToPath(import.meta.resolve('stripe-config/runtime')),
  sameModuleAsRequire: required.StripeConfigError === StripeConfigError && required.createCheckout === createCheckout,
}));
`;

/** TypeScript services; each @ts-expect-error fails the check if the declarations were missing or \`any\`. */
const TYPESCRIPT_USE = `
async function pay(secrets: SecretsManagerClient, paymentMethodId: string): Promise<string> {
  const config = createConfigLoader({ client: secrets, secretId: 'cfg', onRejected: (reason: ConfigRejection) => console.warn(reason.unsupportedSchemaVersion) });
  const { document }: { document: RuntimeDocument } = await config.get();
  const keys = await loadKeySet(secrets, document.stripe.keySetSecretId);
  const stripe = createStripeClient({ secretKey: keys.secretKey, apiVersion: document.stripe.apiVersion });
  // @ts-expect-error the client is stripe-node's, fully typed
  void stripe.noSuchResource;
  const checkout = createCheckout({ document, stripe });
  // @ts-expect-error amounts are numbers in the currency's minor unit
  await checkout.pay({ amount: '19.99', paymentMethodId });
  const outcome: CheckoutOutcome = await checkout.pay({ amount: 1999, paymentMethodId });
  // @ts-expect-error 'refunded' is not a checkout status
  const never: CheckoutStatus = 'refunded';
  void never;
  const versions: readonly number[] = SUPPORTED_SCHEMA_VERSIONS;
  void versions;
  return outcome.status === 'declined' ? outcome.customerMessage : outcome.status;
}
void pay;
`;
const TYPE_NAMES = 'createCheckout, createConfigLoader, createStripeClient, loadKeySet, SUPPORTED_SCHEMA_VERSIONS, type CheckoutOutcome, type CheckoutStatus, type ConfigRejection, type RuntimeDocument';
const TYPESCRIPT_COMMONJS = `import { ${TYPE_NAMES} } from 'stripe-config/runtime';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import runtime = require('stripe-config/runtime');
void runtime.createCheckout;
${TYPESCRIPT_USE}`;
const TYPESCRIPT_ES_MODULE = `import { ${TYPE_NAMES} } from 'stripe-config/runtime';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
// @ts-expect-error the ES module entry has named exports only, as Node gives it
import runtimeDefault from 'stripe-config/runtime';
void runtimeDefault;
${TYPESCRIPT_USE}`;

interface ServiceReport {
  environment: string;
  versionId: string;
  outcome: { status: string; paymentIntentId?: string };
  supportedSchemaVersions: number[];
  refused: { problems: Array<{ path: string; message: string }>; unsupportedSchemaVersion?: number };
  resolved: string;
  sameModuleAsRequire?: boolean;
}

describe('the runtime as a package a shop installs', () => {
  let work: string;
  let built: RuntimePackage;
  let packed: PackedRuntime;
  let shop: string;
  let secretsManager: SecretsManagerEmulator | undefined;
  let stripe: StripeEmulator | undefined;
  const document = JSON.parse(sampleEnvironment('staging').rendered.json) as RuntimeDocument;

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-runtime-package-'));
    shop = path.join(work, 'shop');
    built = buildRuntimePackage({ outDir: path.join(work, 'package') });
    packed = await packRuntimePackage(built.dir, work);
    await installPackedRuntime({ tarball: packed.tarball, projectDir: shop, dependencies: built.dependencies });

    [secretsManager, stripe] = await Promise.all([startSecretsManagerEmulator(), startStripeEmulator()]);
    const client = new SecretsManagerClient({ region: 'us-east-1', endpoint: secretsManager.url, credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' } });
    await client.send(new CreateSecretCommand({ Name: CONFIG_SECRET_ID, SecretString: JSON.stringify(document) }));
    await client.send(new CreateSecretCommand({ Name: document.stripe.keySetSecretId, SecretString: JSON.stringify({ secretKey: SECRET_KEY }) }));
    client.destroy();
  }, 240_000);

  afterAll(async () => {
    await Promise.all([secretsManager?.close(), stripe?.close()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Runs a service file in the shop's project, with only the environment a deployed service would have. */
  async function runService(file: string, text: string): Promise<ServiceReport> {
    writeFileSync(path.join(shop, file), text);
    const { stdout } = await run(process.execPath, [file], {
      cwd: shop,
      timeout: 30_000,
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager!.url,
        AWS_EC2_METADATA_DISABLED: 'true',
        CONFIG_SECRET_ID,
        STRIPE_PORT: String(stripe!.port),
      },
    });
    return JSON.parse(stdout) as ServiceReport;
  }

  /** The PaymentIntent as the Stripe stand-in holds it, to see that the service paid with the document's settings. */
  async function storedIntent(id: string) {
    const client = createStripeClient({ secretKey: SECRET_KEY, apiVersion: document.stripe.apiVersion, endpoint: { host: stripe!.host, port: stripe!.port, protocol: 'http' } });
    return client.paymentIntents.retrieve(id);
  }

  test('the tarball holds the runtime build, its declarations, package.json and a README: nothing of the tool', () => {
    expect(packed.files).toEqual(expect.arrayContaining(['README.md', 'package.json', 'runtime/index.js', 'runtime/index.mjs', 'runtime/index.d.ts', 'runtime/index.d.mts']));
    expect(packed.files.filter((file) => !/^runtime\/.+\.(js|mjs|d\.ts|d\.mts)$/.test(file) && !['README.md', 'package.json'].includes(file))).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(shop, 'node_modules', 'stripe-config', 'package.json'), 'utf8'));
    const tool = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'stripe-config', version: tool.version, engines: tool.engines, exports: { './runtime': { import: expect.any(Object), require: expect.any(Object) } } });
    expect(manifest.dependencies).toEqual(Object.fromEntries(RUNTIME_DEPENDENCIES.map((name) => [name, tool.dependencies[name]])));
  });

  test('the install has the runtime and its dependencies, and none of the tool’s own dependencies', () => {
    const tool = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const toolOnly = Object.keys({ ...tool.dependencies, ...tool.devDependencies }).filter((name) => !(RUNTIME_DEPENDENCIES as readonly string[]).includes(name));
    const installed = installedPackages(path.join(shop, 'node_modules'));
    expect(toolOnly).toEqual(expect.arrayContaining(['cdktf', 'playwright-core', 'typescript', 'commander', 'tsx']));
    expect(installed).toEqual(expect.arrayContaining(['stripe-config', ...RUNTIME_DEPENDENCIES]));
    expect(installed.filter((name) => toolOnly.includes(name) || /^@cdktf\/|^playwright/.test(name))).toEqual([]);
  });

  test('a CommonJS service requires stripe-config/runtime and takes a frictionless payment through the stand-ins', async () => {
    const report = await runService('service.cjs', COMMONJS_SERVICE);
    expect(report).toMatchObject({ environment: 'staging', outcome: { status: 'paid', paymentIntentId: expect.stringMatching(/^pi_/) }, supportedSchemaVersions: [1, 2] });
    expect(report.resolved).toBe(path.join(shop, 'node_modules', 'stripe-config', 'runtime', 'index.js'));
    const intent = await storedIntent(report.outcome.paymentIntentId!);
    expect(intent).toMatchObject({ status: 'succeeded', amount: AMOUNT, currency: document.payments.currency, statement_descriptor_suffix: document.payments.statementDescriptorSuffix });
  });

  test('an ES module service imports stripe-config/runtime, pays, and shares one module with require', async () => {
    const report = await runService('service.mjs', ES_MODULE_SERVICE);
    expect(report).toMatchObject({ environment: 'staging', outcome: { status: 'paid', paymentIntentId: expect.stringMatching(/^pi_/) }, sameModuleAsRequire: true });
    expect(report.resolved).toBe(path.join(shop, 'node_modules', 'stripe-config', 'runtime', 'index.mjs'));
    expect((await storedIntent(report.outcome.paymentIntentId!)).status).toBe('succeeded');
  });

  test('the installed runtime refuses a document in a newer schema version with one clear problem', async () => {
    const report = await runService('service.cjs', COMMONJS_SERVICE);
    expect(report.refused).toEqual({
      unsupportedSchemaVersion: 3,
      problems: [{ path: '/schemaVersion', message: expect.stringMatching(/^schema version 3 is newer than this runtime understands \(1, 2\); upgrade stripe-config\/runtime/) }],
    });
  });

  test('TypeScript services, CommonJS and ES module, type-check against the installed declarations', async () => {
    writeFileSync(path.join(shop, 'service.ts'), TYPESCRIPT_COMMONJS);
    writeFileSync(path.join(shop, 'service.mts'), TYPESCRIPT_ES_MODULE);
    writeFileSync(
      path.join(shop, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          // A Node service has @types/node; the shop's project here borrows the repository's.
          typeRoots: [path.join(PROJECT_ROOT, 'node_modules', '@types')],
          types: ['node'],
        },
        files: ['service.ts', 'service.mts'],
      }),
    );
    const tsc = path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const output = await run(process.execPath, [tsc, '-p', 'tsconfig.json', '--listFiles'], { cwd: shop, timeout: 80_000 }).then(
      ({ stdout }) => stdout,
      (error: { stdout?: string; message: string }) => error.stdout || error.message,
    );
    expect(output.split('\n').filter((line) => line.includes('error TS'))).toEqual([]);
    // import resolved to the ES module declarations, require to the CommonJS ones
    expect(output).toContain(path.join(shop, 'node_modules', 'stripe-config', 'runtime', 'index.d.mts'));
    expect(output).toContain(path.join(shop, 'node_modules', 'stripe-config', 'runtime', 'index.d.ts'));
  }, 90_000);
});

/** Package names under a node_modules folder, nested ones included. */
function installedPackages(nodeModules: string): string[] {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const scoped = entry.name.startsWith('@');
      for (const name of scoped ? readdirSync(path.join(dir, entry.name)).map((child) => `${entry.name}/${child}`) : [entry.name]) {
        names.add(name);
        const nested = path.join(dir, name, 'node_modules');
        if (readdirSync(path.join(dir, name)).includes('node_modules')) visit(nested);
      }
    }
  };
  visit(nodeModules);
  return [...names].sort();
}
