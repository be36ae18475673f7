/**
 * The customer's browser keeps its tabs between journeys (opening one was most of a challenge
 * journey's cost), so each customer must still start clean: no cookie of the previous customer is
 * sent, and a browser that died fails the next journey instead of hanging or passing it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchCustomerBrowser, type CustomerBrowser, type ShopRoute } from '../../../checks';

const SHOP = 'https://shop.example.com';

interface Server {
  url: string;
  /** The Cookie header of each request for the challenge page. */
  cookies: (string | undefined)[];
  close(): Promise<void>;
}

async function listen(handler: http.RequestListener, cookies: Server['cookies'] = []): Promise<Server> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, cookies, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let challenge: Server;
let loopbackShop: Server;
let shop: ShopRoute;

beforeAll(async () => {
  // A "bank" page that sets a cookie, as a real authentication page may, and sends the customer back.
  const cookies: Server['cookies'] = [];
  challenge = await listen((req, res) => {
    if (req.method === 'POST') return void res.writeHead(303, { location: `${SHOP}/checkout/return?payment_intent=pi_123&redirect_status=succeeded` }).end();
    cookies.push(req.headers.cookie);
    res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'bank-session=customer-1; Path=/' });
    res.end('<title>3DS</title><form method="post"><button>Complete authentication</button></form>');
  }, cookies);
  loopbackShop = await listen((_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<main>Thank you</main>'));
  shop = { origins: [SHOP], loopbackUrl: loopbackShop.url };
});
afterAll(async () => Promise.all([challenge, loopbackShop].map((server) => server?.close())));

const authenticate = (browser: CustomerBrowser) => browser.authenticate({ url: `${challenge.url}/3ds`, action: 'complete', shop, timeoutMs: 10_000 });

test("each customer starts without the previous customer's cookies", async () => {
  const browser = await launchCustomerBrowser({ allowedOrigins: [challenge.url] });
  try {
    for (let customer = 0; customer < 3; customer++) {
      expect((await authenticate(browser)).landing).toEqual({ url: `${SHOP}/checkout/return`, answered: true, httpStatus: 200 });
    }
  } finally {
    await browser.close();
  }
  expect(challenge.cookies.slice(-3)).toEqual([undefined, undefined, undefined]);
}, 120_000);

test('a browser that died fails the next journey with an error (the runner makes it inconclusive), instead of reusing a dead tab', async () => {
  const browser = await launchCustomerBrowser({ allowedOrigins: [challenge.url] });
  await authenticate(browser);
  await browser.close();
  await expect(authenticate(browser)).rejects.toThrow(/closed/);
}, 120_000);
