/**
 * The browser's way back to the shop, with a real Chromium and no Stripe: a challenge page that
 * redirects where the test says, and a recording server in place of the loopback shop. The browser
 * asks the loopback shop as the declared host would be asked, follows the shop's own redirects,
 * and refuses any host the shop does not declare.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchCustomerBrowser, type CustomerBrowser, type ShopRoute } from '../../../checks';

interface Recorded {
  url: string;
  requests: { path: string; host?: string; forwardedHost?: string; forwardedProto?: string }[];
  close(): Promise<void>;
}

async function listen(handler: http.RequestListener, requests: Recorded['requests'] = []): Promise<Recorded> {
  const server = http.createServer((req, res) => {
    requests.push({ path: req.url ?? '', host: req.headers.host, forwardedHost: req.headers['x-forwarded-host'] as string, forwardedProto: req.headers['x-forwarded-proto'] as string });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const SHOP = 'https://shop.example.com';
let challenge: Recorded;
let loopbackShop: Recorded;
let browser: CustomerBrowser;
let shop: ShopRoute;

beforeAll(async () => {
  // The "bank" page: its form posts back, and the answer sends the customer to the path in ?back=.
  challenge = await listen((req, res) => {
    const back = new URL(req.url ?? '/', 'http://challenge').searchParams.get('back') ?? '/checkout/return';
    if (req.method === 'POST') return void res.writeHead(303, { location: `${SHOP}${back}?payment_intent=pi_123&redirect_status=succeeded` }).end();
    res.setHeader('content-type', 'text/html');
    res.end('<title>3DS</title><form method="post"><button>Complete authentication</button></form>');
  });
  loopbackShop = await listen((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/checkout/return' || path === '/orders/1') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<main data-status="paid">Thank you</main>');
    if (path === '/checkout/redirecting') return void res.writeHead(302, { location: '/orders/1' }).end();
    if (path === '/checkout/away') return void res.writeHead(302, { location: 'https://elsewhere.example/thanks' }).end();
    if (path === '/checkout/broken') return void res.writeHead(503).end();
    res.writeHead(404).end();
  });
  shop = { origins: [SHOP], loopbackUrl: loopbackShop.url };
  browser = await launchCustomerBrowser({ allowedOrigins: [challenge.url] });
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([challenge, loopbackShop].map((server) => server?.close()));
});

const authenticate = (back: string) => browser.authenticate({ url: `${challenge.url}/3ds?back=${back}`, action: 'complete', shop });

test('the loopback shop is asked with the declared host, as a proxy in front of the shop would ask it', async () => {
  const { returnedTo, landing } = await authenticate('/checkout/return');
  expect(returnedTo.searchParams.get('payment_intent')).toBe('pi_123');
  expect(landing).toEqual({ url: `${SHOP}/checkout/return`, answered: true, httpStatus: 200 });
  expect(loopbackShop.requests).toContainEqual({
    path: '/checkout/return?payment_intent=pi_123&redirect_status=succeeded',
    host: 'shop.example.com',
    forwardedHost: 'shop.example.com',
    forwardedProto: 'https',
  });
});

test("the shop's own redirect is followed, and the landing keeps the URL Stripe sent the customer to", async () => {
  const { landing } = await authenticate('/checkout/redirecting');
  expect(landing).toEqual({ url: `${SHOP}/checkout/redirecting`, answered: true, httpStatus: 200 });
  expect(loopbackShop.requests.map((request) => request.path)).toContain('/orders/1');
});

test('a shop redirect to a host it does not declare is refused and strands the customer', async () => {
  const { landing } = await authenticate('/checkout/away');
  expect(landing).toEqual({ url: `${SHOP}/checkout/away`, answered: false, httpStatus: 302, problem: 'redirected to https://elsewhere.example, origin not declared by the shop' });
});

test('an error page of the shop is a landing that did not answer', async () => {
  expect((await authenticate('/checkout/broken')).landing).toEqual({ url: `${SHOP}/checkout/broken`, answered: false, httpStatus: 503, problem: 'HTTP 503' });
});
