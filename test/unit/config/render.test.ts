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

  test('a document states the lowest schema version that expresses it: 1 with a suffix, 2 without one', () => {
    expect(renderRuntimeDocument('production', sampleConfig()).document.schemaVersion).toBe(1);
    const config = sampleConfig();
    delete config.payments.statementDescriptorSuffix;
    const { problems, validated } = validateEnvironmentValue('production', config);
    expect(problems).toEqual([]);
    const { document } = validated!.rendered;
    expect(document.schemaVersion).toBe(2);
    expect(document.payments).not.toHaveProperty('statementDescriptorSuffix');
    expect(validateRuntimeDocument(document)).toEqual([]);
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
