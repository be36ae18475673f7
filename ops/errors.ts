import type { CheckErrorCode } from '../checks';
import type { ConfigErrorCode } from '../config';
import { StripeConfigError, type RuntimeErrorCode } from '../runtime';

/**
 * Failures of the workflows themselves: Terraform, the deploy's read-back, the rollback's label
 * move, the lock, usage; AWS credentials missing or of another account than the environment's; and
 * the embedded stand-ins' state under .stripe-config/ that cannot be read.
 */
export type OpsErrorCode =
  | 'terraform_failed'
  | 'deploy_verification_failed'
  | 'rollback_refused'
  | 'rollback_conflict'
  | 'checks_failed'
  | 'usage'
  | 'aws_credentials'
  | 'aws_account_mismatch'
  | 'local_state_invalid';

export class OpsError extends StripeConfigError<OpsErrorCode> {}

/** Every code a stripe-config command can end with: the CLI maps each one to an exit code. */
export type CommandErrorCode = RuntimeErrorCode | ConfigErrorCode | CheckErrorCode | OpsErrorCode;
