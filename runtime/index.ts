export {
  RuntimeDocumentSchema,
  parseRuntimeDocument,
  validateRuntimeDocument,
  StripeConfigError,
  SUPPORTED_SCHEMA_VERSIONS,
  type CaptureMethod,
  type PaymentSettings,
  type Problem,
  type RuntimeDocument,
  type RuntimeErrorCode,
  type StripeSettings,
  type ThreeDSecurePolicy,
} from './contract';
export { createConfigLoader, type ConfigLoader, type ConfigLoaderOptions, type ConfigRejection, type LoadedDocument } from './loader';
export { loadKeySet, parseKeySetMaterial, type KeySetMaterial } from './key-set';
export { createCheckout, outcomeOf, type Checkout, type CheckoutOutcome, type CheckoutStatus, type PaymentRequest } from './checkout';
export { createStripeClient, type StripeClientOptions, type StripeEndpoint } from './stripe-client';
