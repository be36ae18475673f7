import { StripeConfigError } from '../runtime/contract';

/**
 * What can be wrong with an environment file: missing (or none in the folder), not TypeScript that
 * type-checks, or invalid; or a name that cannot be an environment's (`usage`, like the CLI's own).
 */
export type ConfigErrorCode = 'config_invalid' | 'config_not_found' | 'config_type_error' | 'usage';

export class ConfigError extends StripeConfigError<ConfigErrorCode> {}
