/**
 * The Secrets Manager stand-in through the AWS SDK: GetSecretValue and UpdateSecretVersionStage
 * latency (p50/p95, one request at a time) and throughput (many at once), for the stand-in with its
 * state file (every acknowledged write fsynced and renamed into place) next to the same stand-in
 * in memory only. Both run in this process, alternating round by round, so only ratios travel.
 *
 * Why: every deploy, rollback and checkout start reads or moves labels here; the state file is what
 * makes a kill -9 lose nothing, and this shows what that durability costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { startSecretsManagerEmulator, type SecretsManagerEmulator } from '../emulators/secrets-manager';
import { formatMs, formatRatio, summarize, textTable } from './measure';

export interface SecretsManagerBenchOptions {
  /** Sequential requests per operation, per setup, per round. */
  requests: number;
  rounds: number;
  /** Requests in flight at once for the throughput runs. */
  concurrency: number;
  progress: (line: string) => void;
}

type Setup = 'memory' | 'persisted';
type Operation = 'GetSecretValue' | 'UpdateSecretVersionStage';

interface Samples {
  /** Per-request wall times of the sequential runs, ms. */
  latencies: number[];
  /** Requests per second of each throughput run. */
  throughputs: number[];
}

export type SecretsManagerBenchResult = SecretsManagerBenchOptions & {
  samples: Record<Setup, Record<Operation, Samples>>;
};

const REGION = 'eu-west-1';
const CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };
/** About the size of a rendered runtime document. */
const DOCUMENT = JSON.stringify({ apiVersion: '2025-05-28.basil', threeDSecure: 'automatic', padding: 'x'.repeat(1500) });
const v = (n: number) => `bench-version-${String(n).padStart(20, '0')}`;

/** One stand-in with `secrets` secrets, each with versions 1 (AWSPREVIOUS) and 2 (AWSCURRENT). */
interface Bed {
  emulator: SecretsManagerEmulator;
  client: SecretsManagerClient;
  names: string[];
  close(): Promise<void>;
}

async function openBed(setup: Setup, secrets: number, stateDir: string): Promise<Bed> {
  const stateFile = setup === 'persisted' ? path.join(stateDir, `state-${Date.now()}-${Math.random()}.json`) : undefined;
  const emulator = await startSecretsManagerEmulator({ stateFile });
  // maxAttempts 1: a retry would hide a failure inside a latency sample.
  const client = new SecretsManagerClient({ endpoint: emulator.url, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
  const names = Array.from({ length: secrets }, (_, i) => `bench/secret-${i}`);
  for (const name of names) {
    await client.send(new CreateSecretCommand({ Name: name, SecretString: DOCUMENT, ClientRequestToken: v(1) }));
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: `${DOCUMENT} `, ClientRequestToken: v(2) }));
  }
  return {
    emulator,
    client,
    names,
    close: async () => {
      client.destroy();
      await emulator.close();
    },
  };
}

/** A request of the operation on one secret; label moves flip AWSCURRENT between its two versions. */
function requester(bed: Bed, operation: Operation): (secret: number) => Promise<unknown> {
  if (operation === 'GetSecretValue') return (secret) => bed.client.send(new GetSecretValueCommand({ SecretId: bed.names[secret] }));
  const current = bed.names.map(() => 2);
  return async (secret) => {
    const from = current[secret];
    const to = from === 2 ? 1 : 2;
    await bed.client.send(
      new UpdateSecretVersionStageCommand({ SecretId: bed.names[secret], VersionStage: 'AWSCURRENT', MoveToVersionId: v(to), RemoveFromVersionId: v(from) }),
    );
    current[secret] = to;
  };
}

async function sequentialLatencies(request: (secret: number) => Promise<unknown>, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await request(0);
    times.push(performance.now() - started);
  }
  return times;
}

/** Each worker owns one secret, so concurrent label moves never conflict with each other. */
async function throughput(request: (secret: number) => Promise<unknown>, count: number, concurrency: number): Promise<number> {
  const perWorker = Math.ceil(count / concurrency);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; i < perWorker; i++) await request(worker);
    }),
  );
  return (perWorker * concurrency) / ((performance.now() - started) / 1000);
}

