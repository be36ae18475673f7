/**
 * The runtime document: the JSON that the checkout backend reads from Secrets Manager (AWSCURRENT
 * of the environment's config secret). Its schema is written once, here, with TypeBox, and compiled
 * by ajv; the CLI, the stacks, the checks and the runtime loader all validate with it.
 *
 * The settings pieces (`StripeSettingsSchema`, `PaymentSettingsSchema`) are reused by the typed
 * environment config in `config/`, so a field means the same thing, with the same rule, everywhere.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

export const ThreeDSecurePolicySchema = Type.Union(
  [Type.Literal('automatic'), Type.Literal('any'), Type.Literal('challenge')],
  {
    description:
      "payment_method_options.card.request_three_d_secure: 'automatic' lets Stripe decide, 'any' asks for 3DS whenever the card supports it, 'challenge' asks for a challenge",
  },
);

export const CaptureMethodSchema = Type.Union(
  [Type.Literal('automatic'), Type.Literal('automatic_async'), Type.Literal('manual')],
  { description: "PaymentIntent capture_method; 'manual' ends journeys authorised (requires_capture), not paid" },
);

export const StripeSettingsSchema = Type.Object(
  {
    accountId: Type.String({ pattern: '^acct_[A-Za-z0-9]{1,64}$', description: 'Stripe account id (acct_…)' }),
    mode: Type.Union([Type.Literal('test'), Type.Literal('live')], { description: 'Stripe mode the keys belong to' }),
    apiVersion: Type.String({
      // Dated versions, with a release name since 2024-09-30 (e.g. 2025-03-31.basil).
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}(\\.[a-z]+)?$',
      description: 'Pinned Stripe API version sent as Stripe-Version on every request',
    }),
    publishableKey: Type.String({
      pattern: '^pk_(test|live)_[A-Za-z0-9]{8,247}$',
      description: 'Publishable key the front end uses; public, so it may live in the document',
    }),
    keySet: Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
      description: 'Name of the immutable key set (secret key + webhook secret) this environment uses; never key material',
    }),
  },
  { additionalProperties: false },
);

export const PaymentSettingsSchema = Type.Object(
  {
    threeDSecure: ThreeDSecurePolicySchema,
    captureMethod: CaptureMethodSchema,
    paymentMethodTypes: Type.Array(Type.Literal('card'), {
      minItems: 1,
      uniqueItems: true,
      description: 'payment_method_types sent explicitly, so API-version defaults (automatic_payment_methods) do not change behaviour',
    }),
    currency: Type.String({ pattern: '^[a-z]{3}$', description: 'ISO currency code, lowercase' }),
    returnUrl: Type.String({ format: 'uri', description: 'Where the customer comes back after a 3DS redirect' }),
    // Optional since schema version 2: without it Stripe prints the account's own descriptor
    // (API reference, statement_descriptor_suffix). A schema version 1 document must carry it.
    statementDescriptorSuffix: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 22,
        pattern: "^[^<>\\\\'\"*]*$",
        description: 'statement_descriptor_suffix; up to 22 characters, none of < > \\ \' " *; omitted: the account\'s own descriptor (schema version 2)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const WebhookSettingsSchema = Type.Object(
  {
    url: Type.String({ format: 'uri', description: 'Endpoint Stripe delivers events to' }),
    events: Type.Array(Type.String({ pattern: '^[a-z_]+(\\.[a-z_]+)+$' }), { minItems: 1, uniqueItems: true }),
  },
  { additionalProperties: false },
);

/**
 * The document's format versions this runtime understands. A document states its own
 * (`schemaVersion`); one that states another is refused as a whole, with one problem naming both
 * versions, because a newer format's fields cannot be judged by an older schema (issue 12: a config
 * change that needs a newer runtime must not be half-understood by the checkout running today).
 * List a version here only when `RuntimeDocumentSchema` accepts it.
 *
 * 1: the first format. 2: `payments.statementDescriptorSuffix` may be omitted. A document states the
 * lowest version that can express it (config/render.ts), so a checkout service on an older runtime
 * keeps reading every document that does not need more.
 */
export const SUPPORTED_SCHEMA_VERSIONS: readonly number[] = Object.freeze([1, 2]);

export const RuntimeDocumentSchema = Type.Object(
  {
    schemaVersion: Type.Union([Type.Literal(1), Type.Literal(2)]),
    environment: Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$' }),
    stripe: Type.Composite([
      StripeSettingsSchema,
      Type.Object({
        keySetSecretId: Type.String({ minLength: 1, description: 'Secrets Manager id of the key-set secret' }),
      }),
    ], { additionalProperties: false }),
    payments: PaymentSettingsSchema,
    webhooks: Type.Optional(WebhookSettingsSchema),
  },
  { additionalProperties: false },
);

