/**
 * The customer really returns: journeys on the embedded default with a real Chromium, where the
 * browser follows Stripe's redirect back to the shop's return URL and the loopback shop (the
 * example shop, resuming the payment) answers for the environment's declared origins. A return
 * URL the shop does not serve strands the challenged customers, and the behaviour diff says so.
 */
import { compareBehaviour, JOURNEYS, launchCustomerBrowser, type CustomerBrowser, type JourneyResult } from '../../../checks';
import { locationOf, validateEnvironmentValue, type EnvironmentConfig, type ValidatedEnvironment } from '../../../config';
import { runChecks } from '../../../ops';
import { inTestMode } from '../../../ops/test-mode';
import { sampleConfig } from '../../helpers/environments';
import { openTestWorld, type TestWorld } from '../../helpers/world';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const RETURN_PAGE = 'https://shop.example.com/checkout/return';

let world: TestWorld;
let browser: CustomerBrowser;

function production(edit: (config: EnvironmentConfig) => void = () => undefined): ValidatedEnvironment {
  const config = sampleConfig('production');
  edit(config);
  const { validated, problems } = validateEnvironmentValue('production', config);
  if (!validated) throw new Error(`the edited sample is invalid: ${JSON.stringify(problems)}`);
  return validated;
}

function run(environment: ValidatedEnvironment, ids: string[], evidence = false): Promise<JourneyResult[]> {
  return runChecks(world.targets, browser, {
    // Production is live mode: its settings run with the same account's test keys, as the check policy runs them.
    document: inTestMode(environment.rendered.document, locationOf(environment).testMode),
    region: environment.config.infrastructure.region,
    candidate: environment,
    journeys: JOURNEYS.filter((journey) => ids.includes(journey.id)),
    evidence,
  });
}

const byId = (results: JourneyResult[], id: string): JourneyResult => results.find((result) => result.journey === id)!;
const isPng = (image: Buffer | undefined) => image !== undefined && image.subarray(0, 8).equals(PNG_SIGNATURE);

// Every run below is judged by several tests; the runs are what costs (Chromium), so each is made once.
let live: JourneyResult[];
let returnedPath: JourneyResult[];
let undeclaredHost: JourneyResult[];
let challengePolicy: JourneyResult[];