export async function benchmarkSecretsManager(options: SecretsManagerBenchOptions): Promise<SecretsManagerBenchResult> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-bench-sm-'));
  const empty = (): Record<Operation, Samples> => ({
    GetSecretValue: { latencies: [], throughputs: [] },
    UpdateSecretVersionStage: { latencies: [], throughputs: [] },
  });
  const result: SecretsManagerBenchResult = { ...options, samples: { memory: empty(), persisted: empty() } };
  try {
    for (let round = 1; round <= options.rounds; round++) {
      // Alternate which setup goes first, so drift on a shared machine hits both alike.
      const order: Setup[] = round % 2 === 1 ? ['memory', 'persisted'] : ['persisted', 'memory'];
      for (const setup of order) {
        options.progress(`secrets-manager: round ${round}/${options.rounds}, ${setup}`);
        const bed = await openBed(setup, options.concurrency, stateDir);
        try {
          for (const operation of ['GetSecretValue', 'UpdateSecretVersionStage'] as const) {
            const request = requester(bed, operation);
            // Warm-ups, unmeasured: JIT, and one keep-alive socket per worker.
            await sequentialLatencies(request, Math.min(50, options.requests));
            result.samples[setup][operation].latencies.push(...(await sequentialLatencies(request, options.requests)));
            await throughput(request, options.concurrency * 10, options.concurrency);
            result.samples[setup][operation].throughputs.push(await throughput(request, options.requests * 2, options.concurrency));
          }
        } finally {
          await bed.close();
        }
      }
    }
    return result;
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function formatSecretsManagerBench(result: SecretsManagerBenchResult): string {
  const { samples } = result;
  const rows = (['GetSecretValue', 'UpdateSecretVersionStage'] as const).flatMap((operation) => {
    const memory = samples.memory[operation];
    const persisted = samples.persisted[operation];
    const latencyRow = (label: string, p: number) => [
      operation,
      label,
      formatMs(percentile(memory.latencies, p)),
      formatMs(percentile(persisted.latencies, p)),
      formatRatio(percentile(persisted.latencies, p), percentile(memory.latencies, p)),
    ];
    const perSecond = (values: number[]) => `${Math.round(summarize(values).median)}/s`;
    return [
      latencyRow('latency p50', 50),
      latencyRow('latency p95', 95),
      [operation, `throughput (${result.concurrency} in flight)`, perSecond(memory.throughputs), perSecond(persisted.throughputs), formatRatio(summarize(persisted.throughputs).median, summarize(memory.throughputs).median)],
    ];
  });
  const moveP50 = percentile(samples.persisted.UpdateSecretVersionStage.latencies, 50);
  const getP50 = percentile(samples.persisted.GetSecretValue.latencies, 50);
  return [
    `Secrets Manager stand-in through the AWS SDK: ${result.rounds} rounds × ${result.requests} sequential requests per operation and setup, ` +
      `then ${result.requests * 2} at ${result.concurrency} in flight; memory-only and persisted alternating in one process`,
    textTable(['operation', 'metric', 'memory only', 'with state file', 'state file ÷ memory'], rows),
    `With the state file a label move (p50 ${formatMs(moveP50)}) costs ${formatRatio(moveP50, getP50)} a read (p50 ${formatMs(getP50)}): ` +
      'the fsync + rename before the answer. Concurrent writes share one file write, so write throughput falls less than 1 ÷ latency.',
    'Throughput per round (memory only | with state file), to show the spread on a shared machine:',
    ...(['GetSecretValue', 'UpdateSecretVersionStage'] as const).map((operation) => {
      const list = (values: number[]) => values.map((value) => `${Math.round(value)}/s`).join(', ');
      return `  ${operation}: ${list(samples.memory[operation].throughputs)} | ${list(samples.persisted[operation].throughputs)}`;
    }),
  ].join('\n');
}
