/**
 * `stripe-config rollback`, in a module of its own so that on-call's command loads only what the
 * move needs before the move (ops/on-call/index.ts; docs/ARCHITECTURE.md, "Each command loads only
 * what it uses"): not the gate, deploy, Terraform's bindings, the checks or the Stripe SDK.
 */
import { locateEnvironment, type EnvironmentLocation } from '../config';
import { OpsError } from './errors';
import { rollbackEnvironment, type RollbackMove, type RollbackReport } from './rollback';
import { withTargets, type CommandOptions } from './with-targets';

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
  const location = rollbackLocation(environment, options);
  const { reason, from, to, dryRun, onMoved } = options;
  return withTargets(options, (targets) => rollbackEnvironment(location, targets, undefined, { reason, from, to, dryRun, onMoved }));
}

function rollbackLocation(environment: string, options: RollbackCommandOptions): EnvironmentLocation {
  if (Boolean(options.region) !== Boolean(options.secretId)) {
    throw new OpsError('usage', '--region and --secret-id go together: give both, or neither to read them from the config file');
  }
  return options.region && options.secretId
    ? { environment, region: options.region, configSecretId: options.secretId }
    : locateEnvironment(environment, options);
}
