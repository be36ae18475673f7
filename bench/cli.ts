/**
 * What starting the CLI costs, next to its floor, in one run:
 *
 * - Start-up: bare `node` with tsx and commander loaded (the floor: what any stripe-config command
 *   pays before it does anything), `stripe-config --help` and `stripe-config validate` (the three
 *   sample environments), spawned `spawns` times each, interleaved, wall time from spawn to exit.
 *   Then what a gate or rollback loads (ops/, Playwright, the Stripe SDK) with tsx hooked into every
 *   file, as `tsx/cjs` does, and into the project's only, as bin/register-typescript.js does.
 *   One untimed spawn of each first: tsx caches compiled files, and a first run after an edit pays
 *   for compiling them.
 * - The environment type-check: the program the CLI builds (ES2022 library, plain interfaces) next
 *   to the one it built before (default library with the DOM, the schema's TypeBox types), CPU
 *   time of building and checking it, each in `spawns` fresh processes, interleaved.
 *
 * Why: every command, and every CI step and 3 a.m. rollback, pays start-up first; `--help` should
 * cost little more than the floor, and `validate` should not load Terraform, Chromium or the SDKs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CONFIG_DIR, listEnvironments } from '../config';
import { PROJECT_ROOT } from '../ops';
import { formatMs, formatRatio, runProcess, summarize, textTable, type ProcessRun } from './measure';

export interface CliBenchOptions {
  spawns: number;
  progress: (line: string) => void;
}

export interface StartCommand {
  name: string;
  args: string[];
  /** Wall time per spawn, ms. */
  samples: number[];
}

export interface TypeCheckProgram {
  name: string;
  /** Source files in the program (the last spawn's; the same every time). */
  files: number;
  /** CPU per fresh process, ms. */
  samples: number[];
}

export interface CliBenchResult {
  spawns: number;
  environments: string[];
  commands: StartCommand[];
  programs: TypeCheckProgram[];
}

const CLI = path.join(PROJECT_ROOT, 'bin', 'stripe-config.js');
const SPAWN_TIMEOUT_MS = 60_000;
/** A budget, not a measurement: --help should feel instant (issue 11). */
export const HELP_BUDGET_MS = 300;

