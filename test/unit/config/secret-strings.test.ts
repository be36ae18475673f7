/**
 * No key material anywhere in an environment's config: every string field and tag key is searched,
 * the message names the field, and no message ever shows more of the key than its last 4 characters.
 */
import { validateEnvironmentValue } from '../../../config';
import { maskSecrets, secretStringProblems } from '../../../config/secret-strings';
import { sampleConfig } from '../../helpers/environments';

const TODAY = new Date('2026-11-24T00:00:00Z');

// Shaped like the real thing, made up for this test.
const SK_LIVE = 'sk_live_51Hx9ExampleExampleExampleKq7W';
const RK_TEST = 'rk_test_51Hx9ExampleExampleZz12';
const WHSEC = 'whsec_ExampleSigningSecretAb3d';
const AKIA = 'AKIAIOSFODNN7EXAMPLE';
const ASIA = 'ASIAY34FZKBOKMUTVV7A';
const PRIVATE_KEY = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA0Z3VS5JJcds3xfn\n-----END RSA PRIVATE KEY-----';

type Mutation = (config: any) => void;

describe('secret-looking strings', () => {
  const CONTAINS = 'contains';
  const KEY = 'has a key that contains';
  const leaks: Array<[string, Mutation, string, string, string, string]> = [
    ['a live secret key in a tag value', (c) => (c.infrastructure.tags.owner = SK_LIVE), '/infrastructure/tags/owner', CONTAINS, 'a Stripe live-mode secret key', 'sk_live_…Kq7W'],
    ['a restricted key as the descriptor', (c) => (c.payments.statementDescriptorSuffix = 'rk_test_51HxZz12'), '/payments/statementDescriptorSuffix', CONTAINS, 'a Stripe test-mode restricted key', 'rk_test_…Zz12'],
    ['a secret key in the return URL', (c) => (c.payments.returnUrl = `https://shop.example.com/checkout/return?key=${SK_LIVE}`), '/payments/returnUrl', CONTAINS, 'a Stripe live-mode secret key', 'sk_live_…Kq7W'],
    ['a webhook secret in the webhook URL', (c) => (c.webhooks = { url: `https://shop.example.com/hooks/${WHSEC}`, events: ['payment_intent.succeeded'] }), '/webhooks/url', CONTAINS, 'a Stripe webhook signing secret', 'whsec_…Ab3d'],
    ['a webhook secret among the webhook events', (c) => (c.webhooks = { url: 'https://shop.example.com/hooks', events: ['payment_intent.succeeded', 'whsec_abcdefghij.x'] }), '/webhooks/events/1', CONTAINS, 'a Stripe webhook signing secret', 'whsec_…ghij'],
    ['an AWS access key as a tag key', (c) => (c.infrastructure.tags[AKIA] = 'ci'), '/infrastructure/tags', KEY, 'an AWS access key id', 'AKIA…MPLE'],
    ['a temporary AWS key in the backend', (c) => (c.infrastructure.backend = { type: 's3', bucket: 'terraform-state', key: ASIA, region: 'eu-west-1' }), '/infrastructure/backend/key', CONTAINS, 'an AWS access key id', 'ASIA…VV7A'],
    ['a private key in a tag value', (c) => (c.infrastructure.tags.owner = PRIVATE_KEY), '/infrastructure/tags/owner', CONTAINS, 'a private key', '-----BEGIN … PRIVATE KEY-----'],
    ['a secret key in a field the schema does not know', (c) => (c.stripe.secretKey = SK_LIVE), '/stripe/secretKey', CONTAINS, 'a Stripe live-mode secret key', 'sk_live_…Kq7W'],
    ['a secret key in a field with fixed values', (c) => (c.payments.threeDSecure = SK_LIVE), '/payments/threeDSecure', CONTAINS, 'a Stripe live-mode secret key', 'sk_live_…Kq7W'],
  ];
  test.each(leaks)('refuses %s, naming the field and masking the key', (_name, mutate, path, how, what, shown) => {
    const config = sampleConfig();
    mutate(config);
    const { problems, validated } = validateEnvironmentValue('production', config, { today: TODAY });
    expect(validated).toBeUndefined();
    expect(problems).toContainEqual({
      path,
      message: `${how} what looks like ${what} (${shown}): key material belongs in a key set (docs/CONFIG.md, "Key sets"), never in the config, which is committed and readable by the checkout`,
    });
  });

  test.each([SK_LIVE, RK_TEST, WHSEC, AKIA, ASIA, PRIVATE_KEY])('no problem ever prints %s, even where the schema quotes the value', (secret) => {
    const config: any = sampleConfig();
    config.payments.threeDSecure = secret; // the schema's message quotes what it got
    config.infrastructure.tags = { [secret]: secret };
    const printed = JSON.stringify(validateEnvironmentValue('production', config, { today: TODAY }).problems);
    const body = secret.includes('PRIVATE KEY') ? 'MIIEpAIBAAKCAQEA' : secret.slice(0, -4);
    expect(printed).not.toContain(body);
  });

  test.each([
    ['a publishable key', 'pk_live_51Hx9ExampleExampleExample'],
    ['a word that merely contains a prefix', 'desk_test_drive_results'],
    ['a short made-up token', 'sk_test_abc'],
    ['an ARN with an account id', 'arn:aws:iam::123456789012:role/checkout-production'],
  ])('%s is not key material', (_name, text) => {
    expect(secretStringProblems({ text })).toEqual([]);
  });

  test('the sample environments hold no key material', () => {
    for (const environment of ['development', 'staging', 'production']) expect(secretStringProblems(sampleConfig(environment))).toEqual([]);
  });

  test('masking keeps only the prefix and the last four characters, and is idempotent', () => {
    const text = `keys ${SK_LIVE} and ${AKIA}`;
    expect(maskSecrets(text)).toBe('keys sk_live_…Kq7W and AKIA…MPLE');
    expect(maskSecrets(maskSecrets(text))).toBe(maskSecrets(text));
  });
});
