import net from 'node:net';
import { JOURNEYS, runJourneys, type CustomerBrowser } from '../../../checks';
import { locationOf } from '../../../config';
import { inTestMode } from '../../../ops/test-mode';
import { sampleEnvironment } from '../../helpers/environments';
import { openTestWorld, type TestWorld } from '../../helpers/world';
import { installExampleShopBeforeAll } from '../../helpers/example-shop';

// The runner's loopback shop is examples/shop on the packaged runtime.
installExampleShopBeforeAll();

const failingBrowser: CustomerBrowser = {
  authenticate: async () => {
    throw new Error('Target page, context or browser has been closed');
  },
  close: async () => undefined,
};

/** A loopback port with nothing listening. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The production sample as its checks run it: live mode, so its settings with the same account's test keys. */
function productionInTestMode() {
  const environment = sampleEnvironment('production');
  return { ...environment, rendered: { ...environment.rendered, document: inTestMode(environment.rendered.document, locationOf(environment).testMode) } };
}

describe('never pass on doubt', () => {
  let world: TestWorld;
  beforeAll(async () => (world = await openTestWorld()));
  afterAll(async () => world?.close());

  test('a browser step that cannot run makes the journey inconclusive, not passed', async () => {
    const environment = productionInTestMode();
    const account = await world.targets.keyMaterial(environment, environment.rendered.document.stripe.keySet);
    const [result] = await runJourneys(
      JOURNEYS.filter((j) => j.id === 'challenge-completed'),
      { document: environment.rendered.document, secretKey: account.secretKey, endpoint: world.targets.stripeEndpoint, browser: failingBrowser },
    );
    expect(result).toMatchObject({ verdict: 'inconclusive', actual: 'browser step failed: Target page, context or browser has been closed' });
  });

  test('an unreachable Stripe makes every journey inconclusive', async () => {
    const environment = productionInTestMode();
    const endpoint = { host: '127.0.0.1', port: await closedPort(), protocol: 'http' as const };
    const results = await runJourneys(JOURNEYS.slice(0, 2), { document: environment.rendered.document, secretKey: 'sk_test_unreachable0000', endpoint, browser: failingBrowser });
    expect(results.map((r) => r.verdict)).toEqual(['inconclusive', 'inconclusive']);
    expect(results[0].actual).toMatch(/^error: /);
  }, 60_000);

  test('a request Stripe refuses is a failure, not doubt', async () => {
    const environment = productionInTestMode();
    const account = await world.targets.keyMaterial(environment, environment.rendered.document.stripe.keySet);
    const document = structuredClone(environment.rendered.document);
    document.stripe.apiVersion = '2099-01-01.future';
    const [result] = await runJourneys(JOURNEYS.slice(0, 1), { document, secretKey: account.secretKey, endpoint: world.targets.stripeEndpoint, browser: failingBrowser });
    expect(result).toMatchObject({ verdict: 'fail', actual: expect.stringMatching(/Invalid Stripe API version: 2099-01-01\.future/) });
  });
});
