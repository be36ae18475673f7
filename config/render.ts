/**
 * Renders the runtime document: the single place where typed config becomes the bytes stored in
 * Secrets Manager, checked by the gate and read by the checkout backend.
 */
import type { RuntimeDocument } from '../runtime/contract';
import type { EnvironmentConfig } from './types';

export interface SecretNames {
  config: string;
  keySet(name: string): string;
}

export function secretNamesFor(environment: string, config: EnvironmentConfig): SecretNames {
  const prefix = config.infrastructure.secretPrefix ?? `stripe-config/${environment}`;
  return {
    config: `${prefix}/config`,
    keySet: (name) => `${prefix}/key-sets/${name}`,
  };
}

export interface RenderedDocument {
  document: RuntimeDocument;
  /** Canonical JSON (fixed key order, 2-space indent, trailing newline): what gets stored and hashed. */
  json: string;
}

export function renderRuntimeDocument(environment: string, config: EnvironmentConfig): RenderedDocument {
  const names = secretNamesFor(environment, config);
  const { stripe, payments, webhooks } = config;
  const document: RuntimeDocument = {
    schemaVersion: schemaVersionFor(config),
    environment,
    stripe: {
      accountId: stripe.accountId,
      mode: stripe.mode,
      apiVersion: stripe.apiVersion,
      publishableKey: stripe.publishableKey,
      keySet: stripe.keySet,
      keySetSecretId: names.keySet(stripe.keySet),
    },
    payments: {
      threeDSecure: payments.threeDSecure,
      captureMethod: payments.captureMethod,
      paymentMethodTypes: [...payments.paymentMethodTypes],
      currency: payments.currency,
      returnUrl: payments.returnUrl,
      ...(payments.statementDescriptorSuffix === undefined ? {} : { statementDescriptorSuffix: payments.statementDescriptorSuffix }),
    },
    ...(webhooks ? { webhooks: { url: webhooks.url, events: [...webhooks.events] } } : {}),
  };
  return { document, json: `${JSON.stringify(document, null, 2)}\n` };
}

/**
 * The lowest schema version that can express the document: a checkout service whose runtime knows
 * only version 1 keeps reading every document that needs nothing newer (runtime/contract/document.ts
 * lists what each version added). The gate's runtime check then flags only the changes that really
 * need a newer runtime.
 */
function schemaVersionFor(config: EnvironmentConfig): RuntimeDocument['schemaVersion'] {
  return config.payments.statementDescriptorSuffix === undefined ? 2 : 1;
}
