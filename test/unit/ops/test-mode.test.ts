import { refuseLiveKeys } from '../../../checks';
import { locationOf } from '../../../config';
import { smokeChecks, type Targets } from '../../../ops';
import { inTestMode } from '../../../ops/test-mode';
import { sampleEnvironment } from '../../helpers/environments';

describe("a live-mode environment's checks run in test mode", () => {
  const production = sampleEnvironment('production');
  const { testMode } = locationOf(production);

  test('the production sample is live mode and names the same account\'s test keys, with where they are stored', () => {
    expect(production.rendered.document.stripe).toMatchObject({ mode: 'live', publishableKey: 'pk_live_51LocalProductionPublishable', keySet: 'production-2026-11' });
    expect(testMode).toEqual({
      publishableKey: 'pk_test_51LocalProductionPublishable',
      keySet: 'production-test-2026-11',
      keySetSecretId: 'stripe-config/production/key-sets/production-test-2026-11',
    });
  });

  test('the live document runs with the test keys, every setting unchanged', () => {
    const live = production.rendered.document;
    const checked = inTestMode(live, testMode);
    expect(checked).toEqual({
      ...live,
      stripe: {
        ...live.stripe,
        mode: 'test',
        publishableKey: 'pk_test_51LocalProductionPublishable',
        keySet: 'production-test-2026-11',
        keySetSecretId: 'stripe-config/production/key-sets/production-test-2026-11',
      },
    });
    expect(checked.payments).toEqual(live.payments);
    expect(checked.stripe.accountId).toBe(live.stripe.accountId);
    expect(checked.stripe.apiVersion).toBe(live.stripe.apiVersion);
  });

  test('the transform leaves the document it was given untouched (it is the deployed bytes)', () => {
    const live = structuredClone(production.rendered.document);
    inTestMode(live, testMode);
    expect(live).toEqual(production.rendered.document);
  });

  test('a test-mode document is run as it is', () => {
    const staging = sampleEnvironment('staging').rendered.document;
    expect(inTestMode(staging, testMode)).toBe(staging);
  });

  test('a live document without test keys is left live, so the checks refuse it', () => {
    const live = production.rendered.document;
    expect(inTestMode(live, undefined)).toBe(live);
    expect(() => refuseLiveKeys(inTestMode(live, undefined), 'sk_test_abcdefghijklmnop')).toThrow(
      expect.objectContaining({ code: 'live_keys_refused', message: expect.stringMatching(/the publishable key pk_live_51LocalProductionPublishable is live, and the document is in live mode/) }),
    );
  });

  test('the checks still refuse test-mode material that turns out to be live', () => {
    expect(() => refuseLiveKeys(inTestMode(production.rendered.document, testMode), 'sk_live_abcdefghijklmnop')).toThrow(
      expect.objectContaining({ code: 'live_keys_refused', message: expect.stringMatching(/key set production-test-2026-11 holds a live key \(sk_live_…mnop\)/) }),
    );
  });

  test('a smoke of a live document whose test keys are unknown (rollback by --secret-id) is not run, and says so', async () => {
    const noTargets = {} as Targets; // nothing is reached: no keys, no Stripe, no browser
    await expect(smokeChecks(noTargets, 'eu-west-1')(production.rendered.document)).resolves.toEqual([
      expect.objectContaining({ verdict: 'inconclusive', actual: expect.stringMatching(/^not run: production is live mode and no testMode keys are known/) }),
    ]);
  });
});
