/**
 * From on-call's Enter to a running checkout process serving the restored document, and what the
 * checkout process pays for noticing it: Secrets Manager calls per process per minute.
 *
 * Two checkout processes (bench/checkout-process.ts, the runtime loader on the stand-in) run side
 * by side through one rollback, each asked for its document every `pollMs` (a request calls
 * `config.get()` as a payment does):
 *   after   the loader's default settings (a DescribeSecret version check every 10 s between full reads)
 *   before  the loader as it was: `checkIntervalMs` = the 60 s TTL, a full read every 60 s and nothing between
 * Both start on the bad document; the rollback command runs once; each process's restore is the
 * first answer that names the restored version, counted from the command's spawn. Calls are the
 * processes' own counts over the window, from the first answer after start-up to its end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../ops';
import { formatMs, textTable } from './measure';

const PROCESS_ENTRY = path.join(PROJECT_ROOT, 'bench', 'checkout-process.ts');
const START_TIMEOUT_MS = 60_000;

export interface CheckoutSettings {
  label: string;
  /** LOADER_CHECK_INTERVAL_MS; undefined: the loader's default. */
  checkIntervalMs?: number;
}

export interface CheckoutRestore {
  label: string;
  /** From the rollback command's spawn to the first answer naming the restored version, ms. */
  restoredAfterMs: number;
  windowMs: number;
  calls: Record<string, number>;
}

export interface RestoreRun {
  pollMs: number;
  /** From spawn to the CLI's "(verified)" line, ms. */
  commandVerifiedMs: number;
  processes: CheckoutRestore[];
}

interface CheckoutAnswer {
  versionId?: string;
  calls: Record<string, number>;
}

interface RunningCheckout {
  settings: CheckoutSettings;
  url: string;
  child: ChildProcess;
}

/**
 * Runs `rollback` (which resolves once the command printed its verified move, with that time) while
 * the checkout processes are polled, and waits until each serves `restoredVersionId` and the window
 * is at least `windowMs` long.
 */
export async function measureRestore(options: {
  secretsManagerUrl: string;
  region: string;
  secretId: string;
  restoredVersionId: string;
  settings: CheckoutSettings[];
  pollMs: number;
  windowMs: number;
  timeoutMs: number;
  rollback: () => Promise<{ startedAt: number; verifiedMs: number }>;
}): Promise<RestoreRun> {
  const running: RunningCheckout[] = [];
  try {
    for (const settings of options.settings) running.push(await startCheckout(settings, options));
    const windowStart = await Promise.all(running.map((process) => ask(process.url)));
    const windowStartedAt = performance.now();
    if (windowStart.some((answer) => answer.versionId === options.restoredVersionId)) {
      throw new Error('a checkout process already serves the version the rollback restores');
    }

    const restoredAt = new Map<RunningCheckout, number>();
    let last: CheckoutAnswer[] = windowStart;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const tick = performance.now();
        last = await Promise.all(running.map((process) => ask(process.url)));
        last.forEach((answer, index) => {
          if (answer.versionId === options.restoredVersionId && !restoredAt.has(running[index])) restoredAt.set(running[index], performance.now());
        });
        await delay(Math.max(0, options.pollMs - (performance.now() - tick)));
      }
    })();
    try {
      const command = await options.rollback();
      const deadline = performance.now() + options.timeoutMs;
      while (restoredAt.size < running.length || performance.now() - windowStartedAt < options.windowMs) {
        if (performance.now() > deadline) throw new Error(`not every checkout process served ${options.restoredVersionId} within ${formatMs(options.timeoutMs)}`);
        await delay(options.pollMs);
      }
      polling = false;
      await poll;
      const windowMs = performance.now() - windowStartedAt;
      return {
        pollMs: options.pollMs,
        commandVerifiedMs: command.verifiedMs,
        processes: running.map((process, index) => ({
          label: process.settings.label,
          restoredAfterMs: restoredAt.get(process)! - command.startedAt,
          windowMs,
          calls: callsSince(windowStart[index].calls, last[index].calls),
        })),
      };
    } finally {
      polling = false;
      await poll;
    }
  } finally {
    for (const process of running) process.child.kill('SIGTERM');
  }
}

export function formatRestore(run: RestoreRun): string {
  const perMinute = (count: number, windowMs: number) => ((count * 60_000) / windowMs).toFixed(1);
  const table = textTable(
    ['checkout process (loader settings)', 'restore served after Enter', 'DescribeSecret / min', 'GetSecretValue / min', 'all calls / min'],
    run.processes.map((process) => {
      const describe = process.calls.DescribeSecret ?? 0;
      const read = process.calls.GetSecretValue ?? 0;
      return [process.label, formatMs(process.restoredAfterMs), perMinute(describe, process.windowMs), perMinute(read, process.windowMs), perMinute(describe + read, process.windowMs)];
    }),
  );
  const [after, before] = run.processes;
  return [
    `End-to-end restore: one rollback with emulate running, two checkout processes each asked for their document every ${run.pollMs} ms; ` +
      `calls counted by each process over ${formatMs(after.windowMs)}`,
    table,
    `The rollback command verified its move ${formatMs(run.commandVerifiedMs)} after Enter; ` +
      `the checkout process served it ${formatMs(after.restoredAfterMs)} after Enter with the default loader` +
      (before ? `, ${formatMs(before.restoredAfterMs)} with the loader as it was (${formatRatio(before.restoredAfterMs, after.restoredAfterMs)} later).` : '.'),
    'Both processes answered their first request just before Enter, so their checks fall at multiples of 10 s after Enter and the ' +
      "full read at 60 s: each sees the restore at its first check (or full read) after the move, the worst case of each loader's phase.",
  ].join('\n');
}

function formatRatio(numerator: number, denominator: number): string {
  return `${(numerator / denominator).toFixed(1)}×`;
}

function callsSince(start: Record<string, number>, end: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(end).map(([operation, count]) => [operation, count - (start[operation] ?? 0)]));
}

async function startCheckout(
  settings: CheckoutSettings,
  options: { secretsManagerUrl: string; region: string; secretId: string },
): Promise<RunningCheckout> {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', PROCESS_ENTRY], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      AWS_REGION: options.region,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: options.secretsManagerUrl,
      AWS_ACCESS_KEY_ID: 'AKIDSTRIPECONFIGBENCH',
      AWS_SECRET_ACCESS_KEY: 'stripe-config-bench',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: '',
      AWS_EC2_METADATA_DISABLED: 'true',
      STRIPE_CONFIG_SECRET_ID: options.secretId,
      ...(settings.checkIntervalMs === undefined ? {} : { LOADER_CHECK_INTERVAL_MS: String(settings.checkIntervalMs) }),
    },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`checkout process "${settings.label}" did not start within ${formatMs(START_TIMEOUT_MS)}`)), START_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`checkout process "${settings.label}" exited ${code} before listening`));
    });
  });
  return { settings, url, child };
}

async function ask(url: string): Promise<CheckoutAnswer> {
  const response = await fetch(`${url}/config`);
  const answer = (await response.json()) as CheckoutAnswer & { error?: string };
  if (!response.ok) throw new Error(`checkout process ${url} cannot serve a document: ${answer.error}`);
  return answer;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
