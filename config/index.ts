export { defineEnvironment } from './define';
export type { AwsTarget, CheckoutRuntimeDeclaration, CheckoutSettings, EnvironmentConfig, EnvironmentTarget, InfrastructureSettings } from './types';
export { accountOfArn, isAwsTarget, TARGET_FORMS } from './target';
export { EnvironmentConfigSchema } from './schema';
export { renderRuntimeDocument, secretNamesFor, type RenderedDocument, type SecretNames } from './render';
export {
  DEFAULT_CONFIG_DIR,
  describeReport,
  inspectEnvironments,
  listEnvironments,
  locateEnvironment,
  locateEnvironments,
  locationOf,
  type EnvironmentLocation,
  type TestModeLocation,
  loadEnvironment,
  loadEnvironments,
  selectEnvironments,
  validateEnvironmentValue,
  type EnvironmentReport,
  type LoadOptions,
  type ValidatedEnvironment,
} from './load';
export { environmentProgram, typeCheckEnvironmentFiles } from './type-check';
export { isZeroDecimalCurrency, minimumChargeAmount } from './stripe-currencies';
export { fieldRisk, type FieldRisk, type RiskLevel } from './field-risks';
export { ConfigError, type ConfigErrorCode } from './errors';
