import { StripeConfigError } from '../runtime/contract';

/** What can be wrong with an environment file: missing, not TypeScript that type-checks, or invalid. */
export type ConfigErrorCode = 'config_invalid' | 'config_not_found' | 'config_type_error';

export class ConfigError extends StripeConfigError<ConfigErrorCode> {}
