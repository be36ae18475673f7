/**
 * The one error family of stripe-config. Every failure a user can meet carries a stable `code`
 * (the CLI maps codes to exit codes), a message that names the field, version or request, and a
 * hint saying what to do next.
 */
export type StripeConfigErrorCode =
  | 'config_invalid'
  | 'config_not_found'
  | 'config_type_error'
  | 'document_invalid'
  | 'key_material_missing'
  | 'live_keys_refused'
  | 'terraform_failed'
  | 'deploy_verification_failed'
  | 'rollback_refused'
  | 'rollback_conflict'
  | 'checks_failed'
  | 'browser_unavailable'
  | 'usage';

export class StripeConfigError extends Error {
  override readonly name = 'StripeConfigError';
  constructor(
    readonly code: StripeConfigErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