export async function benchmarkCli(options: CliBenchOptions): Promise<CliBenchResult> {
  const environments = listEnvironments();
  const register = JSON.stringify(path.join(PROJECT_ROOT, 'bin', 'register-typescript.js'));
  const gateModules = ['ops/index.ts', 'checks/index.ts'].map((file) => `require(${JSON.stringify(path.join(PROJECT_ROOT, file))});`).join(' ');
  const gateLibraries = "require('playwright-core'); require('stripe');";
  const commands: StartCommand[] = [
    { name: 'floor: node + tsx + commander', args: ['-e', `require(${register}); require('commander')`], samples: [] },
    { name: 'stripe-config --help', args: [CLI, '--help'], samples: [] },
    { name: `stripe-config validate (${environments.length} environments)`, args: [CLI, 'validate'], samples: [] },
    { name: "a gate's modules, tsx hooked into every file (tsx/cjs)", args: ['-e', `require('tsx/cjs'); ${gateModules} ${gateLibraries}`], samples: [] },
    { name: "a gate's modules, tsx for the project's files only (bin/)", args: ['-e', `require(${register}); ${gateModules} ${gateLibraries}`], samples: [] },
  ];
  const home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-bench-cli-'));
  const fullProgramFiles = writeFullProgramEnvironments(home, environments);
  const leanProgramFiles = environments.map((name) => path.join(DEFAULT_CONFIG_DIR, `${name}.ts`));
  const programs: Array<TypeCheckProgram & { args: string[] }> = [
    { name: 'lean: ES2022 library, plain interfaces (now)', args: ['lean', ...leanProgramFiles], files: 0, samples: [] },
    { name: "full: default library (DOM), TypeBox's types (before)", args: ['full', ...fullProgramFiles], files: 0, samples: [] },
  ];
  try {
    const spawnNode = (args: string[]) => checked(runProcess(process.execPath, args, { env: { ...process.env, STRIPE_CONFIG_HOME: home }, timeoutMs: SPAWN_TIMEOUT_MS }), args);
    for (const command of commands) await spawnNode(command.args); // untimed: fills tsx's cache
    for (let round = 1; round <= options.spawns; round++) {
      for (const command of commands) command.samples.push((await spawnNode(command.args)).ms);
      for (const program of programs) {
        const probe = JSON.parse((await spawnNode(['-r', 'tsx/cjs', path.join(__dirname, 'type-check-probe.ts'), ...program.args])).output) as {
          cpuMs: number;
          files: number;
          diagnostics: number;
        };
        if (probe.diagnostics > 0) throw new Error(`the ${program.name} program found ${probe.diagnostics} type errors in the samples`);
        program.samples.push(probe.cpuMs);
        program.files = probe.files;
      }
      options.progress(`cli: round ${round}/${options.spawns}: ${commands.map((command) => formatMs(command.samples.at(-1)!)).join(', ')}`);
    }
    return { spawns: options.spawns, environments, commands, programs };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function checked(run: Promise<ProcessRun>, args: string[]): Promise<ProcessRun> {
  const result = await run;
  if (result.code !== 0) throw new Error(`node ${args.join(' ')} exited ${result.code}:\n${result.output}`);
  return result;
}

/**
 * Copies of the sample environments whose defineEnvironment takes the schema's TypeBox type, as
 * config/define.ts did before the plain interfaces: the files the full program checks.
 */
function writeFullProgramEnvironments(home: string, environments: string[]): string[] {
  const dir = path.join(home, 'full-program', 'environments');
  mkdirSync(dir, { recursive: true });
  const schema = path.join(PROJECT_ROOT, 'config', 'schema');
  writeFileSync(
    path.join(dir, '..', 'define.ts'),
    `import type { EnvironmentConfigFromSchema } from ${JSON.stringify(schema)};\n` +
      'export function defineEnvironment(config: EnvironmentConfigFromSchema): EnvironmentConfigFromSchema {\n  return config;\n}\n',
  );
  return environments.map((name) => {
    const file = path.join(dir, `${name}.ts`);
    writeFileSync(file, readFileSync(path.join(DEFAULT_CONFIG_DIR, `${name}.ts`), 'utf8'));
    return file;
  });
}

export function formatCliBench(result: CliBenchResult): string {
  const [floor, help, validate, everyFile, projectOnly] = result.commands.map((command) => summarize(command.samples));
  const start = textTable(
    ['command', 'n', 'median', 'min', 'max', 'median ÷ floor'],
    result.commands.map((command) => {
      const s = summarize(command.samples);
      return [command.name, String(s.n), formatMs(s.median), formatMs(s.min), formatMs(s.max), formatRatio(s.median, floor.median)];
    }),
  );
  const [lean, full] = result.programs.map((program) => summarize(program.samples));
  const typeCheck = textTable(
    ['type-check program', 'files', 'CPU median', 'min', 'max', 'median ÷ lean'],
    result.programs.map((program) => {
      const s = summarize(program.samples);
      return [program.name, String(program.files), formatMs(s.median), formatMs(s.min), formatMs(s.max), formatRatio(s.median, lean.median)];
    }),
  );
  return [
    `CLI start-up: ${result.spawns} spawns of each, interleaved, wall time from spawn to exit (after one untimed spawn each)`,
    start,
    `--help: ${formatMs(help.median)} median, the floor's ${formatMs(floor.median)} ${signed(help.median - floor.median)}: ` +
      `${help.median <= HELP_BUDGET_MS ? 'within' : 'over'} the ${HELP_BUDGET_MS} ms budget.`,
    `validate: ${formatMs(validate.median)} median, ${formatRatio(validate.median, floor.median)} the floor.`,
    `A gate's modules load in ${formatRatio(projectOnly.median, everyFile.median)} the time with tsx for the project's files only (${formatMs(projectOnly.median)} against ${formatMs(everyFile.median)}, medians).`,
    `Type-check of the ${result.environments.length} sample environments (${result.environments.join(', ')}), CPU in fresh processes, compiler loaded before the clock:`,
    typeCheck,
    `The lean program is ${formatRatio(full.median, lean.median)} cheaper (medians).`,
  ].join('\n');
}

const signed = (ms: number): string => (ms < 0 ? `− ${formatMs(-ms)}` : `+ ${formatMs(ms)}`);
