import { defineEnvironment } from '../define';

// Placeholder account and publishable key known to the embedded local stand-in
// (ops/local-world.ts). Replace them with your shop's Stripe account and keys.
export default defineEnvironment({
  // Where it lives: the embedded stand-ins (no credentials needed). A real environment declares
  // target: { aws: { accountId: '123456789012' } } and an S3 backend (docs/CONFIG.md, "target").
  target: 'embedded',
  stripe: {
    accountId: 'acct_1LocalStaging',
    mode: 'test',
    apiVersion: '2025-03-31.basil',
    publishableKey: 'pk_test_51LocalStagingPublishable',
    // Key material (secret key, webhook secret) lives only in Secrets Manager; see docs/RUNBOOK.md.
    keySet: 'staging-2026-11',
  },
  payments: {
    threeDSecure: 'automatic',
    captureMethod: 'automatic',
    paymentMethodTypes: ['card'],
    currency: 'eur',
    returnUrl: 'https://staging.shop.example.com/checkout/return',
    statementDescriptorSuffix: 'EXAMPLE SHOP',
  },
  shop: {
    // Where customers come back after a 3DS challenge: payments.returnUrl must be on one of these.
    origins: ['https://staging.shop.example.com'],
    // The account's statement descriptor prefix (Dashboard: shortened descriptor), so validate
    // checks that "EXAMPLE* " + payments.statementDescriptorSuffix fits Stripe's 22 characters.
    statementDescriptorPrefix: 'EXAMPLE',
  },
  infrastructure: {
    region: 'eu-west-1',
    checkoutRoleArn: 'arn:aws:iam::123456789012:role/checkout-staging',
    keySets: ['staging-2026-11'],
    recoveryWindowInDays: 0,
    tags: { environment: 'staging', owner: 'payments' },
  },
});
