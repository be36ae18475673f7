/** What the Secrets Manager stand-in tests share: starting a stand-in with its clients, raw calls, Terraform. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import {
  startSecretsManagerEmulator,
  type SecretsManagerEmulator,
  type SecretsManagerEmulatorOptions,
} from '../../emulators/secrets-manager';

export const REGION = 'eu-west-1';
export const CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' };
export const DAY = 24 * 60 * 60 * 1000;

/** A version id in Terraform's token format, `terraform-` + 26 digits (facts §2.1, §6.6). */
export function terraformToken(n: number): string {
  return `terraform-${String(n).padStart(26, '0')}`;
}

/** The real SDK pointed at the stand-in; one attempt so a wrong status shows up instead of a retry. */
export function sdkClient(emulator: SecretsManagerEmulator, region = REGION): SecretsManagerClient {
  return new SecretsManagerClient({ endpoint: emulator.url, region, credentials: CREDENTIALS, maxAttempts: 1 });
}

export interface FakeClock {
  now(): number;
  advance(ms: number): void;
}

/** A controllable clock in ms, starting at a fixed instant so dates in assertions are stable. */
export function fakeClock(start = Date.UTC(2025, 5, 1, 12, 0, 0, 250)): FakeClock {
  let current = start;
  return { now: () => current, advance: (ms) => (current += ms) };
}

/** A stand-in on port 0 with the real SDK pointed at it; `close` closes the clients, then the stand-in. */
export interface StandIn {
  readonly emulator: SecretsManagerEmulator;
  /** Signs for `REGION`. */
  readonly client: SecretsManagerClient;
  /** One more client of this stand-in, signing for another region; closed with it. */
  clientIn(region: string): SecretsManagerClient;
  close(): Promise<void>;
}

export async function startStandIn(options: SecretsManagerEmulatorOptions = {}): Promise<StandIn> {
  const emulator = await startSecretsManagerEmulator(options);
  const clients = [sdkClient(emulator)];
  return {
    emulator,
    client: clients[0],
    clientIn(region) {
      clients.push(sdkClient(emulator, region));
      return clients[clients.length - 1];
    },
    async close() {
      for (const client of clients) client.destroy();
      await emulator.close();
    },
  };
}

/** A stand-in started for one test, with the fake clock it reads. */
export interface StandInOnClock extends StandIn {
  readonly clock: FakeClock;
}

export interface StandInHooks {
  /** Replaces the current stand-in by one started with `options` (and the file's own), on the same clock. */
  restart(options?: SecretsManagerEmulatorOptions): Promise<void>;
}

/**
 * Starts a fresh stand-in on a fresh fake clock before each test of the file (or of the enclosing
 * `describe`) and closes it after; `use` gets each one, to set the file's `emulator`, `client` and
 * `clock`. `options` is read at each start, so it may name a folder made in an earlier beforeEach.
 */
export function standInForEachTest(
  use: (standIn: StandInOnClock) => void,
  options: () => SecretsManagerEmulatorOptions = () => ({}),
): StandInHooks {
  let clock: FakeClock;
  beforeEach(() => {
    clock = fakeClock();
  });
  return standInHooks(beforeEach, afterEach, use, async (more) => ({
    ...(await startStandIn({ now: () => clock.now(), ...options(), ...more })),
    clock,
  }));
}

/**
 * One stand-in for every test of the `describe`, for steps that build on each other (Terraform).
 * It reads the real clock: Terraform waits in real time.
 */
export function standInForAllTests(use: (standIn: StandIn) => void): void {
  standInHooks(beforeAll, afterAll, use, () => startStandIn());
}

function standInHooks<T extends StandIn>(
  before: (hook: () => Promise<void>) => void,
  after: (hook: () => Promise<void>) => void,
  use: (standIn: T) => void,
  start: (options: SecretsManagerEmulatorOptions) => Promise<T>,
): StandInHooks {
  let current: T | undefined;
  const open = async (options: SecretsManagerEmulatorOptions) => {
    current = await start(options);
    use(current);
  };
  before(() => open({}));
  after(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    async restart(options = {}) {
      if (!current) throw new Error('restart() runs inside a test, after the stand-in started');
      await current.close();
      await open(options);
    },
  };
}

const EMULATOR_PROCESS = path.join(__dirname, 'secrets-manager-process.ts');

/** Starts the stand-in as a process of its own on `stateFile`, for kill -9 tests; resolves with its URL. */
export async function spawnEmulatorProcess(stateFile: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', EMULATOR_PROCESS, stateFile], {
    cwd: path.join(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the stand-in process did not start within 30 s')), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`the stand-in process exited with ${code} before starting`)));
  });
  return { child, url };
}

export interface RawResponse {
  status: number;
  contentType: string | null;
  json: Record<string, unknown>;
}

/**
 * A hand-made AWS JSON 1.1 call, for what the SDK would never send (bad JSON, unknown targets) and
 * for checking the exact wire encoding.
 */
export async function rawCall(
  emulator: SecretsManagerEmulator,
  target: string | undefined,
  body: string,
  region = REGION,
): Promise<RawResponse> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20250601/${region}/secretsmanager/aws4_request, SignedHeaders=host, Signature=0`,
  };
  if (target !== undefined) headers['x-amz-target'] = target;
  const response = await fetch(`${emulator.url}/`, { method: 'POST', headers, body });
  return { status: response.status, contentType: response.headers.get('content-type'), json: (await response.json()) as Record<string, unknown> };
}

/** Runs `action`, expecting it to fail; returns the SDK error for assertions. */
export async function failureOf(action: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await action;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export interface TerraformRun {
  code: number | null;
  /** stdout and stderr together. */
  output: string;
}

const TERRAFORM_STEP_TIMEOUT_MS = 120_000;

/**
 * The real `terraform` in `workdir` against the stand-in, with only what it needs in its
 * environment, so the developer's own AWS/Terraform settings cannot leak in and nothing leaves
 * loopback: the CLI config `workdir/cli.tfrc`, dummy credentials, the endpoint through the
 * provider's third endpoint source (facts §1.5), and `variables` as TF_VAR_<name>.
 */
export function terraform(
  workdir: string,
  emulator: SecretsManagerEmulator,
  args: string[],
  variables: Record<string, string> = {},
): Promise<TerraformRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|TF_)/.test(name)));
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    TF_CLI_CONFIG_FILE: path.join(workdir, 'cli.tfrc'),
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCAL',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_CONFIG_FILE: path.join(workdir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(workdir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: emulator.url,
    ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [`TF_VAR_${name}`, value])),
  };
  // `terraform output` takes no -input flag.
  const flags = args[0] === 'output' ? ['-no-color'] : ['-no-color', '-input=false'];
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args, ...flags], { cwd: workdir, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), TERRAFORM_STEP_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** `run` itself when terraform exited 0; otherwise fails the test with terraform's output. */
export function succeeded(run: TerraformRun): TerraformRun {
  if (run.code !== 0) throw new Error(`terraform exited with ${run.code}:\n${run.output}`);
  return run;
}
