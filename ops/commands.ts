/**
 * One function per stripe-config command: load what the command names, open the targets, run one
 * workflow, close what was opened. The CLI parses arguments, calls one of these and prints.
 */
import type { JourneyResult } from '../checks';
import { loadEnvironment, loadEnvironments, locateEnvironment, selectEnvironments, type EnvironmentLocation } from '../config';
import type { SynthesizedStack } from '../stacks';
import { candidateChecks } from './check-policy';
import { deployEnvironment, type DeployReport } from './deploy';
import { driftOf, type DriftReport } from './drift';
import { OpsError } from './errors';
import { gateEnvironments, type GateOptions, type GateProgressEvent, type GateReport } from './gate';
import { gateRunVerdict, gateStop, redactGateRun, type GateRun } from './gate-run';
import { environmentHistory, type EnvironmentHistory } from './history';
import { holdEnvironment, releaseEnvironment, unlockEnvironment } from './hold';
import type { HoldRecord, LockRecord } from './ledger-records';
import { rollbackEnvironment, type RollbackReport } from './rollback';
import { environmentStatus, type EnvironmentStatus } from './status';
import { synthesizeInWorkspace } from './synth';
import { openTargets, stackTargetFor, targetKind, type TargetKind, type Targets } from './targets';
import { openWorkspace, type Workspace } from './workspace';

/** What every command is told besides its own arguments (the CLI's global options). */
export interface CommandOptions {
  /** Folder of environment files; default config/environments. */
  configDir?: string;
  /** Secrets Manager: the local stand-in or real AWS; default $STRIPE_CONFIG_AWS, else local. */
  aws?: TargetKind;
  /** Stripe: the local stand-in or real test mode; default $STRIPE_CONFIG_STRIPE, else local. */
  stripe?: TargetKind;
}

export function synthCommand(environments: string[], options: CommandOptions & { outdir?: string } = {}): SynthesizedStack[] {
  const validated = loadEnvironments(selectEnvironments(environments, options.configDir), options);
  const workspace = openWorkspace();
  return synthesizeInWorkspace(validated, workspace, stackTargetFor(targetKind(options.aws, 'STRIPE_CONFIG_AWS')), options.outdir);
}

/**
 * The gate as a whole run, for the reports: it returns also when the gate stops early (a config or
 * usage error, Terraform, Chromium or key material failing), with the environments judged so far
 * and why it stopped, so every report can still be written. Strings are redacted (ops/gate-run.ts).
 */
export async function gateCommand(
  environments: string[],
  options: CommandOptions & GateOptions & { now?: () => Date } = {},
): Promise<GateRun> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const judged: GateReport[] = [];
  let current: string | undefined;
  const onProgress = (event: GateProgressEvent) => {
    if (event.type === 'environment-started') current = event.environment;
    if (event.type === 'environment-judged') judged.push(event.report);
    options.onProgress?.(event);
  };
  const run = (reports: GateReport[], stopped?: GateRun['stopped']): GateRun =>
    redactGateRun({
      startedAt,
      finishedAt: now().toISOString(),
      ...(options.accept ? { accept: options.accept } : {}),
      verdict: gateRunVerdict(reports, stopped),
      environments: reports,
      ...(stopped ? { stopped } : {}),
    });
  try {
    const validated = loadEnvironments(selectEnvironments(environments, options.configDir), options);
    return run(await withTargets(options, (targets, workspace) => gateEnvironments(validated, targets, workspace, { checkout: options.configDir, ...options, onProgress })));
  } catch (error) {
    // The environments judged before the stop are kept; the one in progress is where it stopped.
    return run(judged, gateStop(error, judged.some((report) => report.environment === current) ? undefined : current));
  }
}

export async function checkCommand(environment: string, options: CommandOptions = {}): Promise<JourneyResult[]> {
  const validated = loadEnvironment(environment, options);
  return withTargets(options, (targets) => candidateChecks(targets, validated)(validated.rendered.document));
}

