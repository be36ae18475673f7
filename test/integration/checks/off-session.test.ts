/**
 * The off-session journeys through the real runner and checkout against the Stripe stand-in, with a
 * scripted customer instead of Chromium: what happens when saving the card goes wrong, and that the
 * judged payment really is the later charge without the customer.
 */
import { JOURNEYS, runJourneys, type AuthenticationResult, type ChallengeAction, type ChallengeRequest, type CustomerBrowser } from '../../../checks';
import { startStripeEmulator, type StripeEmulator } from '../../../emulators/stripe';
import { locationOf } from '../../../config';
import { inTestMode } from '../../../ops/test-mode';
import { sampleEnvironment } from '../../helpers/environments';
import { installExampleShopBeforeAll } from '../../helpers/example-shop';

// The runner's loopback shop is examples/shop on the packaged runtime.
installExampleShopBeforeAll();

/**
 * Answers the hosted challenge page as its form would, with a fixed choice whatever the journey asks,
 * then follows Stripe's redirect to the loopback shop the runner started, as the browser would.
 */
function scriptedCustomer(choice: ChallengeAction): CustomerBrowser & { challenges: number } {
  const customer = {
    challenges: 0,
    async authenticate({ url, shop }: ChallengeRequest): Promise<AuthenticationResult> {
      customer.challenges += 1;
      const page = new URL(url);
      const response = await fetch(page, {
        method: 'POST',
        body: new URLSearchParams({ client_secret: page.searchParams.get('client_secret') ?? '', outcome: choice }),
        redirect: 'manual',
      });
      const returnedTo = new URL(response.headers.get('location') ?? 'about:blank');
      const landed = await fetch(`${shop!.loopbackUrl}${returnedTo.pathname}${returnedTo.search}`, { headers: { 'x-forwarded-host': returnedTo.host } });
      return { returnedTo, landing: { url: `${returnedTo.origin}${returnedTo.pathname}`, answered: landed.ok, httpStatus: landed.status }, evidence: {} };
    },
    close: async () => undefined,
  };
  return customer;
}

let emulator: StripeEmulator;
beforeEach(async () => (emulator = await startStripeEmulator()));
afterEach(async () => emulator.close());

function run(id: string, customer: CustomerBrowser, captureMethod?: 'manual') {
  const environment = sampleEnvironment('production');
  // Production is live mode: its settings run with the same account's test keys, as the check policy runs them.
  const document = structuredClone(inTestMode(environment.rendered.document, locationOf(environment).testMode));
  if (captureMethod) document.payments.captureMethod = captureMethod;
  return runJourneys(
    JOURNEYS.filter((journey) => journey.id === id),
    { document, secretKey: 'sk_test_offSessionJourneys00', endpoint: { host: emulator.host, port: emulator.port, protocol: 'http' }, browser: customer },
  );
}

test('a card saved with 3DS is charged later without a challenge', async () => {
  const customer = scriptedCustomer('complete');
  const [result] = await run('off-session-saved-card', customer);
  expect(result).toMatchObject({ verdict: 'pass', actual: 'paid in EUR off-session, card saved after challenge, back at https://shop.example.com/checkout/return' });
  expect(customer.challenges).toBe(1);
});

test('with manual capture the off-session charge is authorised, not paid', async () => {
  const [result] = await run('off-session-saved-card', scriptedCustomer('complete'), 'manual');
  expect(result).toMatchObject({ verdict: 'pass', actual: 'authorized in EUR off-session, card saved after challenge, back at https://shop.example.com/checkout/return' });
});

test('when the customer fails the challenge while saving, the journey fails and says the card was never saved', async () => {
  const [result] = await run('off-session-saved-card', scriptedCustomer('fail'));
  expect(result).toMatchObject({ verdict: 'fail', actual: 'saving the card failed: authentication_failed after challenge, back at https://shop.example.com/checkout/return' });
});

test('a card that needs 3DS every time comes back as needs_customer off-session', async () => {
  const [result] = await run('off-session-needs-customer', scriptedCustomer('complete'));
  expect(result).toMatchObject({ verdict: 'pass', actual: 'needs_customer off-session, card saved after challenge, back at https://shop.example.com/checkout/return' });
});
