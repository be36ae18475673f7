import type { CheckErrorCode } from '../checks';
import type { ConfigErrorCode } from '../config';
import { StripeConfigError, type RuntimeErrorCode } from '../runtime/contract';
import type { LedgerErrorCode } from './ledger-errors';

/**
 * Failures of the workflows themselves: Terraform, the deploy's read-back, the rollback's label
 * move, the lock, the hold, usage; AWS credentials missing or of another account than the
 * environment's; and the embedded stand-ins' state under .stripe-config/ that cannot be read.
 */
export type OpsErrorCode =
  | 'terraform_failed'
  | 'deploy_verification_failed'
  /** Writing key-set material through the SDK failed (ops/key-set-material.ts). */
  | 'key_set_write_failed'
  /** Deploy refused before it changed anything: no passing gate attestation, or not the plan the gate saw. */
  | 'deploy_refused'
  | 'rollback_refused'
  | 'rollback_conflict'
  | 'checks_failed'
  | 'usage'
  /** The environment is on hold: deploys (and a second rollback without --to) are refused until `release`. */
  | 'on_hold'
  /** The change was made and verified, then a later step (smoke, browser) failed: ops/operation.ts. */
  | 'changed_then_failed'
  /** No AWS credentials, or AWS refused them, before a command on an AWS target (ops/aws-account.ts). */
  | 'aws_credentials'
  /** AWS credentials of another account than the environment declares. */
  | 'aws_account_mismatch'
  /** Local state of the embedded stand-ins that cannot be read (ops/local-world.ts). */
  | 'local_state_invalid';

export class OpsError extends StripeConfigError<OpsErrorCode> {}

/** Every code a stripe-config command can end with: the CLI maps each one to an exit code. */
export type CommandErrorCode = RuntimeErrorCode | ConfigErrorCode | CheckErrorCode | OpsErrorCode | LedgerErrorCode;
