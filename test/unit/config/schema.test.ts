import { validateEnvironmentValue } from '../../../config';
import { sampleConfig } from '../../helpers/environments';

const TODAY = new Date('2026-11-24T00:00:00Z');

type Mutation = (config: any) => void;

/** Turns the sample into a live-mode environment whose checks use `testKeySet` (undefined: no testMode at all). */
function liveMode(config: any, testKeySet: string | undefined): void {
  config.stripe.mode = 'live';
  config.stripe.publishableKey = 'pk_live_51LocalProductionPublishable';
  if (testKeySet) config.testMode = { publishableKey: 'pk_test_51LocalProductionPublishable', keySet: testKeySet };
}

/** The production sample as a test-mode environment (the sample itself is live mode): what the rules about modes start from. */
function testModeSample(): any {
  const config: any = sampleConfig();
  config.stripe.mode = 'test';
  config.stripe.publishableKey = config.testMode.publishableKey;
  delete config.testMode;
  config.infrastructure.keySets = [config.stripe.keySet];
  return config;
}

describe('environment validation', () => {
  test.each(['development', 'staging', 'production'])('the sample %s environment is valid', (environment) => {
    expect(validateEnvironmentValue(environment, sampleConfig(environment), { today: TODAY }).problems).toEqual([]);
  });

  const badInputs: Array<[string, Mutation, string, RegExp]> = [
    ['an unknown 3DS policy', (c) => (c.payments.threeDSecure = 'sometimes'), '/payments/threeDSecure', /one of "automatic", "any", "challenge" \(got "sometimes"\)/],
    ['an unknown capture method', (c) => (c.payments.captureMethod = 'later'), '/payments/captureMethod', /one of/],
    ['a malformed account id', (c) => (c.stripe.accountId = 'acc_123'), '/stripe/accountId', /Stripe account id/],
    ['a secret key in place of the publishable key', (c) => (c.stripe.publishableKey = 'sk_test_abcdefghijkl'), '/stripe/publishableKey', /Publishable key/],
    ['a malformed API version', (c) => (c.stripe.apiVersion = 'latest'), '/stripe/apiVersion', /API version/],
    ['a return URL that is not a URL', (c) => (c.payments.returnUrl = 'checkout/return'), '/payments/returnUrl', /uri/],
    ['a statement descriptor that is too long', (c) => (c.payments.statementDescriptorSuffix = 'X'.repeat(23)), '/payments/statementDescriptorSuffix', /22/],
    ['a forbidden character in the descriptor', (c) => (c.payments.statementDescriptorSuffix = 'SHOP*'), '/payments/statementDescriptorSuffix', /none of/],
    ['a misspelt field', (c) => (c.payments.threeDSecurePolicy = 'any'), '/payments/threeDSecurePolicy', /not a known field/],
    ['a missing field', (c) => delete c.payments.returnUrl, '/payments/returnUrl', /required/],
    ['a checkout role that is not a role ARN', (c) => (c.infrastructure.checkoutRoleArn = 'checkout'), '/infrastructure/checkoutRoleArn', /IAM role/],
    ['no key sets', (c) => (c.infrastructure.keySets = []), '/infrastructure/keySets', /fewer than 1/],
    ['a customer-managed key switch that is not a boolean', (c) => (c.infrastructure.customerManagedKey = 'yes'), '/infrastructure/customerManagedKey', /boolean/],
  ];
  test.each(badInputs)('rejects %s and names the field', (_name, mutate, path, message) => {
    const config = sampleConfig();
    mutate(config);
    const { problems, validated } = validateEnvironmentValue('production', config, { today: TODAY });
    expect(validated).toBeUndefined();
    expect(problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  const ruleViolations: Array<[string, Mutation, string, RegExp]> = [
    ['a live key in a test-mode environment', (c) => (c.stripe.publishableKey = 'pk_live_abcdefghijkl'), '/stripe/publishableKey', /live-mode key but \/stripe\/mode is "test"/],
    ['a key set the stack does not keep', (c) => (c.stripe.keySet = 'production-2027-01'), '/stripe/keySet', /not listed in \/infrastructure\/keySets/],
    ['a plain-http return URL', (c) => (c.payments.returnUrl = 'http://shop.example.com/return'), '/payments/returnUrl', /https/],
    ['a descriptor without letters', (c) => (c.payments.statementDescriptorSuffix = '1234'), '/payments/statementDescriptorSuffix', /letter/],
    ['a recovery window AWS refuses', (c) => (c.infrastructure.recoveryWindowInDays = 3), '/infrastructure/recoveryWindowInDays', /0 or between 7 and 30/],
    ['an API version from the future', (c) => (c.stripe.apiVersion = '2027-01-01.future'), '/stripe/apiVersion', /future/],
    ['a named-era version without its name', (c) => (c.stripe.apiVersion = '2025-03-31'), '/stripe/apiVersion', /release name/],
    ['an old version with a name', (c) => (c.stripe.apiVersion = '2023-10-16.acacia'), '/stripe/apiVersion', /predates/],
    ['a return URL on a host the shop does not serve (a typo)', (c) => (c.payments.returnUrl = 'https://shop.exmaple.com/checkout/return'), '/payments/returnUrl', /https:\/\/shop\.exmaple\.com, which is not one of the shop's origins in \/shop\/origins \(https:\/\/shop\.example\.com\)/],
    ['a live-mode environment without test keys for its checks', (c) => liveMode(c, undefined), '/testMode', /required when \/stripe\/mode is "live"/],
    ['test keys for checks in a test-mode environment', (c) => (c.testMode = { publishableKey: 'pk_test_51LocalProductionPublishable', keySet: 'production-2026-11' }), '/testMode', /only for live-mode/],
    ['a test key set the stack does not keep', (c) => liveMode(c, 'production-test-2027-01'), '/testMode/keySet', /not listed in \/infrastructure\/keySets/],
    ['the live key set named as the test key set', (c) => liveMode(c, 'production-2026-11'), '/testMode/keySet', /must differ from \/stripe\/keySet/],
  ];
  test.each(ruleViolations)('rejects %s with a semantic rule', (_name, mutate, path, message) => {
    const config = testModeSample();
    mutate(config);
    expect(validateEnvironmentValue('production', config, { today: TODAY }).problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  test('loopback http return URLs are allowed in test mode', () => {
    const config = testModeSample();
    config.payments.returnUrl = 'http://127.0.0.1:3000/return';
    config.shop.origins.push('http://127.0.0.1:3000');
    expect(validateEnvironmentValue('production', config, { today: TODAY }).problems).toEqual([]);
  });

  test('lists every problem at once, not just the first', () => {
    const config: any = sampleConfig();
    config.payments.threeDSecure = 'never';
    config.stripe.accountId = 'nope';
    config.payments.currency = 'EURO';
    const paths = validateEnvironmentValue('production', config).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['/payments/threeDSecure', '/stripe/accountId', '/payments/currency']));
  });
});
