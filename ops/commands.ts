/**
 * One function per stripe-config command: load what the command names, open the targets, run one
 * workflow, close what was opened. The CLI parses arguments, calls one of these and prints.
 */
import type { JourneyResult } from '../checks';
import {
  accountOfArn,
  isAwsTarget,
  loadEnvironment,
  loadEnvironments,
  locateEnvironment,
  locationOf,
  selectEnvironments,
  type EnvironmentLocation,
  type ValidatedEnvironment,
} from '../config';
import type { SynthesizedStack } from '../stacks';
import { candidateChecks } from './check-policy';
import { deployEnvironment, type DeployReport } from './deploy';
import { OpsError } from './errors';
import { gateEnvironments, type GateOptions, type GateProgressEvent, type GateReport } from './gate';
import { gateRunVerdict, gateStop, redactGateRun, type GateRun } from './gate-run';
import { environmentHistory, type EnvironmentHistory } from './history';
import { rollbackEnvironment, type RollbackReport } from './rollback';
import { synthesizeInWorkspace } from './synth';
import { openTargets, sameTargetRequest, stackTargetFor, targetRequestFor, type TargetRequest, type Targets } from './targets';
import { openWorkspace, type Workspace } from './workspace';

/** What every command is told besides its own arguments (the CLI's global options). */
export interface CommandOptions {
  /** Folder of environment files; default config/environments. */
  configDir?: string;
  /**
   * Act on the embedded stand-ins whatever the environments declare (`--local`): try a real
   * environment's config without touching AWS or api.stripe.com. Default: each environment's target.
   */
  local?: boolean;
  /** Told where a command acts when it is an AWS account or `--local` overrides one; the CLI prints it. */
  onNotice?: (line: string) => void;
}

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
      reports.push(...(await withTargets(group.request, group.environments.map(locationOf), options, (targets, workspace) => gateEnvironments(group.environments, targets, workspace, { ...options, onProgress }))));
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

export async function deployCommand(environment: string, options: CommandOptions = {}): Promise<DeployReport> {
  const validated = loadEnvironment(environment, options);
  return withEnvironmentTargets(locationOf(validated), options, (targets, workspace) => deployEnvironment(validated, targets, workspace));
}

export interface RollbackCommandOptions extends CommandOptions {
  /** Why, for the audit record. */
  reason?: string;
  /** With `secretId`: act without reading the environment file (it may be the broken change). */
  region?: string;
  secretId?: string;
}

export async function rollbackCommand(environment: string, options: RollbackCommandOptions = {}): Promise<RollbackReport> {
  if (Boolean(options.region) !== Boolean(options.secretId)) {
    throw new OpsError('usage', '--region and --secret-id go together: give both, or neither to read them from the config file');
  }
  if (options.region && options.secretId) return rollbackWithoutFile(environment, options.region, options.secretId, options);
  const location = locateEnvironment(environment, options);
  return withEnvironmentTargets(location, options, (targets, workspace) => rollbackEnvironment(location, targets, workspace, { reason: options.reason }));
}

export async function historyCommand(environment: string, options: CommandOptions = {}): Promise<EnvironmentHistory> {
  const location = locateEnvironment(environment, options);
  return withEnvironmentTargets(location, options, (targets, workspace) => environmentHistory(location, targets, workspace));
}

/**
 * Rollback by --region and --secret-id, without the config file: on the stand-ins with --local,
 * else in AWS, in the account the secret's ARN names (a plain name: the credentials' account, named
 * in the notice). Never a silent run on the stand-ins.
 */
async function rollbackWithoutFile(environment: string, region: string, secretId: string, options: RollbackCommandOptions): Promise<RollbackReport> {
  const accountId = accountOfArn(secretId);
  const request: TargetRequest = options.local ? { local: true } : { aws: { environment, region, ...(accountId ? { accountId } : {}) } };
  return withTargets(request, [], options, (targets, workspace) => {
    const target = targets.caller ? { aws: { accountId: targets.caller.account } } : ('embedded' as const);
    return rollbackEnvironment({ environment, target, region, configSecretId: secretId }, targets, workspace, { reason: options.reason });
  });
}

/** Consecutive environments that live in the same place, in the order given (the gate's reports keep it). */
function groupByTarget(environments: ValidatedEnvironment[], local?: boolean): Array<{ request: TargetRequest; environments: ValidatedEnvironment[] }> {
  const groups: Array<{ request: TargetRequest; environments: ValidatedEnvironment[] }> = [];
  for (const environment of environments) {
    const request = targetRequestFor(locationOf(environment), local);
    const last = groups.at(-1);
    if (last && sameTargetRequest(last.request, request)) last.environments.push(environment);
    else groups.push({ request, environments: [environment] });
  }
  return groups;
}

function withEnvironmentTargets<T>(location: EnvironmentLocation, options: CommandOptions, work: (targets: Targets, workspace: Workspace) => Promise<T>): Promise<T> {
  return withTargets(targetRequestFor(location, options.local), [location], options, work);
}

/**
 * Opens what the request names on the workspace for the duration of `work`, and always closes it.
 * Says where it acts when that matters: an AWS account (and who the credentials are), or --local
 * standing in for an environment that lives in AWS.
 */
async function withTargets<T>(
  request: TargetRequest,
  locations: EnvironmentLocation[],
  options: CommandOptions,
  work: (targets: Targets, workspace: Workspace) => Promise<T>,
): Promise<T> {
  const workspace = openWorkspace();
  if ('local' in request) {
    for (const { environment, target, region } of locations) {
      if (isAwsTarget(target)) options.onNotice?.(`${environment} declares AWS account ${target.aws.accountId} (${region}); --local: acting on the embedded stand-ins instead`);
    }
  }
  const targets = await openTargets(workspace, request);
  if (targets.caller && 'aws' in request) {
    options.onNotice?.(`${request.aws.environment}: AWS account ${targets.caller.account} (${request.aws.region}) as ${targets.caller.arn}, and api.stripe.com`);
  }
  try {
    return await work(targets, workspace);
  } finally {
    await targets.close();
  }
}
