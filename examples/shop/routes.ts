/**
 * What the shop answers, one handler per route: read the request, make one checkout call, shape the
 * answer. The HTTP plumbing is in server.ts.
 */
import type { CheckoutForRequest } from './backend';
import { parsePayRequest } from './pay-request';
import { problemPage, returnPage } from './return-page';

/** The path Stripe sends customers back to; fixed here like in any real shop, so a config that names another path lands on a 404. */
export const RETURN_PATH = '/checkout/return';

export interface ShopRequest {
  url: URL;
  body: string;
  /** The Idempotency-Key header, if the front end sent one: a retried request then pays at most once. */
  idempotencyKey?: string;
}

export interface ShopReply {
  status: number;
  contentType: 'application/json' | 'text/html; charset=utf-8';
  body: string;
}

export type Handler = (request: ShopRequest, checkoutFor: CheckoutForRequest) => Promise<ShopReply>;

export const ROUTES: Record<string, Handler> = {
  /** The front end posts the PaymentMethod Stripe.js made; the answer is the outcome it acts on, never a Stripe object. */
  'POST /checkout/pay': async (request, checkoutFor) => {
    const payment = parsePayRequest(request.body);
    const { checkout } = await checkoutFor();
    const outcome = await checkout.pay({ ...payment, ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}) });
    return json(200, outcome);
  },

  /** The return URL: Stripe appends payment_intent (facts: `next_action`); where does the payment stand now? */
  [`GET ${RETURN_PATH}`]: async (request, checkoutFor) => {
    const paymentIntentId = request.url.searchParams.get('payment_intent');
    if (!paymentIntentId) return html(400, problemPage('This link is incomplete', 'The link has no payment_intent; open it from the payment page again.'));
    const { checkout } = await checkoutFor();
    return html(200, returnPage(await checkout.resume(paymentIntentId)));
  },

  /** For load balancers: answers 200 once the shop has a valid config document; says which stripe-config runtime it runs (checkout.runtime should name the same). */
  'GET /healthz': async (_request, checkoutFor) => {
    const { document, runtimeVersion } = await checkoutFor();
    return json(200, { status: 'ok', environment: document.environment, runtimeVersion });
  },
};

export function json(status: number, value: unknown): ShopReply {
  return { status, contentType: 'application/json', body: JSON.stringify(value) };
}

export function html(status: number, body: string): ShopReply {
  return { status, contentType: 'text/html; charset=utf-8', body };
}
