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
    schemaVersion: 1,
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
      statementDescriptorSuffix: payments.statementDescriptorSuffix,
    },
    ...(webhooks ? { webhooks: { url: webhooks.url, events: [...webhooks.events] } } : {}),
  };
  return { document, json: `${JSON.stringify(document, null, 2)}\n` };
}
