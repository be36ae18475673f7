import { defineEnvironment } from '../define';

// Placeholder account, publishable keys and key sets known to the embedded local stand-in
// (ops/local-world.ts). Replace them with your shop's Stripe account and keys.
// Production is live mode: customers pay with real cards, and the checks run these settings in the
// same account's test mode (testMode below), so they never move real money.
export default defineEnvironment({
  // Where it lives: the embedded stand-ins (no credentials needed). A real environment declares
  // target: { aws: { accountId: '123456789012' } } and an S3 backend (docs/CONFIG.md, "target").
  target: 'embedded',
  stripe: {
    accountId: 'acct_1LocalProduction',
    mode: 'live',
    apiVersion: '2025-03-31.basil',
    publishableKey: 'pk_live_51LocalProductionPublishable',
    // Key material (secret key, webhook secret) lives only in Secrets Manager; see docs/RUNBOOK.md.
    keySet: 'production-2026-11',
  },
  testMode: {
    // The same account's test mode, for the gate's journeys, deploy's precheck and the smoke checks.
    publishableKey: 'pk_test_51LocalProductionPublishable',
    keySet: 'production-test-2026-11',
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
    keySets: ['production-2026-11', 'production-test-2026-11'],
    recoveryWindowInDays: 7,
    tags: { environment: 'production', owner: 'payments' },
  },
});
