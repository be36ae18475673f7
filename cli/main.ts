/**
 * stripe-config CLI: parse arguments, call one library function, print, exit.
 * Exit codes: 0 ok, 1 checks or validation failed (gate: blocked), 2 usage or config error, 3 refused: rollback refused
 * or conflicting, environment locked or on hold (gate: a behaviour change not accepted), 4 infrastructure failed, or a
 * change was made and a step after it failed (gate: could not decide).
 * The gate's own reports come from reports/ (gate.md, junit.xml, gate.json, gate.html).
 *
 * Each action loads the folders it uses when it runs: `--help` loads commander alone, and
 * `validate` loads config/ without Terraform, Chromium or the SDKs (docs/BENCHMARKS.md, section 5).
 */
import { writeFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { CanaryStatus, CommandErrorCode, CommandOptions, GateRunVerdict, ReasonCommandOptions } from '../ops';
import type { RollbackCommandOptions } from '../ops/on-call';
import type { StripeConfigError } from '../runtime/contract';

// require, not import(): bin/stripe-config.js registers tsx's CommonJS hook only, and under it
// import() goes to Node's ESM loader, which cannot load .ts (registering tsx's ESM hook as well
// costs about 0.3 s at every start).
const config = () => require('../config') as typeof import('../config');
const ops = () => require('../ops') as typeof import('../ops');
const onCall = () => require('../ops/on-call') as typeof import('../ops/on-call');
const rollbackOutput = () => require('./rollback-output') as typeof import('./rollback-output');
const output = () => require('./output') as typeof import('./output');
const reports = () => require('../reports') as typeof import('../reports');
const progress = () => require('./progress') as typeof import('./progress');
const emulate = () => require('./emulate') as typeof import('./emulate');
const contract = () => require('../runtime/contract') as typeof import('../runtime/contract');

const EXIT: Record<CommandErrorCode, number> = {
  config_invalid: 2,
  config_not_found: 2,
  config_type_error: 2,
  usage: 2,
  document_invalid: 1,
  checks_failed: 1,
  live_keys_refused: 2,
  rollback_refused: 3,
  rollback_conflict: 3,
  deploy_verification_failed: 1,
  key_set_write_failed: 4,
  deploy_refused: 3,
  key_material_missing: 4,
  aws_credentials: 4,
  aws_account_mismatch: 4,
  local_state_invalid: 4,
  terraform_failed: 4,
  browser_unavailable: 4,
  shop_unavailable: 4,
  on_hold: 3,
  changed_then_failed: 4,
  // The ledger (ops/ledger-errors.ts): someone else holds the environment, or the ledger itself failed.
  lock_held: 3,
  lock_lost: 3,
  hold_missing: 3,
  invalid_input: 2,
  operation_unknown: 4,
  outcome_recorded: 4,
  record_invalid: 4,
  ledger_unreachable: 4,
  ledger_table_missing: 4,
  ledger_throttled: 4,
  ledger_failed: 4,
};

/** The gate's exit codes: 0 pass, 1 blocked, 2 usage or config error, 3 behaviour change not accepted, 4 could not decide. */
const GATE_EXIT: Record<GateRunVerdict, number> = { pass: 0, blocked: 1, 'config-error': 2, 'usage-error': 2, 'not-accepted': 3, undecided: 4 };

/** The canary's exit codes: 0 pass (or nothing deployed yet), 1 a journey failed on what is live, 4 could not decide. */
const CANARY_EXIT: Record<CanaryStatus, number> = { pass: 0, 'nothing-deployed': 0, fail: 1, inconclusive: 4 };

const program = new Command('stripe-config')
  .description('Typed Stripe configuration, checked with 3DS journeys before it deploys, rolled back in a second.')
  .option('--local', "act on the embedded stand-ins, whatever the environment's target declares (try a real environment's config; says so)")
  .option('--config-dir <dir>', 'folder of environment files (default config/environments)')
  .showHelpAfterError()
  // Throw instead of process.exit() after help or a usage error, so the process ends on its own and
  // tsx gets to write its compile cache (an exit right away left it unwritten: every --help compiled).
  .exitOverride();

// Commands act on the target each environment declares; where that is AWS, or --local stands in for it, they say so here.
const globals = (): CommandOptions => ({ ...program.opts<CommandOptions>(), onNotice: (line) => console.error(line) });

program
  .command('validate')
  .description('type-check and validate environments; every problem with its field path')
  .argument('[environments...]', 'default: all')
  .action((names: string[]) => {
    const { describeReport, inspectEnvironments, selectEnvironments } = config();
    const reports = inspectEnvironments(selectEnvironments(names, globals().configDir), globals());
    finish(reports.map(describeReport).join('\n'), reports.every((report) => report.validated));
  });

program
  .command('synth')
  .description('synthesize the CDKTF stacks into .stripe-config/cdktf.out')
  .argument('[environments...]', 'default: all')
  .action((names: string[]) => {
    for (const stack of ops().synthCommand(names, globals())) console.log(`${stack.environment}: ${stack.file}`);
  });

program
  .command('gate')
  .description('validate, synth, terraform plan, and the journey matrix (candidate vs deployed)')
  .argument('[environments...]', 'default: all')
  .option('--all', 'every environment (the default when none is named)')
  .option('--allow-inconclusive', 'do not fail on journeys that could not be judged')
  .option('--accept <reason>', 'accept every behaviour change customers would notice, for this reason (recorded in the report)')
  .option('--report <file>', 'also write the pull request comment (Markdown) to this file')
  .option('--report-dir <dir>', 'write gate.md, junit.xml, gate.json and gate.html (with screenshots) here, also when the gate stops early')
  .action(async (names: string[], options: { allowInconclusive?: boolean; accept?: string; report?: string; reportDir?: string }) => {
    // A folder without environments is refused before ops/ loads (Terraform, the SDKs, the browser's
    // driver: about 1.8 s CPU of the 2 s such a gate took). With reports to write, the gate's own stop
    // records it instead, so CI still gets its comment and JUnit file.
    if (!options.reportDir && !options.report) config().selectEnvironments(names, globals().configDir);
    const view = progress().openProgressView(process.stdout);
    const { allowInconclusive, accept } = options;
    const run = await ops()
      // Screenshots cost time: taken only when a report shows them.
      .gateCommand(names, { ...globals(), allowInconclusive, accept, evidence: Boolean(options.reportDir), onProgress: view.onProgress })
      .finally(() => view.close());
    try {
      if (run.environments.length > 0) console.log(output().formatGate(run.environments));
      if (run.stopped) console.error(output().formatGateStop(run.stopped));
      process.exitCode = GATE_EXIT[run.verdict];
    } finally {
      // Also when the gate stopped early: the pull request gets its comment and CI its JUnit file.
      if (options.reportDir) reports().writeGateReports(options.reportDir, run);
      if (options.report) writeFileSync(options.report, reports().gateMarkdown(run));
    }
  });

program
  .command('check')
  .description('run the journey matrix with the candidate settings only')
  .argument('<environment>')
  .action(async (name: string) => {
    const results = await ops().checkCommand(name, globals());
    finish(output().formatChecks(name, results), results.every((result) => result.verdict === 'pass'));
  });

program
  .command('deploy')
  .description('apply what the gate passed (these bytes, these keys, its plan), read it back, smoke; rolls back and holds by itself if the smoke fails')
  .argument('<environment>')
  .option('--force', 'deploy without a passing gate attestation (needs --reason; recorded as forced)')
  .option('--reason <text>', 'why, for the ledger')
  .action(async (name: string, options: { force?: boolean; reason?: string }) => {
    const report = await ops().deployCommand(name, { ...globals(), ...options });
    console.log(output().formatDeploy(report));
    // 0 deployed; 1 the smoke failed (rolled back); 4 the smoke could not run (rolled back all the same).
    process.exitCode = report.outcome === 'ok' ? 0 : report.smokeFailure === 'could-not-run' ? 4 : 1;
  });

program
  .command('drift')
  .description('is AWSCURRENT what the code would deploy? and if not, is it a rollback the code has not caught up with?')
  .argument('<environment>')
  .action(async (name: string) => {
    const report = await ops().driftCommand(name, globals());
    finish(output().formatDrift(report), report.status === 'same');
  });

program
  .command('rollback')
  .description('under the lock: AWSCURRENT back to the last good version (compare-and-swap), verified, hold, smoke, recorded')
  .argument('<environment>')
  .option('--reason <text>', 'why, for the ledger and the hold')
  .option('--from <version>', 'the version you saw as AWSCURRENT: refused if it moved since')
  .option('--to <target>', 'version id, git sha or deploy time (default: the last version deployed with a passing smoke)')
  .option('--dry-run', 'print from, to, why and the field diff; change nothing')
  .option('--region <region>', 'with --secret-id: act without reading the config file')
  .option('--secret-id <id>', 'the config secret (name or ARN)')
  .action(async (name: string, options: RollbackCommandOptions) => {
    // ops/on-call, not ops: nothing the move does not use loads before it; the move is printed as
    // soon as it is verified, the smoke after (docs/BENCHMARKS.md, section 1).
    const report = await onCall().rollbackCommand(name, {
      ...globals(),
      ...options,
      onMoved: (move) => console.log(rollbackOutput().formatRollbackMove(move)),
    });
    if (report.result !== 'rolled-back') finish(output().formatRollback(report), true);
    else finish(output().formatRollbackSmoke(report), report.smokePassed);
  });

program
  .command('canary')
  .description("every journey against the environment's live (AWSCURRENT) document in test mode; changes nothing")
  .argument('<environment>')
  .option('--report <file>', 'also write the result to this file (the canary workflow posts it in its issue)')
  .action(async (name: string, options: { report?: string }) => {
    const report = await ops().canaryCommand(name, globals());
    const text = output().formatCanary(report);
    console.log(text);
    if (options.report) writeFileSync(options.report, `${text}\n`);
    process.exitCode = CANARY_EXIT[report.status];
  });

program
  .command('status')
  .description('what is live (version, document, who put it there), the hold and the lock')
  .argument('<environment>')
  .action(async (name: string) => {
    console.log(output().formatStatus(await ops().statusCommand(name, globals())));
  });

program
  .command('hold')
  .description('refuse deploys to an environment until it is released (recorded with the reason)')
  .argument('<environment>')
  .option('--reason <text>', 'why (required)')
  .action(async (name: string, options: ReasonCommandOptions) => {
    console.log(output().formatHold(name, await ops().holdCommand(name, { ...globals(), ...options })));
  });

program
  .command('release')
  .description('lift the hold: deploys are accepted again (recorded with the reason)')
  .argument('<environment>')
  .option('--reason <text>', 'why (required)')
  .action(async (name: string, options: ReasonCommandOptions) => {
    console.log(output().formatRelease(name, await ops().releaseCommand(name, { ...globals(), ...options })));
  });

program
  .command('unlock')
  .description("break the environment's lock when its holder is gone (recorded with the reason)")
  .argument('<environment>')
  .option('--reason <text>', 'why (required)')
  .action(async (name: string, options: ReasonCommandOptions) => {
    console.log(output().formatUnlock(name, await ops().unlockCommand(name, { ...globals(), ...options })));
  });

program
  .command('history')
  .description("the config secret's versions and labels, and every recorded operation (who, why, from, to, outcome)")
  .argument('<environment>')
  .action(async (name: string) => {
    console.log(output().formatHistory(await ops().historyCommand(name, globals())));
  });

program
  .command('emulate')
  .description('run the local Secrets Manager and Stripe stand-ins in the foreground on 127.0.0.1')
  .option('--aws-port <port>', 'Secrets Manager stand-in port (default random)', parsePort('--aws-port'))
  .option('--stripe-port <port>', 'Stripe stand-in port (default random)', parsePort('--stripe-port'))
  .action(async (options: { awsPort?: number; stripePort?: number }) => {
    await emulate().serveEmulators(options, (line) => console.log(line));
  });

/** Prints a command's result; the exit code says whether it passed (0) or not (1). */
function finish(text: string, passed: boolean): void {
  console.log(text);
  process.exitCode = passed ? 0 : 1;
}

function parsePort(option: string): (value: string) => number {
  return (value) => {
    const port = Number(value);
    if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
    throw new (ops().OpsError)('usage', `${option}: not a port number: "${value}"`);
  };
}

export async function main(argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the help or the usage error. It exits 1 on a usage error; README
      // promises 2 for every usage error (unknown option or command, missing or extra argument).
      process.exitCode = error.exitCode === 0 ? 0 : EXIT.usage;
      return;
    }
    // Every folder's errors extend the runtime's class; ops/errors.ts lists all their codes.
    if (error instanceof contract().StripeConfigError) {
      const { code, message, hint } = error as StripeConfigError<CommandErrorCode>;
      console.error(`error: ${message}${hint ? `\nhint: ${hint}` : ''}`);
      process.exitCode = EXIT[code];
      return;
    }
    console.error(`unexpected error: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 4;
  }
}

if (require.main === module) void main(process.argv);