export interface DeployCommandOptions extends CommandOptions {
  /** Deploy without a passing gate attestation; needs `reason`. */
  force?: boolean;
  /** Why, for the ledger. */
  reason?: string;
}

export async function deployCommand(environment: string, options: DeployCommandOptions = {}): Promise<DeployReport> {
  // A usage error before anything is loaded or started.
  if (options.force && !options.reason?.trim()) throw new OpsError('usage', 'deploy --force needs --reason "…": a forced deploy is recorded with why');
  const validated = loadEnvironment(environment, options);
  return withTargets(options, (targets, workspace) => deployEnvironment(validated, targets, workspace, { force: options.force, reason: options.reason }));
}

/** AWSCURRENT against what the code renders, and whether the difference is a rollback the code has not caught up with. */
export async function driftCommand(environment: string, options: CommandOptions = {}): Promise<DriftReport> {
  const validated = loadEnvironment(environment, options);
  return withTargets(options, (targets) => driftOf(validated, targets));
}

export interface RollbackCommandOptions extends CommandOptions {
  /** Why, for the ledger and the hold. */
  reason?: string;
  /** With `secretId`: act without reading the environment file (it may be the broken change). */
  region?: string;
  secretId?: string;
  /** The version the operator saw as AWSCURRENT: refused if it moved since. */
  from?: string;
  /** version id | git sha | deploy time. */
  to?: string;
  dryRun?: boolean;
}

export async function rollbackCommand(environment: string, options: RollbackCommandOptions = {}): Promise<RollbackReport> {
  const location = rollbackLocation(environment, options);
  const { reason, from, to, dryRun } = options;
  return withTargets(options, (targets) => rollbackEnvironment(location, targets, undefined, { reason, from, to, dryRun }));
}

export async function historyCommand(environment: string, options: CommandOptions = {}): Promise<EnvironmentHistory> {
  const location = locateEnvironment(environment, options);
  return withTargets(options, (targets) => environmentHistory(location, targets));
}

export async function statusCommand(environment: string, options: CommandOptions = {}): Promise<EnvironmentStatus> {
  const location = locateEnvironment(environment, options);
  return withTargets(options, (targets) => environmentStatus(location, targets));
}

/** hold, release and unlock: the reason is required; each is recorded in the ledger of the environment's region. */
export interface ReasonCommandOptions extends CommandOptions {
  reason?: string;
}

export async function holdCommand(environment: string, options: ReasonCommandOptions): Promise<{ status: 'set' | 'already-held'; hold: HoldRecord }> {
  const location = locateEnvironment(environment, options);
  return withTargets(options, (targets) => holdEnvironment(targets.ledger(location.region), environment, { reason: options.reason ?? '' }));
}

export async function releaseCommand(environment: string, options: ReasonCommandOptions): Promise<HoldRecord> {
  const location = locateEnvironment(environment, options);
  return withTargets(options, (targets) => releaseEnvironment(targets.ledger(location.region), environment, { reason: options.reason ?? '' }));
}

export async function unlockCommand(environment: string, options: ReasonCommandOptions): Promise<{ broken?: LockRecord }> {
  const location = locateEnvironment(environment, options);
  return withTargets(options, (targets) => unlockEnvironment(targets.ledger(location.region), environment, { reason: options.reason ?? '' }));
}

function rollbackLocation(environment: string, options: RollbackCommandOptions): EnvironmentLocation {
  if (Boolean(options.region) !== Boolean(options.secretId)) {
    throw new OpsError('usage', '--region and --secret-id go together: give both, or neither to read them from the config file');
  }
  return options.region && options.secretId
    ? { environment, region: options.region, configSecretId: options.secretId }
    : locateEnvironment(environment, options);
}

/** Opens the targets the options choose on the workspace for the duration of `work`, and always closes them. */
async function withTargets<T>(options: CommandOptions, work: (targets: Targets, workspace: Workspace) => Promise<T>): Promise<T> {
  const workspace = openWorkspace();
  const targets = await openTargets(workspace, { aws: options.aws, stripe: options.stripe });
  try {
    return await work(targets, workspace);
  } finally {
    await targets.close();
  }
}
