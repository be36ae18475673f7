import { defineEnvironment } from '../define';

// Placeholder account and publishable key known to the embedded local stand-in
// (ops/local-world.ts). Replace them with your shop's Stripe account and keys.
export default defineEnvironment({
  stripe: {
    accountId: 'acct_1LocalProduction',
    mode: 'test',
    apiVersion: '2025-03-31.basil',
    publishableKey: 'pk_test_51LocalProductionPublishable',
    // Key material (secret key, webhook secret) lives only in Secrets Manager; see docs/RUNBOOK.md.
    keySet: 'production-2026-11',
  },
  payments: {
    threeDSecure: 'automatic',
    captureMethod: 'automatic',
    paymentMethodTypes: ['card'],
    currency: 'eur',
    returnUrl: 'https://shop.example.com/checkout/return',
    statementDescriptorSuffix: 'EXAMPLE SHOP',
  },
  shop: {
    // Where customers come back after a 3DS challenge: payments.returnUrl must be on one of these.
    origins: ['https://shop.example.com'],
  },
  infrastructure: {
    region: 'eu-west-1',
    checkoutRoleArn: 'arn:aws:iam::123456789012:role/checkout-production',
    keySets: ['production-2026-11'],
    recoveryWindowInDays: 7,
    tags: { environment: 'production', owner: 'payments' },
  },
});
