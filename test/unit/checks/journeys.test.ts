import { describeExpectation, JOURNEYS, refuseLiveKeys } from '../../../checks';
import { sampleEnvironment } from '../../helpers/environments';

const payments = sampleEnvironment('production').rendered.document.payments;

describe('journey expectations follow the settings', () => {
  const expected = (id: string, overrides: Partial<typeof payments> = {}) =>
    describeExpectation(JOURNEYS.find((j) => j.id === id)!.expect({ ...payments, ...overrides }));

  test('successful journeys end paid with automatic capture and authorized with manual capture', () => {
    expect(expected('challenge-completed')).toBe('paid after challenge');
    expect(expected('challenge-completed', { captureMethod: 'manual' })).toBe('authorized after challenge');
    expect(expected('frictionless', { captureMethod: 'automatic_async' })).toBe('paid without challenge');
  });

  test('where the runner adds the settings\' currency (money moves), the expectation names it', () => {
    expect(describeExpectation({ status: 'paid', challenged: false, currency: 'eur' })).toBe('paid in EUR without challenge');
    expect(describeExpectation({ status: 'authorized', offSession: true, challenged: true, currency: 'huf' })).toBe('authorized in HUF off-session, card saved after challenge');
  });

  test("the frictionless card must not be challenged under 'automatic', and may be under 'any' or 'challenge'", () => {
    expect(expected('frictionless')).toBe('paid without challenge');
    expect(expected('frictionless', { threeDSecure: 'any' })).toBe('paid');
    expect(expected('frictionless', { threeDSecure: 'challenge' })).toBe('paid');
  });

  test('failures do not depend on capture settings', () => {
    expect(expected('challenge-failed', { captureMethod: 'manual' })).toBe('authentication_failed after challenge');
    expect(expected('declined', { captureMethod: 'manual' })).toBe('declined (generic_decline) without challenge');
  });

  test('off-session journeys judge the later charge and say how the card was saved', () => {
    expect(expected('off-session-saved-card')).toBe('paid off-session, card saved after challenge');
    expect(expected('off-session-saved-card', { captureMethod: 'manual' })).toBe('authorized off-session, card saved after challenge');
    expect(expected('off-session-needs-customer')).toBe('needs_customer off-session, card saved after challenge');
  });

  test('the smoke subset covers success with and without a challenge, and a decline', () => {
    expect(JOURNEYS.filter((j) => j.smoke).map((j) => j.id)).toEqual(['frictionless', 'challenge-completed', 'declined']);
  });
});

describe('live keys', () => {
  const document = sampleEnvironment('staging').rendered.document; // a test-mode environment (production is live mode)
  test.each([
    ['a live secret key', 'sk_live_abcdefghijklmnop', document.stripe.publishableKey],
    ['a live restricted key', 'rk_live_abcdefghijklmnop', document.stripe.publishableKey],
    ['a live publishable key', 'sk_test_abcdefghijklmnop', 'pk_live_abcdefghijklmnop'],
  ])('checks refuse %s outright', (_name, secretKey, publishableKey) => {
    expect(() => refuseLiveKeys({ ...document, stripe: { ...document.stripe, publishableKey } }, secretKey)).toThrow(
      expect.objectContaining({ code: 'live_keys_refused' }),
    );
  });

  test('test keys are fine', () => {
    expect(() => refuseLiveKeys(document, 'sk_test_abcdefghijklmnop')).not.toThrow();
  });
});
