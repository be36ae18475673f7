/**
 * The typed environment config that pull requests change. It reuses the runtime document's
 * settings schemas (runtime/contract/document.ts) and adds what only the infrastructure needs.
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  compileValidator,
  PaymentSettingsSchema,
  StripeSettingsSchema,
  WebhookSettingsSchema,
  type Problem,
} from '../runtime/contract';
import type { EnvironmentConfig } from './types';

export const S3BackendSchema = Type.Object(
  {
    type: Type.Literal('s3'),
    bucket: Type.String({ minLength: 3 }),
    key: Type.String({ minLength: 1 }),
    region: Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]$' }),
    /** S3-native state locking (Terraform >= 1.10); default true. */
    useLockfile: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const InfrastructureSettingsSchema = Type.Object(
  {
    region: Type.String({ pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]$', description: 'AWS region, e.g. eu-west-1' }),
    secretPrefix: Type.Optional(
      Type.String({ pattern: '^[0-9A-Za-z/_+=.@-]{1,200}$', description: 'Secret name prefix; default stripe-config/<environment>' }),
    ),
    checkoutRoleArn: Type.String({
      pattern: '^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$',
      description: 'IAM role of the checkout service: the only principal allowed to read the secrets',
    }),
    customerManagedKey: Type.Optional(
      Type.Boolean({
        description: "Encrypt this environment's secrets with a KMS key of its own whose key policy matches the roles; default true in live mode, false in test mode",
      }),
    ),
    keySets: Type.Array(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }), {
      minItems: 1,
      uniqueItems: true,
      description: 'Key sets kept in Secrets Manager; keep the previous one listed so a rollback can use it',
    }),
    recoveryWindowInDays: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 30, description: '0 (force delete) or 7-30 days; default 30' }),
    ),
    // A Record keeps no constraint on its keys: their length (1-128) is a rule in config/rules.ts.
    tags: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 256 }))),
    backend: Type.Optional(S3BackendSchema),
  },
  { additionalProperties: false },
);

export const ShopSettingsSchema = Type.Object(
  {
    origins: Type.Array(Type.String({ pattern: '^https?://[^/?#]+$', description: 'Origin of the shop, e.g. https://shop.example.com (no path)' }), {
      minItems: 1,
      uniqueItems: true,
      description: "Origins the shop serves; payments.returnUrl must be on one of them",
    }),
    statementDescriptorPrefix: Type.Optional(
      Type.String({
        minLength: 2,
        maxLength: 10,
        description: "The Stripe account's statement descriptor prefix (shortened descriptor), 2-10 characters",
      }),
    ),
  },
  { additionalProperties: false },
);

export const TestModeSettingsSchema = Type.Object(
  {
    publishableKey: Type.String({
      pattern: '^pk_test_[A-Za-z0-9]{8,247}$',
      description: "The same account's test-mode publishable key, for the gate's journeys",
    }),
    keySet: Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
      description: "Key set with the same account's test-mode keys, for the gate's journeys; never key material",
    }),
  },
  { additionalProperties: false },
);

export const EnvironmentConfigSchema = Type.Object(
  {
    stripe: StripeSettingsSchema,
    testMode: Type.Optional(TestModeSettingsSchema),
    payments: PaymentSettingsSchema,
    shop: ShopSettingsSchema,
    webhooks: Type.Optional(WebhookSettingsSchema),
    infrastructure: InfrastructureSettingsSchema,
  },
  { additionalProperties: false },
);

// Environment files are type-checked against the plain interfaces of config/types.ts (a lean
// program, config/type-check.ts). This fails to compile when they and the schema drift apart;
// test/unit/config/types.test.ts shows that it would.
export type InterfacesMatchSchema = Assert<SameType<EnvironmentConfig, EnvironmentConfigFromSchema>>;

/** The schema's own type for a config (the TypeBox Static type). */
export type EnvironmentConfigFromSchema = Static<typeof EnvironmentConfigSchema>;

/** True when A and B are the same type: same fields, same optionality, same literals. */
export type SameType<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export type Assert<T extends true> = T;

export const validateEnvironmentShape: (value: unknown) => Problem[] = compileValidator(EnvironmentConfigSchema);

export const validateInfrastructure: (value: unknown) => Problem[] = compileValidator(InfrastructureSettingsSchema);
