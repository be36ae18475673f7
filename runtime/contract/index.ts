/**
 * The runtime's contract without its clients: the document schema, problems and the error base.
 * It loads TypeBox and ajv only (no Stripe SDK, no AWS SDK), so the tool's config layer can
 * validate with the very same schema without paying for the checkout's clients.
 */
export {
  CaptureMethodSchema,
  compileValidator,
  parseRuntimeDocument,
  PaymentSettingsSchema,
  RuntimeDocumentSchema,
  StripeSettingsSchema,
  SUPPORTED_SCHEMA_VERSIONS,
  ThreeDSecurePolicySchema,
  validateRuntimeDocument,
  WebhookSettingsSchema,
  type CaptureMethod,
  type PaymentSettings,
  type Problem,
  type RuntimeDocument,
  type StripeSettings,
  type ThreeDSecurePolicy,
  type WebhookSettings,
} from './document';
export { StripeConfigError, type RuntimeErrorCode } from './errors';
