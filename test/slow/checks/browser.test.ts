import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { launchCustomerBrowser, type CustomerBrowser } from '../../../checks';

interface Recorder {
  url: string;
  hits: string[];
  close(): Promise<void>;
}

/** A loopback HTTP server that records every request and answers with `respond`. */
async function server(respond: (req: http.IncomingMessage, res: http.ServerResponse, self: Recorder) => void): Promise<Recorder> {
  const hits: string[] = [];
  const recorder = { url: '', hits, close: async () => undefined } as Recorder;
  const srv = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    respond(req, res, recorder);
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  recorder.url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  recorder.close = () => new Promise((resolve) => srv.close(() => resolve()));
  return recorder;
}

describe('the customer browser', () => {
  let shop: Recorder;
  let tracker: Recorder;
  let challenge: Recorder;
  let browser: CustomerBrowser;

  beforeAll(async () => {
    shop = await server((_req, res) => res.end('the real shop'));
    tracker = await server((_req, res) => res.end(''));
    challenge = await server((req, res) => {
      if (req.method === 'POST') {
        res.writeHead(303, { location: `${shop.url}/checkout/return?payment_intent=pi_123&redirect_status=succeeded` }).end();
        return;
      }
      res.setHeader('content-type', 'text/html');
      res.end(
        req.url === '/empty'
          ? '<title>nothing here</title>'
          : `<title>3DS</title><img src="${tracker.url}/pixel.gif"><form method="post"><button>Complete authentication</button><button>Fail authentication</button></form>`,
      );
    });
    browser = await launchCustomerBrowser({ allowedOrigins: [challenge.url] });
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([shop, tracker, challenge].map((s) => s?.close()));
  });

  test('clicks the button and returns the URL the customer came back to, without loading the shop', async () => {
    const { returnedTo: returned } = await browser.authenticate({ url: `${challenge.url}/3ds`, action: 'complete', returnUrl: `${shop.url}/checkout/return` });
    expect(returned.searchParams.get('payment_intent')).toBe('pi_123');
    expect(challenge.hits).toEqual(expect.arrayContaining(['GET /3ds', 'POST /3ds']));
    expect(shop.hits).toEqual([]);
  });

  test('never reaches an origin it was not allowed', async () => {
    await browser.authenticate({ url: `${challenge.url}/3ds`, action: 'fail', returnUrl: `${shop.url}/checkout/return` });
    expect(tracker.hits).toEqual([]);
  });

  test('a page without the button is an error naming what it looked for', async () => {
    await expect(browser.authenticate({ url: `${challenge.url}/empty`, action: 'complete', returnUrl: `${shop.url}/r`, timeoutMs: 1500 })).rejects.toThrow(
      /no button named \/\^complete\( authentication\)\?\$\/i/,
    );
  });
});