export type ThreeDSecurePolicy = Static<typeof ThreeDSecurePolicySchema>;
export type CaptureMethod = Static<typeof CaptureMethodSchema>;
export type StripeSettings = Static<typeof StripeSettingsSchema>;
export type PaymentSettings = Static<typeof PaymentSettingsSchema>;
export type WebhookSettings = Static<typeof WebhookSettingsSchema>;
export type RuntimeDocument = Static<typeof RuntimeDocumentSchema>;

/** One problem, located by a JSON pointer into the validated value (`/payments/threeDSecure`). */
export interface Problem {
  path: string;
  message: string;
}

const ajv = addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }), ['uri']);

/** Compiles a TypeBox schema once and returns a validator that lists every problem with its path. */
export function compileValidator<T extends TSchema>(schema: T): (value: unknown) => Problem[] {
  const validate = ajv.compile(schema);
  return (value) => (validate(value) ? [] : explain(validate.errors ?? []));
}

function explain(errors: ErrorObject[]): Problem[] {
  // A union failure reports one error per branch plus a summary; keep one readable line per field.
  const byPath = new Map<string, Problem>();
  for (const error of errors) {
    const path =
      error.keyword === 'additionalProperties'
        ? `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`
        : error.keyword === 'required'
          ? `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}`
          : error.instancePath || '/';
    const message = describe(error);
    const existing = byPath.get(path);
    if (!existing || error.keyword === 'anyOf') byPath.set(path, { path, message });
  }
  return [...byPath.values()];
}

function describe(error: ErrorObject): string {
  switch (error.keyword) {
    case 'additionalProperties':
      return 'is not a known field';
    case 'required':
      return 'is required';
    case 'anyOf': {
      const options = (error.schema as Array<{ const?: unknown }>).map((s) => s.const).filter((c) => c !== undefined);
      return options.length > 0
        ? `must be one of ${options.map((o) => JSON.stringify(o)).join(', ')} (got ${JSON.stringify(error.data)})`
        : 'does not match any allowed form';
    }
    case 'const':
      return `must be ${JSON.stringify((error.params as { allowedValue: unknown }).allowedValue)}`;
    case 'pattern': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return description ? `is not valid: ${description}` : `does not match ${error.params.pattern as string}`;
    }
    default:
      return error.message ?? 'is invalid';
  }
}

const validateDocumentShape = compileValidator(RuntimeDocumentSchema);

/** What checking a document found: no problems, or every problem; a refused schema version is one problem alone. */
interface DocumentCheck {
  problems: Problem[];
  /** The version the document states when this runtime does not understand it (absent otherwise). */
  unsupportedSchemaVersion?: number;
}

function checkDocument(value: unknown): DocumentCheck {
  const version = statedSchemaVersion(value);
  if (version === undefined || SUPPORTED_SCHEMA_VERSIONS.includes(version)) return { problems: [...validateDocumentShape(value), ...version1Problems(value, version)] };
  return { problems: [{ path: '/schemaVersion', message: describeUnsupportedVersion(version) }], unsupportedSchemaVersion: version };
}

/** A schema version 1 document means what it meant to the runtimes that knew only version 1: the suffix is required. */
function version1Problems(value: unknown, version: number | undefined): Problem[] {
  if (version !== 1) return [];
  const payments = (value as { payments?: unknown }).payments;
  if (typeof payments !== 'object' || payments === null || 'statementDescriptorSuffix' in payments) return [];
  return [{ path: '/payments/statementDescriptorSuffix', message: 'is required in schema version 1 (omitting it needs schema version 2)' }];
}

/** The whole number a document gives as its schemaVersion; anything else is left to the schema to name. */
function statedSchemaVersion(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  return typeof version === 'number' && Number.isInteger(version) ? version : undefined;
}

function describeUnsupportedVersion(version: number): string {
  const understood = SUPPORTED_SCHEMA_VERSIONS.join(', ');
  return version > Math.max(...SUPPORTED_SCHEMA_VERSIONS)
    ? `schema version ${version} is newer than this runtime understands (${understood}); upgrade stripe-config/runtime to a release that understands it`
    : `schema version ${version} is older than this runtime understands (${understood}); render and deploy the document again with the current stripe-config`;
}

/**
 * Parses stored bytes and validates them: the document when valid, else every problem (a non-JSON
 * body is one problem at `/`; a schema version this runtime does not understand is one problem at
 * `/schemaVersion`, with `unsupportedSchemaVersion` set).
 */
export function parseRuntimeDocument(json: string): { document?: RuntimeDocument; problems: Problem[]; unsupportedSchemaVersion?: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    return { problems: [{ path: '/', message: `is not JSON (${(error as Error).message})` }] };
  }
  const check = checkDocument(parsed);
  return check.problems.length === 0 ? { document: parsed as RuntimeDocument, problems: [] } : check;
}

/** Validates a parsed runtime document against the shared schema (a schema version it does not understand is one problem). */
export function validateRuntimeDocument(value: unknown): Problem[] {
  return checkDocument(value).problems;
}
