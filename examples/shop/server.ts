/**
 * The example shop's HTTP server (plain node:http): read the request, find its route, answer; any
 * failure becomes one clear answer here. Read top to bottom, like stripe-mock's request pipeline.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { StripeConfigError } from 'stripe-config/runtime';
import { checkoutBackend, SettingsUnavailable, type BackendOptions, type CheckoutForRequest } from './backend';
import { BadShopRequest } from './pay-request';
import { problemPage } from './return-page';
import { html, json, RETURN_PATH, ROUTES, type ShopReply, type ShopRequest } from './routes';

export interface ShopOptions extends BackendOptions {
  /** Default 0: any free port (read it from `url`). */
  port?: number;
  /** Default 127.0.0.1: the shop is reached through a proxy or, in the checks, only from this machine. */
  host?: string;
}

export interface Shop {
  /** http://host:port, for example http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

// A checkout request is a few hundred bytes; anything far bigger is not one.
const MAX_BODY_BYTES = 16 * 1024;

export async function startShop(options: ShopOptions): Promise<Shop> {
  const checkoutFor = checkoutBackend(options);
  const server = http.createServer((req, res) => {
    answer(req, checkoutFor).then(
      (reply) => send(res, reply),
      () => send(res, json(500, { error: { message: 'internal error' } })),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(req: http.IncomingMessage, checkoutFor: CheckoutForRequest): Promise<ShopReply> {
  const url = new URL(req.url ?? '/', 'http://shop.invalid');
  const handler = ROUTES[`${req.method} ${url.pathname}`];
  if (!handler) {
    // A browser gets a page it can show; an API client gets JSON.
    return req.method === 'GET'
      ? html(404, problemPage('Page not found', `This shop has no page at ${url.pathname}.`))
      : json(404, { error: { message: `no route ${req.method} ${url.pathname}` } });
  }
  // The return route is a page for the customer; the others answer the front end or a load balancer in JSON.
  const page = url.pathname === RETURN_PATH;
  try {
    const body = await readBody(req);
    const idempotencyKey = req.headers['idempotency-key'];
    const request: ShopRequest = { url, body, ...(typeof idempotencyKey === 'string' ? { idempotencyKey } : {}) };
    return await handler(request, checkoutFor);
  } catch (error) {
    const failure = describeFailure(error, page);
    return page ? html(failure.status, problemPage(failure.title, failure.message)) : json(failure.status, { error: { ...failure.field, message: failure.message } });
  }
}

interface Failure {
  status: number;
  title: string;
  message: string;
  field?: { field: string };
}

// Stripe's parameter names, as the fields of our own request.
const FIELDS: Record<string, string> = { amount: 'amount', payment_method: 'paymentMethodId', customer: 'customerId' };

/** What the caller is told: their mistake (4xx, naming the field), or ours and Stripe's (5xx). */
function describeFailure(error: unknown, returning: boolean): Failure {
  if (error instanceof BadShopRequest) {
    return { status: error.status, title: 'Bad request', message: error.message, field: { field: error.field } };
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    if (returning && error.code === 'resource_missing') {
      return { status: 404, title: 'We could not find this payment', message: 'The payment in this link is unknown to the shop.' };
    }
    const field = FIELDS[error.param ?? ''];
    return { status: 400, title: 'Bad request', message: `Stripe refused the request: ${error.message}`, ...(field ? { field: { field } } : {}) };
  }
  if (error instanceof Stripe.errors.StripeError) {
    return { status: 502, title: 'Payments are unavailable', message: `Stripe could not be reached or failed (${error.type}); try again in a moment.` };
  }
  if (error instanceof StripeConfigError && error.code === 'usage') {
    // The checkout library refused the combination (e.g. saveForOffSession without customerId); its message names the fields.
    return { status: 400, title: 'Bad request', message: error.message };
  }
  if (error instanceof SettingsUnavailable) {
    return { status: 503, title: 'Payments are unavailable', message: `${error.message}; try again in a moment.` };
  }
  return { status: 500, title: 'Something went wrong', message: 'internal error' };
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BadShopRequest('body', `the request body is larger than ${MAX_BODY_BYTES} bytes`, 413);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: http.ServerResponse, reply: ShopReply): void {
  res.writeHead(reply.status, {
    'content-type': reply.contentType,
    // The return URL carries the PaymentIntent's client secret (facts: `next_action`): keep it out of caches and referrers.
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  res.end(reply.body);
}
