/**
 * stripe-config CLI: parse arguments, call one library function, print, exit.
 * Exit codes: 0 ok, 1 checks or validation failed, 2 usage or config error, 3 rollback refused or
 * conflicting, 4 infrastructure (Terraform, browser, key material) failed.
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import {
  inspectEnvironments,
  invalidEnvironmentError,
  listEnvironments,
  loadEnvironment,
  locateEnvironment,
  type LoadOptions,
  type ValidatedEnvironment,
} from '../config';
import {
  deployEnvironment,
  environmentHistory,
  gateEnvironments,
  openTargets,
  openWorkspace,
  rollbackEnvironment,
  runChecks,
  SMOKE_JOURNEYS,
  targetKind,
  withBrowser,
  type Targets,
  type TargetKind,
  type CommandErrorCode,
  OpsError,
} from '../ops';
import { StripeConfigError, type RuntimeDocument } from '../runtime';
import { synthesizeStacks } from '../stacks';
import { serveEmulators } from './emulate';
import { gateMarkdown } from './markdown';
import { formatChecks, formatDeploy, formatGate, formatHistory, formatRollback, formatValidation } from './output';

const EXIT: Record<CommandErrorCode, number> = {
  config_invalid: 2,
  config_not_found: 2,
  config_type_error: 2,
  usage: 2,
  document_invalid: 1,
  checks_failed: 1,
  live_keys_refused: 2,
  rollback_refused: 3,
  rollback_conflict: 3,
  deploy_verification_failed: 1,
  key_material_missing: 4,
  terraform_failed: 4,
  browser_unavailable: 4,
};

interface GlobalOptions {
  aws?: TargetKind;
  stripe?: TargetKind;
  configDir?: string;
}

const program = new Command('stripe-config')
  .description('Typed Stripe configuration, checked with 3DS journeys before it deploys, rolled back in a second.')
  .addOption(new Option('--aws <target>', 'Secrets Manager: the local stand-in or real AWS').choices(['local', 'real']))
  .addOption(new Option('--stripe <target>', 'Stripe: the local stand-in or real test mode').choices(['local', 'real']))
  .option('--config-dir <dir>', 'folder of environment files (default config/environments)')
  .showHelpAfterError();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();
const loadOptions = (): LoadOptions => ({ configDir: globals().configDir });
const environmentsOrAll = (names: string[]): string[] => (names.length > 0 ? names : listEnvironments(loadOptions().configDir));

async function withTargets<T>(work: (targets: Targets) => Promise<T>): Promise<T> {
  const targets = await openTargets(openWorkspace(), { aws: globals().aws, stripe: globals().stripe });
  try {
    return await work(targets);
  } finally {
    await targets.close();
  }
}

/** The full journey matrix for a candidate, with the key material a deploy would use. */
function candidateChecks(targets: Targets, environment: ValidatedEnvironment) {
  const region = environment.config.infrastructure.region;
  return (document: RuntimeDocument) => withBrowser(targets, (browser) => runChecks(targets, browser, { document, region, candidate: environment }));
}

/** The smoke subset, reading keys from Secrets Manager as the checkout service would. */
function smokeIn(targets: Targets, region: string) {
  return (document: RuntimeDocument) => withBrowser(targets, (browser) => runChecks(targets, browser, { document, region, journeys: SMOKE_JOURNEYS }));
}

program
  .command('validate')
  .description('type-check and validate environments; every problem with its field path')
  .argument('[environments...]', 'default: all')
  .action((names: string[]) => {
    const reports = inspectEnvironments(environmentsOrAll(names), loadOptions());
    console.log(formatValidation(reports));
    process.exitCode = reports.every((report) => report.validated) ? 0 : 1;
  });

program
  .command('synth')
  .description('synthesize the CDKTF stacks into .stripe-config/cdktf.out')
  .argument('[environments...]', 'default: all')
  .action((names: string[]) => {
    const environments = environmentsOrAll(names).map((name) => loadEnvironment(name, loadOptions()));
    const workspace = openWorkspace();
    const target = targetKind(globals().aws, 'STRIPE_CONFIG_AWS') === 'real' ? 'aws' : 'local';
    for (const stack of synthesizeStacks(environments, { outdir: workspace.synthDir, stateDir: workspace.stateDir(target), target })) {
      console.log(`${stack.environment}: ${stack.file}`);
    }
  });

