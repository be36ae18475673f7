/**
 * `stripe-config rollback`, in a module of its own so that on-call's command loads only what the
 * move needs before the move (ops/on-call/index.ts; docs/ARCHITECTURE.md, "Each command loads only
 * what it uses"): not the gate, deploy, Terraform's bindings, the checks or the Stripe SDK.
 */
import { accountOfArn, locateEnvironment, type EnvironmentLocation } from '../config';
import { OpsError } from './errors';
import { rollbackEnvironment, type RollbackMove, type RollbackReport } from './rollback';
import type { TargetRequest, Targets } from './targets';
import { withEnvironmentTargets, withTargets, type CommandOptions } from './with-targets';

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
  /** Told as soon as the move is verified and the hold set, before the smoke journeys (the CLI prints it at once). */
  onMoved?: (move: RollbackMove) => void;
}

export async function rollbackCommand(environment: string, options: RollbackCommandOptions = {}): Promise<RollbackReport> {
  if (Boolean(options.region) !== Boolean(options.secretId)) {
    throw new OpsError('usage', '--region and --secret-id go together: give both, or neither to read them from the config file');
  }
  const { reason, from, to, dryRun, onMoved } = options;
  const act = (location: EnvironmentLocation, targets: Targets) => rollbackEnvironment(location, targets, undefined, { reason, from, to, dryRun, onMoved });
  if (!options.region || !options.secretId) {
    const location = locateEnvironment(environment, options);
    return withEnvironmentTargets(location, options, (targets) => act(location, targets));
  }
  // Without the file: on the stand-ins with --local, else in AWS, in the account the secret's ARN
  // names (a plain name: the credentials' account, named in the notice). Never a silent local run.
  const { region, secretId } = options;
  const accountId = accountOfArn(secretId);
  const request: TargetRequest = options.local ? { local: true } : { aws: { environment, region, ...(accountId ? { accountId } : {}) } };
  return withTargets(request, [], options, (targets) => {
    const target = targets.caller ? { aws: { accountId: targets.caller.account } } : ('embedded' as const);
    return act({ environment, target, region, configSecretId: secretId }, targets);
  });
}
