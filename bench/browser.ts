/**
 * Which Chromium the challenge journeys run in, and how: Debian's chromium-headless-shell as a gate
 * launches it (what findChromium picks first, one renderer process: ONE_RENDERER), the same without
 * ONE_RENDERER's flags (a renderer per site, Chromium's default), and the full chromium browser, each
 * driven through the same challenge journeys against the Stripe stand-in. Interleaved rounds; CPU of
 * the browser and every process it waited for (GNU time around the executable, so Linux only).
 *
 * Why: every gate, deploy smoke and rollback smoke opens the browser; in the test suite it was about
 * a fifth of the slow lane's CPU (docs/BENCHMARKS.md, section 7).
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JOURNEYS, launchCustomerBrowser, ONE_RENDERER, runJourneys } from '../checks';
import { loadEnvironment } from '../config';
import { openTargets } from '../ops';
import { scratchWorkspace } from './fixtures';
import { formatMs, formatRatio, GNU_TIME, gnuTimeArgs, gnuTimeCpuMs, summarize, textTable, timed, type Summary } from './measure';

export interface BrowserBenchOptions {
  environment: string;
  pairs: number;
  progress: (line: string) => void;
}

interface Sample {
  cpuMs: number;
  launchMs: number;
  journeysMs: number;
}

export interface BrowserBenchResult {
  environment: string;
  journeys: string[];
  browsers: Array<{ label: string; samples: Sample[] }>;
}

/** Each variant: the executable, and the launch flags its wrapper drops (to measure a flag, run without it). */
const VARIANTS = [
  { label: 'headless shell (as shipped)', executable: '/usr/bin/chromium-headless-shell', drop: [] as string[] },
  { label: 'headless shell, a renderer per site', executable: '/usr/bin/chromium-headless-shell', drop: ONE_RENDERER },
  { label: 'full chromium', executable: '/usr/bin/chromium', drop: [] as string[] },
];
const EXECUTABLES = [...new Set(VARIANTS.map((variant) => variant.executable))];

/** What this benchmark needs and the machine lacks: GNU time and both browsers. */
export function missingForBrowserBench(): string[] {
  return [GNU_TIME, ...EXECUTABLES].filter((needed) => !existsSync(needed));
}

export async function benchmarkBrowser({ environment, pairs, progress }: BrowserBenchOptions): Promise<BrowserBenchResult> {
  const missing = missingForBrowserBench();
  if (missing.length > 0) throw new Error(`${missing.join(' and ')} needed (apt-get install -y time chromium chromium-headless-shell)`);
  const scratch = scratchWorkspace('browser');
  const timings = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-bench-browser-'));
  const targets = await openTargets(scratch.workspace, { local: true });
  const savedPath = process.env.CHROMIUM_PATH;
  try {
    const candidate = loadEnvironment(environment);
    const document = candidate.rendered.document;
    const challenged = JOURNEYS.filter((journey) => journey.expect(document.payments).challenged === true);
    if (challenged.length === 0) throw new Error(`${environment} has no challenge journey: nothing would open the browser`);
    const { secretKey } = await targets.keyMaterial(candidate, document.stripe.keySet);
    const result: BrowserBenchResult = { environment, journeys: challenged.map((journey) => journey.id), browsers: VARIANTS.map(({ label }) => ({ label, samples: [] })) };
    for (let pair = 1; pair <= pairs; pair++) {
      progress(`browser: round ${pair}/${pairs}`);
      for (const [index, entry] of result.browsers.entries()) {
        const variant = VARIANTS[index]!;
        // findChromium honours CHROMIUM_PATH: the executable under GNU time, launched exactly as a gate launches it, less the dropped flags.
        const log = path.join(timings, 'time');
        rmSync(log, { force: true });
        const wrapper = path.join(timings, 'browser');
        const timedExecutable = [GNU_TIME, ...gnuTimeArgs(log), variant.executable].map((word) => JSON.stringify(word)).join(' ');
        const dropped = variant.drop.map((flag) => JSON.stringify(flag)).join('|');
        const filter = dropped ? `for arg do shift; case "$arg" in ${dropped}) ;; *) set -- "$@" "$arg" ;; esac; done\n` : '';
        writeFileSync(wrapper, `#!/bin/sh\n${filter}exec ${timedExecutable} "$@"\n`);
        chmodSync(wrapper, 0o755);
        process.env.CHROMIUM_PATH = wrapper;
        const launch = await timed(() => launchCustomerBrowser({ allowedOrigins: targets.browserOrigins }));
        const journeys = await timed(async () => {
          try {
            return await runJourneys(challenged, { document, secretKey, endpoint: targets.stripeEndpoint, browser: launch.value });
          } finally {
            await launch.value.close();
          }
        });
        const failed = journeys.value.filter((journey) => journey.verdict !== 'pass');
        // A failing journey can be cheap for the wrong reason (an error before the browser step).
        if (failed.length > 0) throw new Error(`${entry.label}: ${failed.map((journey) => `${journey.journey}: ${journey.actual}`).join('; ')}`);
        entry.samples.push({ cpuMs: await browserCpuMs(log), launchMs: launch.ms, journeysMs: journeys.ms });
      }
    }
    return result;
  } finally {
    if (savedPath === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = savedPath;
    await targets.close();
    scratch.remove();
    rmSync(timings, { recursive: true, force: true });
  }
}

/** GNU time writes its line when the browser has exited, which is shortly after close() returns. */
async function browserCpuMs(log: string): Promise<number> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const cpuMs = gnuTimeCpuMs(log);
    if (cpuMs !== undefined) return cpuMs;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the browser did not exit within 10 s of close() (no CPU time in ${log})`);
}

interface BrowserSummary {
  label: string;
  cpu: Summary;
  launch: Summary;
  journeys: Summary;
}

export function formatBrowserBench(result: BrowserBenchResult): string {
  const [shell, perSite, full] = result.browsers.map(
    (entry): BrowserSummary => ({
      label: entry.label,
      cpu: summarize(entry.samples.map((sample) => sample.cpuMs)),
      launch: summarize(entry.samples.map((sample) => sample.launchMs)),
      journeys: summarize(entry.samples.map((sample) => sample.journeysMs)),
    }),
  ) as [BrowserSummary, BrowserSummary, BrowserSummary];
  const row = (entry: BrowserSummary) => [
    entry.label,
    String(entry.cpu.n),
    formatMs(entry.cpu.median),
    formatMs(entry.cpu.min),
    formatMs(entry.cpu.max),
    formatRatio(entry.cpu.median, shell.cpu.median),
    formatMs(entry.launch.median),
    formatMs(entry.journeys.median),
  ];
  return [
    `Chromium for ${result.environment}'s ${result.journeys.length} challenge journeys (${result.journeys.join(', ')}), launch to close, interleaved rounds:`,
    textTable(['browser', 'n', 'CPU median', 'min', 'max', 'CPU ÷ as shipped', 'launch (wall)', 'journeys (wall)'], [row(shell), row(perSite), row(full)]),
    `A renderer per site costs ${formatRatio(perSite.cpu.median, shell.cpu.median)} and the full browser ${formatRatio(full.cpu.median, shell.cpu.median)} the CPU of the headless shell as shipped (medians).`,
  ].join('\n');
}
