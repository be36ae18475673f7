/** The pure parts of targets: what an environment's declaration opens, and where key material comes from (the rest needs the stand-ins: test/integration/ops/key-material.test.ts). */
import { keySetEnvironmentVariable, targetRequestFor } from '../../../ops/targets';

const AWS = { environment: 'production', target: { aws: { accountId: '123456789012' } }, region: 'eu-west-1' };
const EMBEDDED = { environment: 'staging', target: 'embedded' as const, region: 'eu-west-1' };

describe('what a command opens is what the environment declares', () => {
  test('an embedded environment opens the stand-ins', () => {
    expect(targetRequestFor(EMBEDDED)).toEqual({ local: true });
  });

  test('an environment in AWS opens its account in its region, never the stand-ins', () => {
    expect(targetRequestFor(AWS)).toEqual({ aws: { environment: 'production', accountId: '123456789012', region: 'eu-west-1' } });
  });

  test('--local opens the stand-ins for either', () => {
    expect(targetRequestFor(AWS, true)).toEqual({ local: true });
    expect(targetRequestFor(EMBEDDED, true)).toEqual({ local: true });
  });
});

describe('where key material comes from', () => {
  test('the variable is named after the key set', () => {
    expect(keySetEnvironmentVariable('staging-2026-11')).toBe('STRIPE_CONFIG_KEY_SET_STAGING_2026_11');
  });
});
