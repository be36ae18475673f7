import { mask, redact } from '../../../ops/redact';

describe('redaction', () => {
  test('masks Stripe secret, restricted and webhook keys down to their last four characters', () => {
    const text = 'key sk_test_51PLANTEDabcdefWXYZ and rk_live_ABCDEFGH1234 and whsec_abcdefgh9876 end';
    expect(redact(text)).toBe('key sk_test_…WXYZ and rk_live_…1234 and whsec_…9876 end');
  });

  test('masks known secrets even when they do not look like keys', () => {
    expect(redact('token=correct-horse-battery', ['correct-horse-battery'])).toBe('token=…tery');
  });

  test('leaves publishable keys alone: they are public', () => {
    expect(redact('pk_test_51LocalProductionPublishable')).toBe('pk_test_51LocalProductionPublishable');
  });

  test('mask keeps the prefix', () => {
    expect(mask('sk_test_abcdefgh1234')).toBe('sk_test_…1234');
  });
});
