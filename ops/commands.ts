/**
 * One function per stripe-config command: load what the command names, open the targets, run one
 * workflow, close what was opened. The CLI parses arguments, calls one of these and prints.
 */
import type { JourneyResult } from '../checks';
import { loadEnvironment, loadEnvironments, locateEnvironment, locationOf, selectEnvironments } from '../config';
import type { SynthesizedStack } from '../stacks';
import { canaryEnvironment, type CanaryReport } from './canary';
import { candidateChecks } from './check-policy';
import { deployEnvironment, type DeployReport } from './deploy';
import { driftOf, type DriftReport } from './drift';
import { OpsError } from './errors';
import { gateEnvironments, type GateOptions, type GateProgressEvent, type GateReport } from './gate';
import { gateRunVerdict, gateStop, redactGateRun, type GateRun } from './gate-run';
import { environmentHistory, type EnvironmentHistory } from './history';
import { holdEnvironment, releaseEnvironment, unlockEnvironment } from './hold';
import type { HoldRecord, LockRecord } from './ledger-records';
import { environmentStatus, type EnvironmentStatus } from './status';
import { synthesizeInWorkspace } from './synth';
import { stackTargetFor, targetRequestFor } from './targets';
import { groupByTarget, withEnvironmentTargets, withTargets, type CommandOptions } from './with-targets';
import { openWorkspace } from './workspace';

export type { CommandOptions } from './with-targets';
export { rollbackCommand, type RollbackCommandOptions } from './rollback-command';

export function synthCommand(environments: string[], options: CommandOptions & { outdir?: string } = {}): SynthesizedStack[] {
  const validated = loadEnvironments(selectEnvironments(environments, options.configDir), options);
  const workspace = openWorkspace();
  const requests = new Map(validated.map((environment) => [environment.environment, targetRequestFor(locationOf(environment), options.local)]));
  return synthesizeInWorkspace(validated, workspace, (environment) => stackTargetFor(requests.get(environment)!), options.outdir);
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
    // Each environment on its own target: environments that live in the same place share one opening.
    const reports: GateReport[] = [];
    for (const group of groupByTarget(validated, options.local)) {
      reports.push(...(await withTargets(group.request, group.environments.map(locationOf), options, (targets, workspace) => gateEnvironments(group.environments, targets, workspace, { checkout: options.configDir, ...options, onProgress }))));
    }
    return run(reports);
  } catch (error) {
    // The environments judged before the stop are kept; the one in progress is where it stopped.
    return run(judged, gateStop(error, judged.some((report) => report.environment === current) ? undefined : current));
  }
}

export async function checkCommand(environment: string, options: CommandOptions = {}): Promise<JourneyResult[]> {
  const validated = loadEnvironment(environment, options);
  return withEnvironmentTargets(locationOf(validated), options, (targets) => candidateChecks(targets, validated)(validated.rendered.document));
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
  return withEnvironmentTargets(locationOf(validated), options, (targets, workspace) => deployEnvironment(validated, targets, workspace, { force: options.force, reason: options.reason }));
}

/** AWSCURRENT against what the code renders, and whether the difference is a rollback the code has not caught up with. */
export async function driftCommand(environment: string, options: CommandOptions = {}): Promise<DriftReport> {
  const validated = loadEnvironment(environment, options);
  return withEnvironmentTargets(locationOf(validated), options, (targets) => driftOf(validated, targets));
}

/** The journeys against what is live now, in test mode; changes nothing. */
export async function canaryCommand(environment: string, options: CommandOptions = {}): Promise<CanaryReport> {
  const location = locateEnvironment(environment, options);
  return withEnvironmentTargets(location, options, (targets) => canaryEnvironment(location, targets));
}

export async function historyCommand(environment: string, options: CommandOptions = {}): Promise<EnvironmentHistory> {
  const location = locateEnvironment(environment, options);
  return withEnvironmentTargets(location, options, (targets) => environmentHistory(location, targets));
}

export async function statusCommand(environment: string, options: CommandOptions = {}): Promise<EnvironmentStatus> {
  const location = locateEnvironment(environment, options);
  return withEnvironmentTargets(location, options, (targets) => environmentStatus(location, targets));
}

/** hold, release and unlock: the reason is required; each is recorded in the ledger of the environment's region. */
export interface ReasonCommandOptions extends CommandOptions {
  reason?: string;
}

export async function holdCommand(environment: string, options: ReasonCommandOptions): Promise<{ status: 'set' | 'already-held'; hold: HoldRecord }> {
  const location = locateEnvironment(environment, options);
  return withEnvironmentTargets(location, options, (targets) => holdEnvironment(targets.ledger(location.region), environment, { reason: options.reason ?? '' }));
}

export async function releaseCommand(environment: string, options: ReasonCommandOptions): Promise<HoldRecord> {
  const location = locateEnvironment(environment, options);
  return withEnvironmentTargets(location, options, (targets) => releaseEnvironment(targets.ledger(location.region), environment, { reason: options.reason ?? '' }));
}

export async function unlockCommand(environment: string, options: ReasonCommandOptions): Promise<{ broken?: LockRecord }> {
  const location = locateEnvironment(environment, options);
  return withEnvironmentTargets(location, options, (targets) => unlockEnvironment(targets.ledger(location.region), environment, { reason: options.reason ?? '' }));
}