program
  .command('gate')
  .description('validate, synth, terraform plan, and the journey matrix (candidate vs deployed)')
  .argument('[environments...]', 'default: all')
  .option('--all', 'every environment (the default when none is named)')
  .option('--allow-inconclusive', 'do not fail on journeys that could not be judged')
  .option('--report <file>', 'also write the result as Markdown (the pull request comment)')
  .action(async (names: string[], options: { allowInconclusive?: boolean; report?: string }) => {
    const reports = inspectEnvironments(environmentsOrAll(names), loadOptions());
    const invalid = reports.filter((report) => !report.validated);
    if (invalid.length > 0) throw invalidEnvironmentError(invalid[0]);
    const gated = await withTargets((targets) =>
      gateEnvironments(
        reports.map((report) => report.validated!),
        targets,
        openWorkspace(),
        { allowInconclusive: options.allowInconclusive },
      ),
    );
    console.log(formatGate(gated));
    if (options.report) writeFileSync(options.report, gateMarkdown(gated));
    process.exitCode = gated.every((report) => report.passed) ? 0 : 1;
  });

program
  .command('check')
  .description('run the journey matrix with the candidate settings only')
  .argument('<environment>')
  .action(async (name: string) => {
    const environment = loadEnvironment(name, loadOptions());
    const results = await withTargets((targets) => candidateChecks(targets, environment)(environment.rendered.document));
    console.log(formatChecks(name, results));
    process.exitCode = results.every((result) => result.verdict === 'pass') ? 0 : 1;
  });

program
  .command('deploy')
  .description('journeys with the candidate, terraform apply, read the document back, smoke; rolls back by itself if the smoke fails')
  .argument('<environment>')
  .action(async (name: string) => {
    const environment = loadEnvironment(name, loadOptions());
    const report = await withTargets((targets) =>
      deployEnvironment(environment, targets, openWorkspace(), {
        precheck: candidateChecks(targets, environment),
        smoke: smokeIn(targets, environment.config.infrastructure.region),
      }),
    );
    console.log(formatDeploy(report));
    process.exitCode = report.smokePassed ? 0 : 1;
  });

program
  .command('rollback')
  .description('make the previous version current again (compare-and-swap), verify, smoke, record')
  .argument('<environment>')
  .option('--reason <text>', 'why, for the audit record')
  .option('--region <region>', 'with --secret-id: act without reading the config file')
  .option('--secret-id <id>', 'the config secret (name or ARN)')
  .action(async (name: string, options: { reason?: string; region?: string; secretId?: string }) => {
    if (Boolean(options.region) !== Boolean(options.secretId)) {
      throw new OpsError('usage', '--region and --secret-id go together: give both, or neither to read them from the config file');
    }
    const location =
      options.region && options.secretId
        ? { environment: name, region: options.region, configSecretId: options.secretId }
        : locateEnvironment(name, loadOptions());
    const report = await withTargets((targets) =>
      rollbackEnvironment(location, targets, openWorkspace(), { reason: options.reason, smoke: smokeIn(targets, location.region) }),
    );
    console.log(formatRollback(report));
    process.exitCode = report.smokePassed ? 0 : 1;
  });

program
  .command('history')
  .description("the config secret's versions and labels, and the recorded deploys and rollbacks")
  .argument('<environment>')
  .action(async (name: string) => {
    const location = locateEnvironment(name, loadOptions());
    console.log(formatHistory(await withTargets((targets) => environmentHistory(location, targets, openWorkspace()))));
  });

program
  .command('emulate')
  .description('run the local Secrets Manager and Stripe stand-ins in the foreground on 127.0.0.1')
  .option('--aws-port <port>', 'Secrets Manager stand-in port (default random)', parsePort)
  .option('--stripe-port <port>', 'Stripe stand-in port (default random)', parsePort)
  .action(async (options: { awsPort?: number; stripePort?: number }) => {
    await serveEmulators(openWorkspace(), options, (line) => console.log(line));
  });

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new OpsError('usage', `not a port number: "${value}"`);
  return port;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof StripeConfigError) {
      // Every folder's errors extend the runtime's class; ops/errors.ts lists all their codes.
      const { code, message, hint } = error as StripeConfigError<CommandErrorCode>;
      console.error(`error: ${message}${hint ? `\nhint: ${hint}` : ''}`);
      process.exitCode = EXIT[code];
      return;
    }
    console.error(`unexpected error: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 4;
  }
}

if (require.main === module) void main(process.argv);
