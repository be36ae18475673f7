import type { CheckErrorCode } from '../checks';
import type { ConfigErrorCode } from '../config';
import { StripeConfigError, type RuntimeErrorCode } from '../runtime';
import type { LedgerErrorCode } from './ledger-errors';

/** Failures of the workflows themselves: Terraform, the deploy's refusal and read-back, the rollback's label move, the lock, usage. */
export type OpsErrorCode =
  | 'terraform_failed'
  | 'deploy_verification_failed'
  /** Deploy refused before it changed anything: no passing gate attestation, or not the plan the gate saw. */
  | 'deploy_refused'
  | 'rollback_refused'
  | 'rollback_conflict'
  | 'checks_failed'
  | 'usage'
  /** The environment is on hold: deploys (and a second rollback without --to) are refused until `release`. */
  | 'on_hold'
  /** The change was made and verified, then a later step (smoke, browser) failed: ops/operation.ts. */
  | 'changed_then_failed';

export class OpsError extends StripeConfigError<OpsErrorCode> {}

/** Every code a stripe-config command can end with: the CLI maps each one to an exit code. */
export type CommandErrorCode = RuntimeErrorCode | ConfigErrorCode | CheckErrorCode | OpsErrorCode | LedgerErrorCode;
