import { JOURNEYS, type CustomerBrowser } from '../../../checks';
import { launchCustomerBrowser } from '../../../checks';
import { locationOf } from '../../../config';
import { runChecks } from '../../../ops';
import { inTestMode } from '../../../ops/test-mode';
import { sampleEnvironment } from '../../helpers/environments';
import { openTestWorld, type TestWorld } from '../../helpers/world';

// Challenged customers are followed back to the shop's return page, which the loopback shop answers.
const BACK = ', back at https://shop.example.com/checkout/return';

describe('3DS journeys through the checkout library, with a real Chromium', () => {
  let world: TestWorld;
  let browser: CustomerBrowser;
  beforeAll(async () => {
    world = await openTestWorld();
    browser = await launchCustomerBrowser({ allowedOrigins: world.targets.browserOrigins });
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  test('every journey passes with the production settings', async () => {
    const environment = sampleEnvironment('production');
    // Production is live mode: its settings run in test mode, as the check policy runs them.
    const document = inTestMode(environment.rendered.document, locationOf(environment).testMode);
    const results = await runChecks(world.targets, browser, { document, region: 'eu-west-1', candidate: environment });
    expect(results.map((r) => [r.journey, r.verdict, r.actual])).toEqual([
      ['keys', 'pass', expect.any(String)],
      ['frictionless', 'pass', 'paid in EUR without challenge'],
      ['challenge-completed', 'pass', `paid in EUR after challenge${BACK}`],
      ['challenge-failed', 'pass', `authentication_failed after challenge${BACK}`],
      ['declined', 'pass', 'declined (generic_decline) without challenge'],
      ['insufficient-funds', 'pass', 'declined (insufficient_funds) without challenge'],
      ['authenticated-then-declined', 'pass', expect.stringMatching(/^declined .*after challenge, back at https:\/\/shop\.example\.com\/checkout\/return$/)],
      ['off-session-saved-card', 'pass', `paid in EUR off-session, card saved after challenge${BACK}`],
      ['off-session-needs-customer', 'pass', `needs_customer off-session, card saved after challenge${BACK}`],
      ['optional-3ds', 'pass', 'paid in EUR without challenge'],
      ['no-3ds-support', 'pass', 'paid in EUR without challenge'],
    ]);
  });

  test('with manual capture, successful journeys end authorised, not paid', async () => {
    const environment = sampleEnvironment('staging');
    environment.rendered.document.payments.captureMethod = 'manual';
    const results = await runChecks(world.targets, browser, {
      document: environment.rendered.document,
      region: 'eu-west-1',
      candidate: environment,
      journeys: JOURNEYS.filter((j) => j.id === 'challenge-completed' || j.id === 'frictionless'),
    });
    expect(results.map((r) => [r.journey, r.verdict, r.actual])).toEqual([
      ['keys', 'pass', expect.any(String)],
      ['frictionless', 'pass', 'authorized in EUR without challenge'],
      ['challenge-completed', 'pass', 'authorized in EUR after challenge, back at https://staging.shop.example.com/checkout/return'],
    ]);
  });

  test('a publishable key of another account fails the key check and the journeys', async () => {
    const environment = sampleEnvironment('production');
    const document = inTestMode(environment.rendered.document, locationOf(environment).testMode);
    document.stripe.publishableKey = 'pk_test_51LocalDevelopmentPublishable';
    const results = await runChecks(world.targets, browser, {
      document,
      region: 'eu-west-1',
      candidate: environment,
      journeys: JOURNEYS.filter((j) => j.id === 'frictionless'),
    });
    expect(results[0]).toMatchObject({ journey: 'keys', verdict: 'fail', actual: expect.stringMatching(/belongs to another account/) });
    expect(results[1]).toMatchObject({ journey: 'frictionless', verdict: 'fail', actual: expect.stringMatching(/^error: No such payment_method/) });
  });

  test('the development environment on the endive API version passes too', async () => {
    const environment = sampleEnvironment('development');
    const results = await runChecks(world.targets, browser, { document: environment.rendered.document, region: 'eu-west-1', candidate: environment });
    expect(results.filter((r) => r.verdict !== 'pass')).toEqual([]);
  });
});
