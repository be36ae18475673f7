/**
 * Timing and reporting helpers shared by the benchmarks. House rule: a benchmark prints ratios of
 * things measured side by side in one run, so every table here carries its own comparison column.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Table from 'cli-table3';
import { PROJECT_ROOT } from '../ops';

export interface Timed<T> {
  ms: number;
  value: T;
}

/** Wall time of one awaited step (performance.now: monotonic, sub-millisecond). */
export async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error('no samples to summarize');
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { n: sorted.length, median, min: sorted[0], max: sorted[sorted.length - 1] };
}

/** Milliseconds below a second, seconds above: the two scales these benchmarks compare. */
export function formatMs(ms: number): string {
  // Whole numbers come from Date.now()-based timings (the journey runner's): decimals would be false precision.
  if (Number.isInteger(ms) && ms < 1000) return `${ms} ms`;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** "123×" for big ratios, "1.4×" for small ones, so neither hides its precision. */
export function formatRatio(numerator: number, denominator: number): string {
  const ratio = numerator / denominator;
  return ratio >= 100 ? `${Math.round(ratio)}×` : `${ratio.toFixed(ratio >= 10 ? 0 : 1)}×`;
}

export function formatPercent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)} %`;
}

/** Plain-text table, readable without colour (terminal, CI log, a code block in the docs). */
export function textTable(head: string[], rows: string[][]): string {
  const table = new Table({ head, style: { head: [], border: [] } });
  table.push(...rows);
  return table.toString();
}

export interface ProcessRun {
  code: number;
  /** stdout and stderr, interleaved as they came. */
  output: string;
  /** From spawn to exit, ms. */
  ms: number;
}

/** Runs a command from the repository root as a person would, and waits for it to exit (killed after `timeoutMs`). */
export function runProcess(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGTERM'), options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output, ms: performance.now() - started });
    });
  });
}

/** GNU time, for the benchmarks that read the CPU of a process and every process it waited for (Linux only). */
export const GNU_TIME = '/usr/bin/time';

/** GNU time's arguments that write "<user s> <sys s>" to `file` when the command exits. */
export function gnuTimeArgs(file: string): string[] {
  return ['-f', '%U %S', '-o', file];
}

/**
 * CPU ms (user + sys) that GNU time wrote to `file`, or undefined while it has not: its last line,
 * after the "Command exited with non-zero status" line it adds for a failing command.
 */
export function gnuTimeCpuMs(file: string): number | undefined {
  const line = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').pop() : undefined;
  const [user, system] = (line ?? '').split(/\s+/).map(Number);
  return Number.isFinite(user) && Number.isFinite(system) ? (user! + system!) * 1000 : undefined;
}
