/**
 * Runs every benchmark in sequence: `npm run bench` (or `npx tsx bench/run.ts --rounds 5`).
 * Results go to stdout, progress to stderr, so `> results.txt` keeps just what docs/BENCHMARKS.md quotes.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { benchmarkBrowser, formatBrowserBench, missingForBrowserBench } from './browser';
import { benchmarkGateSteps, formatGateSteps } from './checks';
import { benchmarkCli, formatCliBench } from './cli';
import { benchmarkGate, formatGateBench } from './gate';
import { describeLoad, describeMachine } from './machine';
import { benchmarkRollback, formatRollbackBench } from './rollback';
import { benchmarkRuntimePackage, formatRuntimePackageBench } from './runtime-package';
import { benchmarkSecretsManager, formatSecretsManagerBench } from './secrets-manager';
import { benchmarkStripeStandIn, formatStripeBench } from './stripe';
import { benchmarkTerraformEndpoint, formatTerraformEndpointBench } from './terraform-endpoint';

// The AWS SDK's Node 22 notice is printed once per process; it is noise between results.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

interface BenchOptions {
  environment: string;
  rounds: number;
  repeats: number;
  only?: 'rollback' | 'checks' | 'gate' | 'stripe' | 'secrets-manager' | 'cli' | 'runtime-package' | 'terraform-endpoint' | 'browser';
  pairs: number;
  requests: number;
  journeys: number;
  concurrency: number;
  spawns: number;
  restoreWindow: number;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return number;
}

const progress = (line: string): void => console.error(`[bench] ${line}`);

const program = new Command('bench')
  .description('stripe-config benchmarks: ratios measured side by side in one run')
  .option('--environment <env>', 'sample environment to measure', 'staging')
  .option('--rounds <n>', 'rollback benchmark: rounds of each method (A, B and C)', positiveInteger, 5)
  .option('--repeats <n>', 'gate benchmark: repetitions of each step', positiveInteger, 3)
  .addOption(new Option('--only <benchmark>', 'run one benchmark').choices(['rollback', 'checks', 'gate', 'stripe', 'secrets-manager', 'cli', 'runtime-package', 'terraform-endpoint', 'browser']))
  .option('--pairs <n>', 'gate, terraform-endpoint and browser benchmarks: interleaved pairs (rounds, for the browser)', positiveInteger, 6)
  .option('--requests <n>', 'secrets-manager benchmark: sequential requests per operation, setup and round', positiveInteger, 500)
  .option('--journeys <n>', 'stripe benchmark: journeys per kind and concurrency', positiveInteger, 200)
  .option('--concurrency <n>', 'stripe benchmark: the higher concurrency level', positiveInteger, 8)
  .option('--spawns <n>', 'cli benchmark: spawns of each command and type-check program', positiveInteger, 10)
  .option('--restore-window <s>', 'rollback benchmark: seconds the checkout processes are watched at least (calls per minute)', positiveInteger, 60)
  .action(async (options: BenchOptions) => {
    console.log([`$ npx tsx bench/run.ts ${process.argv.slice(2).join(' ')}`.trimEnd(), ...(await describeMachine())].join('\n'));
    const runs = (name: NonNullable<BenchOptions['only']>): boolean => options.only === undefined || options.only === name;
    if (runs('rollback')) {
      const result = await benchmarkRollback({
        environment: options.environment,
        rounds: options.rounds,
        progress,
        restoreWindowMs: options.restoreWindow * 1000,
      });
      console.log(`\n${formatRollbackBench(result)}`);
    }
    if (runs('checks')) {
      const result = await benchmarkGateSteps({ environment: options.environment, repeats: options.repeats, progress });
      console.log(`\n${formatGateSteps(result)}`);
    }
    if (runs('gate') || options.only === 'checks') {
      const result = await benchmarkGate({ environment: options.environment, pairs: options.pairs, progress });
      console.log(`\n${formatGateBench(result)}`);
    }
    if (runs('secrets-manager')) {
      const result = await benchmarkSecretsManager({ requests: options.requests, rounds: 3, concurrency: 16, progress });
      console.log(`\n${formatSecretsManagerBench(result)}`);
    }
    if (runs('stripe')) {
      const result = await benchmarkStripeStandIn({ journeys: options.journeys, concurrency: options.concurrency, requests: options.journeys, progress });
      console.log(`\n${formatStripeBench(result)}`);
    }
    if (runs('cli')) {
      const result = await benchmarkCli({ spawns: options.spawns, progress });
      console.log(`\n${formatCliBench(result)}`);
    }
    if (runs('terraform-endpoint')) {
      const result = await benchmarkTerraformEndpoint({ environment: options.environment, pairs: options.pairs, progress });
      console.log(`\n${formatTerraformEndpointBench(result)}`);
    }
    if (runs('browser')) {
      // The whole run measures what this machine has; only `--only browser` insists on both browsers.
      const missing = options.only === undefined ? missingForBrowserBench() : [];
      if (missing.length > 0) {
        console.log(`\nbrowser: skipped, ${missing.join(' and ')} not installed (both browsers are compared)`);
      } else {
        const result = await benchmarkBrowser({ environment: options.environment, pairs: options.pairs, progress });
        console.log(`\n${formatBrowserBench(result)}`);
      }
    }
    if (runs('runtime-package')) {
      const result = await benchmarkRuntimePackage({ progress });
      console.log(`\n${formatRuntimePackageBench(result)}`);
    }
    console.log(`\n${describeLoad('at end')}`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`bench failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
});
