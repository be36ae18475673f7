/**
 * The environment config as plain TypeScript interfaces: what environment files are written and
 * type-checked against. They import nothing, so the type-check of an environment file builds a
 * program of a few files over the ES2022 library (config/type-check.ts) instead of loading every
 * TypeBox type. The TypeBox schema (config/schema.ts) stays the one validator; a compile-time check
 * there fails when these interfaces and the schema stop describing the same values.
 * docs/CONFIG.md explains every field.
 */
export type ThreeDSecurePolicy = 'automatic' | 'any' | 'challenge';
export type CaptureMethod = 'automatic' | 'automatic_async' | 'manual';

export interface StripeSettings {
  /** Stripe account id (acct_…). */
  accountId: string;
  mode: 'test' | 'live';
  /** Pinned Stripe API version, e.g. 2025-03-31.basil. */
  apiVersion: string;
  /** Publishable key the front end uses; public, so it may live in the document. */
  publishableKey: string;
  /** Name of the immutable key set this environment uses; never key material. */
  keySet: string;
}

export interface PaymentSettings {
  /** payment_method_options.card.request_three_d_secure. */
  threeDSecure: ThreeDSecurePolicy;
  captureMethod: CaptureMethod;
  paymentMethodTypes: 'card'[];
  /** ISO currency code, lowercase. */
  currency: string;
  /** Where the customer comes back after a 3DS redirect. */
  returnUrl: string;
  /** Latin letters, digits, spaces and ASCII punctuation but none of < > \ ' " *; at least one letter; fits after the account's prefix and "* " in 22 characters. */
  statementDescriptorSuffix: string;
}

export interface WebhookSettings {
  url: string;
  events: string[];
}

export interface S3BackendSettings {
  type: 's3';
  bucket: string;
  key: string;
  region: string;
  /** S3-native state locking (Terraform >= 1.10); default true. */
  useLockfile?: boolean;
}

export interface InfrastructureSettings {
  /** AWS region, e.g. eu-west-1. */
  region: string;
  /** Secret name prefix; default stripe-config/<environment>. */
  secretPrefix?: string;
  /** IAM role of the checkout service (it exists already; the stacks only grant it reads): the only principal allowed to read the secrets. */
  checkoutRoleArn: string;
  /** Encrypt this environment's secrets with a KMS key of its own whose key policy matches the roles; default true in live mode, false in test mode. */
  customerManagedKey?: boolean;
  /** Key sets kept in Secrets Manager; keep the previous one listed so a rollback can use it. */
  keySets: string[];
  /** 0 (force delete) or 7-30 days; default 30. */
  recoveryWindowInDays?: number;
  tags?: Record<string, string>;
  backend?: S3BackendSettings;
}

/** Where the shop lives and how its card statements start. */
export interface ShopSettings {
  /** Origins the shop serves, e.g. https://shop.example.com (no path); the return URL must be on one. */
  origins: string[];
  /**
   * The Stripe account's statement descriptor prefix (the Dashboard's "shortened descriptor", 2-10
   * characters). When given, validate checks that prefix + "* " + payments.statementDescriptorSuffix
   * fits Stripe's 22 characters; otherwise the shortest prefix (2) is assumed.
   */
  statementDescriptorPrefix?: string;
}

/**
 * A live-mode environment's checks run its settings in Stripe test mode, with the same account's
 * test keys: journeys never move real money.
 */
export interface TestModeSettings {
  /** The same account's test-mode publishable key (pk_test_…). */
  publishableKey: string;
  /** Key set holding the same account's test-mode keys; listed in infrastructure.keySets. */
  keySet: string;
}

export interface EnvironmentConfig {
  stripe: StripeSettings;
  /** Required when stripe.mode is 'live'; not allowed in test mode. */
  testMode?: TestModeSettings;
  payments: PaymentSettings;
  shop: ShopSettings;
  webhooks?: WebhookSettings;
  infrastructure: InfrastructureSettings;
}