beforeAll(async () => {
  world = await openTestWorld();
  browser = await launchCustomerBrowser({ allowedOrigins: world.targets.browserOrigins });
  const compared = ['frictionless', 'challenge-completed', 'challenge-failed', 'optional-3ds', 'no-3ds-support'];
  live = await run(production(), compared, true);
  returnedPath = await run(production((config) => (config.payments.returnUrl = 'https://shop.example.com/checkout/returned')), compared.slice(0, 3), true);
  // A document whose return URL is off the declared origins (validate refuses it; a document changed after validation does not).
  const offOrigin = production();
  offOrigin.rendered.document.payments.returnUrl = 'https://shop.exmaple.com/checkout/return';
  undeclaredHost = await run(offOrigin, ['challenge-completed']);
  challengePolicy = await run(production((config) => (config.payments.threeDSecure = 'challenge')), ['frictionless', 'optional-3ds', 'no-3ds-support']);
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

describe('back at the return URL on a declared origin', () => {
  test('the challenged customer lands on the shop page that resumed the payment, and the journey passes', () => {
    expect(byId(live, 'challenge-completed')).toMatchObject({
      verdict: 'pass',
      actual: `paid in EUR after challenge, back at ${RETURN_PAGE}`,
      experience: { status: 'paid', currency: 'eur', challenged: true, landing: { url: RETURN_PAGE, answered: true, httpStatus: 200 } },
    });
    expect(byId(live, 'challenge-failed')).toMatchObject({
      verdict: 'pass',
      experience: { status: 'authentication_failed', customerMessage: 'We could not verify your payment with your bank. Try again or use another card.', landing: { answered: true } },
    });
  });

  test('screenshots of the authentication page and the landing page are PNGs when asked for', () => {
    const { evidence } = byId(live, 'challenge-completed');
    expect(isPng(evidence?.authenticationPage)).toBe(true);
    expect(isPng(evidence?.landingPage)).toBe(true);
  });

  test('a journey without a challenge has no landing and no screenshots', () => {
    const frictionless = byId(live, 'frictionless');
    expect(frictionless.experience).toEqual({ status: 'paid', currency: 'eur', challenged: false });
    expect(frictionless.evidence).toBeUndefined();
  });

  test('without asking for evidence no screenshot is taken', () => {
    expect(byId(undeclaredHost, 'challenge-completed').evidence).toBeUndefined();
  });
});

describe('a return path the shop does not serve', () => {
  test('strands every challenged customer on the shop 404, and those journeys fail saying so', () => {
    for (const id of ['challenge-completed', 'challenge-failed']) {
      const result = byId(returnedPath, id);
      expect(result.verdict).toBe('fail');
      expect(result.actual).toMatch(/, stranded at https:\/\/shop\.example\.com\/checkout\/returned \(HTTP 404\)$/);
      expect(result.experience?.landing).toEqual({ url: 'https://shop.example.com/checkout/returned', answered: false, httpStatus: 404, problem: 'HTTP 404' });
    }
    expect(byId(returnedPath, 'frictionless').verdict).toBe('pass');
  });

  test('the landing screenshot shows the page the customer was stranded on', () => {
    expect(isPng(byId(returnedPath, 'challenge-completed').evidence?.landingPage)).toBe(true);
  });

  test('against the live /checkout/return it is a regression on the challenged journeys only', () => {
    const rows = compareBehaviour(returnedPath, live);
    expect(rows.map((row) => [row.journey, row.verdict])).toEqual([
      ['keys', 'unchanged'],
      ['frictionless', 'unchanged'],
      ['challenge-completed', 'regression'],
      ['challenge-failed', 'regression'],
    ]);
    expect(rows[2].explanation).toBe(
      `paid in EUR after challenge, back at ${RETURN_PAGE} → paid in EUR after challenge, stranded at https://shop.example.com/checkout/returned (HTTP 404) (expected paid in EUR after challenge)`,
    );
  });
});

describe('a return host the shop does not declare', () => {
  test('is refused without a request leaving the machine, and the journey fails', () => {
    expect(byId(undeclaredHost, 'challenge-completed')).toMatchObject({
      verdict: 'fail',
      actual: 'paid in EUR after challenge, stranded at https://shop.exmaple.com/checkout/return (origin not declared by the shop)',
      experience: { landing: { url: 'https://shop.exmaple.com/checkout/return', answered: false, problem: 'origin not declared by the shop' } },
    });
  });
});

describe('journeys that make the 3DS policy visible', () => {
  test("the 3055 card is frictionless under 'automatic' and challenged under 'challenge'; both pass", () => {
    expect(byId(live, 'optional-3ds')).toMatchObject({ verdict: 'pass', actual: 'paid in EUR without challenge' });
    expect(byId(challengePolicy, 'optional-3ds')).toMatchObject({ verdict: 'pass', actual: `paid in EUR after challenge, back at ${RETURN_PAGE}` });
  });

  test('the Amex card without 3DS support is paid without a challenge even when one is asked for', () => {
    expect(byId(challengePolicy, 'no-3ds-support')).toMatchObject({ verdict: 'pass', actual: 'paid in EUR without challenge' });
  });

  test("'automatic' → 'challenge' is a change on the 3055 journey, for a reviewer to accept", () => {
    const rows = compareBehaviour(challengePolicy, live);
    expect(rows.map((row) => [row.journey, row.verdict])).toEqual([
      ['keys', 'unchanged'],
      ['frictionless', 'unchanged'],
      ['optional-3ds', 'changed'],
      ['no-3ds-support', 'unchanged'],
    ]);
    expect(rows[2].explanation).toBe(`paid in EUR without challenge → paid in EUR after challenge, back at ${RETURN_PAGE} (expected paid in EUR after challenge)`);
  });
});
