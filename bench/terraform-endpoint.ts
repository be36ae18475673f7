/**
 * What the provider's `endpoints` block costs: `terraform plan` of one local stack as synthesized
 * (the stand-in's endpoint in the provider's environment), next to a copy of it whose provider block
 * names the endpoint in an `endpoints` block, as local stacks did before. Interleaved pairs, CPU time
 * of Terraform and its provider processes (GNU time, so Linux only), same state, same environment.
 *
 * Why: every gate, deploy and slow test plans local stacks; with hashicorp/aws 5.100.0 the block
 * alone cost about 6.5 s of CPU per plan (docs/BENCHMARKS.md, section 7).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEnvironment } from '../config';
import { openTargets, synthesizeInWorkspace, terraformEnvironment, terraformInit, type TerraformContext } from '../ops';
import { scratchWorkspace } from './fixtures';
import { formatMs, formatRatio, GNU_TIME, gnuTimeArgs, gnuTimeCpuMs, runProcess, summarize, textTable, type Summary } from './measure';

export interface EndpointBenchOptions {
  environment: string;
  pairs: number;
  progress: (line: string) => void;
}

export interface EndpointBenchResult {
  environment: string;
  /** CPU ms (user + sys) per plan, as shipped: endpoint in the provider's environment. */
  environmentEndpoint: number[];
  /** The same with an `endpoints` block in the provider configuration. */
  endpointsBlock: number[];
}

const PLAN_TIMEOUT_MS = 300_000;

export async function benchmarkTerraformEndpoint({ environment, pairs, progress }: EndpointBenchOptions): Promise<EndpointBenchResult> {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) is needed to read the CPU time of Terraform and its provider`);
  const scratch = scratchWorkspace('terraform-endpoint');
  const targets = await openTargets(scratch.workspace, { local: true });
  try {
    const candidate = loadEnvironment(environment);
    const [stack] = synthesizeInWorkspace([candidate], scratch.workspace, targets.stackTarget);
    const context = await targets.terraformContext(candidate, stack.directory);
    progress(`terraform-endpoint: init of ${environment}'s local stack`);
    await terraformInit(context);
    // A sibling folder, so the local backend's relative state path stays the same.
    const withBlock = `${stack.directory}-endpoints-block`;
    cpSync(stack.directory, withBlock, { recursive: true, verbatimSymlinks: true });
    const file = path.join(withBlock, 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { provider: { aws: Array<Record<string, unknown>> } };
    json.provider.aws[0]!.endpoints = [{ secretsmanager: '${var.secretsmanager_endpoint}' }];
    writeFileSync(file, JSON.stringify(json, null, 2));

    const result: EndpointBenchResult = { environment, environmentEndpoint: [], endpointsBlock: [] };
    for (let pair = 1; pair <= pairs; pair++) {
      progress(`terraform-endpoint: pair ${pair}/${pairs}`);
      result.environmentEndpoint.push(await planCpuMs(stack.directory, context));
      result.endpointsBlock.push(await planCpuMs(withBlock, context));
    }
    return result;
  } finally {
    await targets.close();
    scratch.remove();
  }
}

/** CPU ms of `terraform plan` in `directory` and every process it waited for (its provider's starts). */
async function planCpuMs(directory: string, context: TerraformContext): Promise<number> {
  const timings = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-bench-time-'));
  try {
    const out = path.join(timings, 'time');
    // Exactly the environment stripe-config gives Terraform.
    const env = terraformEnvironment(context);
    const run = await runProcess(
      GNU_TIME,
      [...gnuTimeArgs(out), 'terraform', `-chdir=${directory}`, 'plan', '-input=false', '-no-color', '-lock=false', '-detailed-exitcode'],
      { env, timeoutMs: PLAN_TIMEOUT_MS },
    );
    if (run.code !== 0 && run.code !== 2) throw new Error(`terraform plan in ${directory} failed (exit ${run.code}):\n${run.output.slice(-2000)}`);
    const cpuMs = gnuTimeCpuMs(out);
    if (cpuMs === undefined) throw new Error(`GNU time wrote no CPU time for terraform plan in ${directory}`);
    return cpuMs;
  } finally {
    rmSync(timings, { recursive: true, force: true });
  }
}

export function formatTerraformEndpointBench(result: EndpointBenchResult): string {
  const env = summarize(result.environmentEndpoint);
  const block = summarize(result.endpointsBlock);
  const row = (name: string, summary: Summary) => [
    name,
    String(summary.n),
    formatMs(summary.median),
    formatMs(summary.min),
    formatMs(summary.max),
    formatRatio(summary.median, env.median),
  ];
  return [
    `terraform plan of ${result.environment}'s local stack, CPU of Terraform and its provider (user + sys), interleaved pairs:`,
    textTable(
      ['provider configuration', 'n', 'CPU median', 'min', 'max', 'median ÷ shipped'],
      [
        row('shipped: endpoint in the environment (AWS_ENDPOINT_URL_SECRETS_MANAGER)', env),
        row('before: an endpoints block in the provider', block),
      ],
    ),
    `The endpoints block costs ${formatMs(block.median - env.median)} of CPU per plan (medians).`,
  ].join('\n');
}
