/** What the numbers were measured on: ratios travel between machines, absolute times do not. */
import { execFile } from 'node:child_process';
import os from 'node:os';
import { findChromium } from '../checks';

export async function describeMachine(): Promise<string[]> {
  const cpus = os.cpus();
  const browser = findChromium();
  const [terraform, chromium] = await Promise.all([
    versionOf('terraform', ['version'], /Terraform (v\S+)/),
    versionOf(browser, ['--version', '--no-sandbox'], /(\d+\.\d+\.\d+\.\d+)/),
  ]);
  return [
    `date: ${new Date().toISOString()}`,
    `machine: ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown model'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}`,
    `software: node ${process.version}, terraform ${terraform}, chromium ${chromium} (${browser})`,
    describeLoad('at start'),
  ];
}

/** Other work on the machine skews absolute times (less so ratios); the load average makes it visible. */
export function describeLoad(when: string): string {
  return `load average (1/5/15 min) ${when}: ${os.loadavg().map((load) => load.toFixed(2)).join(' / ')}`;
}

/** First match of `pattern` in the tool's output, or "unknown": a missing version must not stop the run. */
function versionOf(command: string, args: string[], pattern: RegExp): Promise<string> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 15_000 }, (error, stdout) => resolve(pattern.exec(stdout)?.[1] ?? 'unknown'));
  });
}
