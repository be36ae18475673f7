/**
 * Runs the real `terraform` CLI on a synthesized stack. Key material goes in through TF_VAR_
 * environment variables (never arguments, never files: the key sets are ephemeral variables, which
 * a saved plan does not keep), and every line of output is redacted.
 *
 * Terraform dies with us: each child is started under `setpriv --pdeathsig SIGTERM` where it exists
 * (util-linux, Linux only), so if this process is killed, even with SIGKILL, the kernel sends
 * Terraform SIGTERM, on which it stops gracefully: it finishes the resource operation in flight,
 * writes the state and releases its state lock (Terraform docs, "terraform apply": an interrupt
 * stops gracefully). Without it an orphaned apply would finish on its own, after history had
 * already been told the deploy was interrupted.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OpsError } from './errors';
import { redact } from './redact';

export interface TerraformContext {
  /** Stack folder (holds cdk.tf.json). */
  directory: string;
  /** Terraform variables; passed as TF_VAR_<name> in the child's environment only. */
  variables: Record<string, string>;
  /** Extra environment for the provider (credentials, endpoints). */
  env: Record<string, string>;
  /** Secrets to scrub from any output we keep. */
  secrets: string[];
  /** Terraform CLI config file (provider mirror), if any. */
  cliConfigFile?: string;
  timeoutMs?: number;
}

export interface ResourceChange {
  address: string;
  /** create, update, replace or delete. */
  action: string;
}

export interface PlanSummary {
  changed: boolean;
  add: number;
  change: number;
  destroy: number;
  replace: number;
  changes: ResourceChange[];
}

const PROVIDER_SOURCE = path.join('registry.terraform.io', 'hashicorp', 'aws');

/** Finds a filesystem mirror holding hashicorp/aws (CI images ship one; $TF_PROVIDER_MIRROR wins). */
export function findProviderMirror(): string | undefined {
  const candidates = [
    process.env.TF_PROVIDER_MIRROR,
    '/opt/tf-plugins',
    '/usr/share/terraform/plugins',
    '/usr/local/share/terraform/plugins',
    path.join(os.homedir(), '.terraform.d', 'plugins'),
  ].filter((candidate): candidate is string => Boolean(candidate));
  return candidates.find((dir) => existsSync(path.join(dir, PROVIDER_SOURCE)) && readdirSync(path.join(dir, PROVIDER_SOURCE)).length > 0);
}

/**
 * Writes a CLI config of our own that installs hashicorp/aws from the mirror and everything else
 * directly; the user's ~/.terraformrc is never touched. Returns undefined when there is no mirror.
 */
