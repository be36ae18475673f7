/** The pure part of where key material comes from; the rest needs the stand-ins: test/integration/ops/key-material.test.ts. */
import { keySetEnvironmentVariable } from '../../../ops/targets';

describe('where key material comes from', () => {
  test('the variable is named after the key set', () => {
    expect(keySetEnvironmentVariable('staging-2026-11')).toBe('STRIPE_CONFIG_KEY_SET_STAGING_2026_11');
  });
});
