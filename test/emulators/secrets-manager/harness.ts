/** Small helpers shared by the Secrets Manager stand-in tests; no state lives here. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerEmulator } from '../../../emulators/secrets-manager';

export const REGION = 'eu-west-1';
export const CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' };

/** The real SDK pointed at the stand-in; one attempt so a wrong status shows up instead of a retry. */
export function sdkClient(emulator: SecretsManagerEmulator, region = REGION): SecretsManagerClient {
  return new SecretsManagerClient({ endpoint: emulator.url, region, credentials: CREDENTIALS, maxAttempts: 1 });
}

/** A controllable clock in ms, starting at a fixed instant so dates in assertions are stable. */
export function fakeClock(start = Date.UTC(2025, 5, 1, 12, 0, 0, 250)): { now: () => number; advance(ms: number): void } {
  let current = start;
  return { now: () => current, advance: (ms) => (current += ms) };
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