export function writeTerraformCliConfig(file: string, mirror = findProviderMirror()): string | undefined {
  if (!mirror) return undefined;
  writeFileSync(
    file,
    [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/hashicorp/aws"]',
      '  }',
      '  direct {',
      '    exclude = ["registry.terraform.io/hashicorp/aws"]',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  return file;
}

export type InitOutcome = 'initialised' | 'already initialised';

/**
 * `terraform init`, unless the stack folder is already initialised for the same backend, the same
 * required providers and modules, and the same provider installation (CLI config), with its lock
 * file, backend settings and installed providers as that init left them. Init costs about a second
 * of CPU even when the provider is only symlinked from the mirror, and gate and deploy run it each time.
 */
export async function terraformInit(context: TerraformContext): Promise<InitOutcome> {
  if (isInitialised(context)) return 'already initialised';
  // A failed or interrupted init must not leave a record saying the folder is ready.
  rmSync(initRecordFile(context), { force: true });
  // -reconfigure: the synthesized backend block may differ from the last init (e.g. a new state path).
  await runTerraform(['init', '-input=false', '-no-color', '-reconfigure'], context);
  recordInit(context);
  return 'initialised';
}

/** What recordInit keeps in the data directory after a successful init. */
interface InitRecord {
  /** sha256 of what init reads: the terraform and module blocks, and the CLI config. */
  inputs: string;
  /** sha256 of .terraform.lock.hcl as init left it ('' when there is none). */
  lockFile: string;
  /** sha256 of the backend settings init keeps (`<data dir>/terraform.tfstate`; '' when there are none). */
  backend: string;
  /** The provider packages init installed (`providers/<host>/<namespace>/<type>/<version>/<os_arch>`). */
  providers: string[];
}

/** True when the last init here (recordInit) was for what the folder says now, and everything it left is unchanged. */
export function isInitialised(context: TerraformContext): boolean {
  const now = currentInit(context);
  const file = initRecordFile(context);
  if (!now || !existsSync(file)) return false;
  let recorded: unknown;
  try {
    recorded = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  // existsSync follows the mirror's symlinks: a provider gone from the mirror means init again.
  return JSON.stringify(recorded) === JSON.stringify(now) && now.providers.every((provider) => existsSync(path.join(dataDirectory(context), provider)));
}

/** Records, after a successful init, what it was for and what it left (read back by isInitialised). */
export function recordInit(context: TerraformContext): void {
  const now = currentInit(context);
  if (now) writeFileSync(initRecordFile(context), `${JSON.stringify(now, null, 2)}\n`);
}

// Terraform's working data (backend settings, installed providers); TF_DATA_DIR moves it.
function dataDirectory(context: TerraformContext): string {
  return path.resolve(context.directory, context.env.TF_DATA_DIR ?? process.env.TF_DATA_DIR ?? '.terraform');
}

function initRecordFile(context: TerraformContext): string {
  return path.join(dataDirectory(context), 'stripe-config-init.json');
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const sha256OfFile = (file: string) => (existsSync(file) ? sha256(readFileSync(file)) : '');

/**
 * The folder's init state now. `inputs` covers everything `terraform init` reads: the `terraform`
 * block (backend, required_providers, required_version) and the `module` blocks of every *.tf.json
 * file, and the CLI config (where providers install from). Undefined when the folder holds HCL
 * (*.tf) files, which are not parsed here: then init always runs.
 */
function currentInit(context: TerraformContext): InitRecord | undefined {
  const files = readdirSync(context.directory).sort();
  if (files.some((file) => file.endsWith('.tf'))) return undefined;
  const blocks = files
    .filter((file) => file.endsWith('.tf.json'))
    .map((file) => {
      const { terraform, module } = JSON.parse(readFileSync(path.join(context.directory, file), 'utf8')) as Record<string, unknown>;
      return { file, terraform, module };
    });
  const cliConfig = context.cliConfigFile && existsSync(context.cliConfigFile) ? readFileSync(context.cliConfigFile, 'utf8') : null;
  const dataDir = dataDirectory(context);
  return {
    inputs: sha256(JSON.stringify({ blocks, cliConfig })),
    lockFile: sha256OfFile(path.join(context.directory, '.terraform.lock.hcl')),
    backend: sha256OfFile(path.join(dataDir, 'terraform.tfstate')),
    providers: installedProviders(dataDir),
  };
}

function installedProviders(dataDir: string): string[] {
  let paths = ['providers'];
  for (let depth = 0; depth < 5; depth++) {
    paths = paths.flatMap((relative) => {
      const full = path.join(dataDir, relative);
      return existsSync(full) && statSync(full).isDirectory() ? readdirSync(full).map((name) => path.join(relative, name)) : [];
    });
  }
  return paths.sort();
}

/**
 * Plans; with `out`, saves the plan there, so that exactly this plan can be applied after it was
 * checked (`terraformApply(context, { plan })`).
 */
export async function terraformPlan(context: TerraformContext, options: { out?: string } = {}): Promise<PlanSummary> {
  // -json streams one message per line; reading planned changes from it avoids a second
  // provider start for `terraform show -json` (the provider binary is large and slow to load).
  const out = options.out ? [`-out=${options.out}`] : [];
  const result = await runTerraform(['plan', '-input=false', '-no-color', '-detailed-exitcode', '-json', ...out], context, [0, 2]);
  return summarizePlan(result.stdout, result.code === 2);
}

/**
 * Applies; with `plan`, exactly that saved plan (Terraform refuses it if the state changed since it
 * was made: "Saved plan is stale"), and the file is removed afterwards, applied or not.
 */
export async function terraformApply(context: TerraformContext, options: { plan?: string } = {}): Promise<void> {
  try {
    await runTerraform(['apply', '-input=false', '-no-color', '-auto-approve', ...(options.plan ? [options.plan] : [])], context);
  } finally {
    if (options.plan) rmSync(options.plan, { force: true });
  }
}

export async function terraformDestroy(context: TerraformContext): Promise<void> {
  await runTerraform(['destroy', '-input=false', '-no-color', '-auto-approve'], context);
}

export async function terraformOutput(context: TerraformContext): Promise<Record<string, unknown>> {
  const { stdout } = await runTerraform(['output', '-json', '-no-color'], context);
  const outputs = JSON.parse(stdout) as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.value]));
}

interface PlanMessage {
  type: string;
  change?: { resource: { addr: string }; action: string };
}

// `terraform plan -json` actions: create, read, update, replace, delete, noop, move, remove, import.
function summarizePlan(jsonLines: string, changed: boolean): PlanSummary {
  const changes = jsonLines
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as PlanMessage)
    .filter((message) => message.type === 'planned_change' && message.change)
    .map((message) => ({ address: message.change!.resource.addr, action: message.change!.action }))
    .filter((change) => change.action !== 'noop' && change.action !== 'read');
  const count = (action: string) => changes.filter((change) => change.action === action).length;
  return {
    changed,
    add: count('create'),
    change: count('update'),
    destroy: count('delete'),
    replace: count('replace'),
    changes,
  };
}

