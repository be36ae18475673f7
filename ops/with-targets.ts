/**
 * What every command shares: the global options, and the targets opened for the length of one
 * workflow, where each environment declares it lives (`target`), or on the stand-ins with --local.
 */
import { isAwsTarget, locationOf, type EnvironmentLocation, type ValidatedEnvironment } from '../config';
import { openTargets, sameTargetRequest, targetRequestFor, type TargetRequest, type Targets } from './targets';
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

/** Opens where the environment lives (or the stand-ins with --local) for the duration of `work`. */
export function withEnvironmentTargets<T>(
  location: EnvironmentLocation,
  options: CommandOptions,
  work: (targets: Targets, workspace: Workspace) => Promise<T>,
): Promise<T> {
  return withTargets(targetRequestFor(location, options.local), [location], options, work);
}

/** Consecutive environments that live in the same place, in the order given (the gate's reports keep it). */
export function groupByTarget(environments: ValidatedEnvironment[], local?: boolean): Array<{ request: TargetRequest; environments: ValidatedEnvironment[] }> {
  const groups: Array<{ request: TargetRequest; environments: ValidatedEnvironment[] }> = [];
  for (const environment of environments) {
    const request = targetRequestFor(locationOf(environment), local);
    const last = groups.at(-1);
    if (last && sameTargetRequest(last.request, request)) last.environments.push(environment);
    else groups.push({ request, environments: [environment] });
  }
  return groups;
}

/**
 * Opens what the request names on the workspace for the duration of `work`, and always closes it.
 * Says where it acts when that matters: an AWS account (and who the credentials are), or --local
 * standing in for an environment that lives in AWS.
 */
export async function withTargets<T>(
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
