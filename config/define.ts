import type { EnvironmentConfig } from './types';

/**
 * Identity function that gives environment files their type: a misspelt field or a wrong literal
 * is a TypeScript error in the editor, before the schema ever runs.
 */
export function defineEnvironment(config: EnvironmentConfig): EnvironmentConfig {
  return config;
}
