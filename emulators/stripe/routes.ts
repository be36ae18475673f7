/**
 * The emulated API as a table: method + path → accepted parameters → handler, in the order of the
 * API reference (docs.stripe.com/api). Each resource's parameters and handlers live in its *-routes.ts
 * file (PaymentIntents and SetupIntents share one shape, intent-routes.ts); what a route is, and what
 * every handler gets, is api-request.ts; the pipeline that gets a request here is pipeline.ts.
 */
import { retrieveAccount } from './account-routes';
import type { ApiRoute } from './api-request';
import { CUSTOMER_PARAMS, customerHandlers } from './customer-routes';
import { intentHandlers } from './intent-routes';
import { hash } from './params';
import { PAYMENT_INTENT_PARAMS, PAYMENT_INTENTS, retrieveCharge } from './payment-intent-routes';
import { PAYMENT_METHOD_PARAMS, paymentMethodHandlers } from './payment-method-routes';
import { EXPAND } from './request-inputs';
import { SETUP_INTENT_PARAMS, SETUP_INTENTS } from './setup-intent-routes';
import { WEBHOOK_ROUTES } from './webhook-routes';

const RETRIEVE = hash({ expand: EXPAND });
const paymentIntents = intentHandlers(PAYMENT_INTENTS);
const setupIntents = intentHandlers(SETUP_INTENTS);

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/v1/account', params: RETRIEVE, publishable: 'refused', handle: retrieveAccount },

  { method: 'POST', path: '/v1/customers', params: CUSTOMER_PARAMS.create, publishable: 'refused', handle: customerHandlers.create },
  { method: 'GET', path: '/v1/customers', params: CUSTOMER_PARAMS.list, publishable: 'refused', handle: customerHandlers.list },
  { method: 'GET', path: '/v1/customers/:customer', params: CUSTOMER_PARAMS.retrieve, publishable: 'refused', handle: customerHandlers.retrieve },
  { method: 'POST', path: '/v1/customers/:customer', params: CUSTOMER_PARAMS.update, publishable: 'refused', handle: customerHandlers.update },
  { method: 'DELETE', path: '/v1/customers/:customer', params: CUSTOMER_PARAMS.delete, publishable: 'refused', handle: customerHandlers.delete },
  { method: 'GET', path: '/v1/customers/:customer/payment_methods', params: PAYMENT_METHOD_PARAMS.list, publishable: 'refused', handle: customerHandlers.listPaymentMethods },

  { method: 'POST', path: '/v1/payment_methods', params: PAYMENT_METHOD_PARAMS.create, publishable: 'allowed', handle: paymentMethodHandlers.create },
  { method: 'GET', path: '/v1/payment_methods', params: PAYMENT_METHOD_PARAMS.list, publishable: 'refused', handle: paymentMethodHandlers.list },
  { method: 'GET', path: '/v1/payment_methods/:payment_method', params: RETRIEVE, publishable: 'refused', handle: paymentMethodHandlers.retrieve },
  { method: 'POST', path: '/v1/payment_methods/:payment_method', params: PAYMENT_METHOD_PARAMS.update, publishable: 'refused', handle: paymentMethodHandlers.update },
  { method: 'POST', path: '/v1/payment_methods/:payment_method/attach', params: PAYMENT_METHOD_PARAMS.attach, publishable: 'refused', handle: paymentMethodHandlers.attach },
  { method: 'POST', path: '/v1/payment_methods/:payment_method/detach', params: PAYMENT_METHOD_PARAMS.detach, publishable: 'refused', handle: paymentMethodHandlers.detach },

  { method: 'POST', path: '/v1/payment_intents', params: PAYMENT_INTENT_PARAMS.create, publishable: 'refused', handle: paymentIntents.create },
  { method: 'GET', path: '/v1/payment_intents', params: PAYMENT_INTENT_PARAMS.list, publishable: 'refused', handle: paymentIntents.list },
  { method: 'GET', path: '/v1/payment_intents/:intent', params: PAYMENT_INTENT_PARAMS.retrieve, publishable: 'with_client_secret', handle: paymentIntents.retrieve },
  { method: 'POST', path: '/v1/payment_intents/:intent', params: PAYMENT_INTENT_PARAMS.update, publishable: 'refused', handle: paymentIntents.update },
  { method: 'POST', path: '/v1/payment_intents/:intent/confirm', params: PAYMENT_INTENT_PARAMS.confirm, publishable: 'with_client_secret', handle: paymentIntents.confirm },
  { method: 'POST', path: '/v1/payment_intents/:intent/capture', params: PAYMENT_INTENT_PARAMS.capture, publishable: 'refused', handle: paymentIntents.capture },
  { method: 'POST', path: '/v1/payment_intents/:intent/cancel', params: PAYMENT_INTENT_PARAMS.cancel, publishable: 'refused', handle: paymentIntents.cancel },

  { method: 'POST', path: '/v1/setup_intents', params: SETUP_INTENT_PARAMS.create, publishable: 'refused', handle: setupIntents.create },
  { method: 'GET', path: '/v1/setup_intents', params: SETUP_INTENT_PARAMS.list, publishable: 'refused', handle: setupIntents.list },
  { method: 'GET', path: '/v1/setup_intents/:intent', params: SETUP_INTENT_PARAMS.retrieve, publishable: 'with_client_secret', handle: setupIntents.retrieve },
  { method: 'POST', path: '/v1/setup_intents/:intent', params: SETUP_INTENT_PARAMS.update, publishable: 'refused', handle: setupIntents.update },
  { method: 'POST', path: '/v1/setup_intents/:intent/confirm', params: SETUP_INTENT_PARAMS.confirm, publishable: 'with_client_secret', handle: setupIntents.confirm },
  { method: 'POST', path: '/v1/setup_intents/:intent/cancel', params: SETUP_INTENT_PARAMS.cancel, publishable: 'refused', handle: setupIntents.cancel },

  { method: 'GET', path: '/v1/charges/:charge', params: RETRIEVE, publishable: 'refused', handle: retrieveCharge },

  ...WEBHOOK_ROUTES,
];

export interface RouteMatch {
  route: ApiRoute;
  pathParams: Record<string, string>;
}

/** Finds the route for a method and path; path parameters are single, non-empty segments. */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  const segments = pathname.split('/');
  for (const route of API_ROUTES) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/');
    if (pattern.length !== segments.length) continue;
    const pathParams: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i += 1) {
      const want = pattern[i]!;
      const got = segments[i]!;
      if (want.startsWith(':')) {
        if (got === '') ok = false;
        else pathParams[want.slice(1)] = safeDecode(got);
      } else if (want !== got) {
        ok = false;
      }
    }
    if (ok) return { route, pathParams };
  }
  return undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
