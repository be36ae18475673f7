import { renderRuntimeDocument, validateEnvironmentValue } from '../../../config';
import { validateRuntimeDocument } from '../../../runtime';
import { sampleConfig } from '../../helpers/environments';

describe('runtime document', () => {
  test('the rendered document passes the runtime schema', () => {
    const { document } = renderRuntimeDocument('production', sampleConfig());
    expect(validateRuntimeDocument(document)).toEqual([]);
  });

  test('the rendered bytes are canonical: same config, same bytes, trailing newline', () => {
    const a = renderRuntimeDocument('production', sampleConfig()).json;
    const reordered = sampleConfig();
    const { payments } = reordered;
    const { returnUrl, ...rest } = payments;
    reordered.payments = { returnUrl, ...rest };
    expect(renderRuntimeDocument('production', reordered).json).toBe(a);
    expect(a.endsWith('}\n')).toBe(true);
  });

  test('the document names the key set by secret id and carries no infrastructure settings', () => {
    const { document } = renderRuntimeDocument('production', sampleConfig());
    expect(document.stripe.keySetSecretId).toBe('stripe-config/production/key-sets/production-2026-11');
    expect(JSON.stringify(document)).not.toMatch(/checkoutRoleArn|recoveryWindow/);
  });

  test('a custom secret prefix moves every secret name', () => {
    const config = sampleConfig();
    config.infrastructure.secretPrefix = 'shop/payments';
    const { validated } = validateEnvironmentValue('production', config);
    expect(validated?.rendered.document.stripe.keySetSecretId).toBe('shop/payments/key-sets/production-2026-11');
  });

  test('the runtime schema refuses a document with an unknown field', () => {
    const { document } = renderRuntimeDocument('production', sampleConfig());
    expect(validateRuntimeDocument({ ...document, extra: true })).toContainEqual({ path: '/extra', message: 'is not a known field' });
  });
});