export function describePlan(summary: PlanSummary): string {
  if (!summary.changed) return 'no changes';
  return `${summary.add} to add, ${summary.change} to change, ${summary.replace} to replace, ${summary.destroy} to destroy`;
}

interface TerraformResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment every `terraform` child gets: the caller's (`base`), then the context's (which
 * wins: a local stack's endpoint and dummy credentials over whatever the shell holds), no checkpoint
 * calls, no prompts, our CLI config, and the variables as TF_VAR_<name>.
 */
export function terraformEnvironment(context: TerraformContext, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    ...context.env,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
  };
  if (context.cliConfigFile) env.TF_CLI_CONFIG_FILE = context.cliConfigFile;
  for (const [name, value] of Object.entries(context.variables)) env[`TF_VAR_${name}`] = value;
  return env;
}

async function runTerraform(args: string[], context: TerraformContext, okCodes = [0]): Promise<TerraformResult> {
  const env = terraformEnvironment(context);

  const result = await new Promise<TerraformResult>((resolve, reject) => {
    const [command, ...commandArgs] = [...dieWithUs(), 'terraform', ...args];
    const child = spawn(command, commandArgs, { cwd: context.directory, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), context.timeoutMs ?? 300_000);
    child.on('error', (error) =>
      reject(
        new OpsError('terraform_failed', `Could not run terraform: ${error.message}`, 'Install Terraform >= 1.11 and put it on PATH.', {
          cause: error,
        }),
      ),
    );
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
  if (!okCodes.includes(result.code)) {
    const output = redact(`${result.stderr}\n${result.stdout}`.trim(), context.secrets);
    if (result.code === 127 && /setpriv: failed to execute terraform/.test(result.stderr)) {
      throw new OpsError('terraform_failed', 'Could not run terraform: it is not on PATH', 'Install Terraform >= 1.11 and put it on PATH.');
    }
    const lock = stateLockOf(output);
    if (lock) {
      throw new OpsError(
        'terraform_failed',
        `terraform ${args[0]} could not take the state lock of ${path.relative(process.cwd(), context.directory) || '.'}: ` +
          `held by ${lock.who ?? 'someone'}${lock.operation ? ` (${lock.operation})` : ''}${lock.created ? ` since ${lock.created}` : ''}`,
        `If that Terraform run is still going, wait for it. If it was killed (no terraform process left), clear the lock: ` +
          `cd ${context.directory} && terraform force-unlock -force ${lock.id}`,
      );
    }
    throw new OpsError(
      'terraform_failed',
      `terraform ${args[0]} failed in ${path.relative(process.cwd(), context.directory)} (exit ${result.code}):\n${tail(output, 40)}`,
      'Read the Terraform error above; `stripe-config synth` writes the stack you can inspect.',
    );
  }
  return result;
}

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * The prefix that makes a child get SIGTERM when we die, or nothing where setpriv is missing
 * (macOS, minimal images): there Terraform may outlive a killed CLI, and its lock is reported on
 * the next run by `stateLockOf`.
 */
function dieWithUs(): string[] {
  dieWithUsPrefix ??= process.platform === 'linux' && spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0 ? ['setpriv', '--pdeathsig', 'SIGTERM', '--'] : [];
  return dieWithUsPrefix;
}
let dieWithUsPrefix: string[] | undefined;

/** Whether child processes of Terraform die with this process (for docs and tests). */
export function terraformDiesWithUs(): boolean {
  return dieWithUs().length > 0;
}

export interface StateLockInfo {
  id: string;
  who?: string;
  operation?: string;
  created?: string;
}

/**
 * Terraform's "Error acquiring the state lock" with its "Lock Info:" block (ID, Who, Operation,
 * Created), as every backend prints it (with or without the diagnostic's │ margin); undefined for
 * any other failure, or a lock error without an ID (nothing to force-unlock).
 */
export function stateLockOf(output: string): StateLockInfo | undefined {
  if (!/Error acquiring the state lock/.test(output)) return undefined;
  const field = (name: string) => new RegExp(`^[\\s│]*${name}:\\s*(\\S.*?)\\s*$`, 'm').exec(output)?.[1];
  const id = field('ID');
  if (!id) return undefined;
  const [who, operation, created] = [field('Who'), field('Operation'), field('Created')];
  return { id, ...(who ? { who } : {}), ...(operation ? { operation } : {}), ...(created ? { created } : {}) };
}
