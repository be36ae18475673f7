/**
 * The one shape of the PaymentIntent and SetupIntent endpoints (docs.stripe.com/api/payment_intents,
 * /api/setup_intents). Every operation takes the same steps: find the intent the URL names (its
 * client secret checked, for Stripe.js), run one operation of the kind (parameters → state machine →
 * Events), keep what it produced, record its Events, and answer with the intent or Stripe's error.
 * What differs per kind is an `IntentResource` (payment-intent-routes.ts, setup-intent-routes.ts),
 * which the hosted page (pages.ts) drives too.
 */
import type { AccountObjects, KeptIntent } from './accounts';
import { pathObject, record, type ApiRequest, type ApiRoute } from './api-request';
import type { AutomaticPaymentMethodsRequest } from './automatic-payment-methods';
import type { ThreeDSecurePolicy } from './cards';
import type { StripeApiError } from './errors';
import type { IntentContext } from './intent-context';
import type { AuthenticationOutcome, IntentKind, IntentObject, IntentState, IntentUpdate } from './intent-lifecycle';
import { read } from './params';
import type { PaymentMethodRecord } from './payment-methods';
import { render, renderPage } from './rendering';
import {
  automaticPaymentMethodsParam,
  checkClientSecret,
  defined,
  existingCustomer,
  filteredBy,
  paymentMethodParam,
  returnUrl,
  threeDSecurePolicy,
} from './request-inputs';
import type { PendingEvent } from './transition-events';

/** What one operation produced: what to keep, the Events to record, and Stripe's error if the answer is one. */
export interface IntentChange<S> extends KeptIntent<S> {
  events: readonly PendingEvent[];
  error?: StripeApiError;
}

/** An operation on an existing intent, e.g. confirm. */
export type IntentOperation<S> = (request: ApiRequest, state: S) => IntentChange<S>;

export interface IntentResource<S extends IntentState<IntentObject>, Operation extends string> {
  kind: IntentKind;
  /** `payment_intent`: in `No such payment_intent`, and the return redirect's parameter names. */
  object: 'payment_intent' | 'setup_intent';
  /** Where an account keeps them. */
  stored(objects: AccountObjects): Map<string, S>;
  create(request: ApiRequest): IntentChange<S>;
  /** `POST /v1/<intents>/:intent` is `update`; `POST /v1/<intents>/:intent/<name>` the others. */
  operations: Readonly<Record<Operation, IntentOperation<S>>>;
  /** The list endpoint, and the query parameters that filter it by the field of the same name. */
  list: { url: string; filters: readonly ('customer' | 'payment_method')[] };
  /** The customer answered the hosted 3DS page. */
  finishAuthentication(state: S, outcome: AuthenticationOutcome, ctx: IntentContext): IntentChange<S>;
  /** Whether the redirect back to the shop reports success (facts: `redirect_status`). */
  redirectStatus(intent: S['intent']): 'succeeded' | 'failed';
}

type Handler = ApiRoute['handle'];

/**
 * The confirmation parameters both kinds take, read in this order so that which error wins, and which
 * PaymentMethod a failing request has already made, stay as they are.
 */
export function confirmInputs(request: ApiRequest): {
  paymentMethod?: PaymentMethodRecord;
  returnUrl?: string;
  requestThreeDSecure?: ThreeDSecurePolicy;
  useStripeSdk?: boolean;
} {
  const p = request.params;
  return defined({
    paymentMethod: paymentMethodParam(request),
    returnUrl: returnUrl(p),
    requestThreeDSecure: threeDSecurePolicy(p),
    useStripeSdk: read.boolean(p, 'use_stripe_sdk'),
  });
}

/** The create parameters both kinds take: the Customer first, then those of a confirmation. */
export function createInputs(request: ApiRequest): ReturnType<typeof confirmInputs> & {
  customer?: string;
  paymentMethodTypes?: string[];
  automaticPaymentMethods?: AutomaticPaymentMethodsRequest;
  description?: string;
  metadata?: Record<string, string>;
} {
  const p = request.params;
  return defined({
    customer: existingCustomer(request, read.string(p, 'customer')),
    ...confirmInputs(request),
    paymentMethodTypes: read.strings(p, 'payment_method_types'),
    automaticPaymentMethods: automaticPaymentMethodsParam(p),
    description: read.string(p, 'description'),
    metadata: read.metadata(p, 'metadata'),
  });
}

/** The parameters both kinds' updates take, in the order Stripe checks them. */
export function updateInputs(request: ApiRequest): IntentUpdate {
  const p = request.params;
  return defined({
    customer: existingCustomer(request, read.string(p, 'customer')),
    paymentMethod: paymentMethodParam(request),
    description: read.string(p, 'description'),
    metadata: read.metadata(p, 'metadata'),
    requestThreeDSecure: threeDSecurePolicy(p),
  });
}

/** An update's answer: it announces nothing, as no Stripe event type is for it. */
export function unannounced<S>(state: S): IntentChange<S> {
  return { state, events: [] };
}

/**
 * `POST /v1/<intents>`: the created intent, and with `confirm=true` its confirmation, the intent
 * announced as created before whatever the confirmation did.
 */
export function createdThenConfirmed<S>(request: ApiRequest, created: IntentChange<S>, confirm: (state: S) => IntentChange<S>): IntentChange<S> {
  if (read.boolean(request.params, 'confirm') !== true) return created;
  const confirmed = confirm(created.state);
  return { ...confirmed, events: [...created.events, ...confirmed.events] };
}

/** The route handlers of one intent kind: `create`, `retrieve`, `list`, and one per operation. */
export function intentHandlers<S extends IntentState<IntentObject>, Operation extends string>(
  resource: IntentResource<S, Operation>,
): Record<'create' | 'retrieve' | 'list' | Operation, Handler> {
  const find = (request: ApiRequest): S => {
    const objects = request.account.objects;
    const state = pathObject(request, 'intent', (id) => objects.currentIntent(resource.stored(objects), id), resource.object);
    checkClientSecret(request, resource.kind, state.intent.client_secret);
    return state;
  };
  const settle = (request: ApiRequest, change: IntentChange<S>): unknown => {
    request.account.objects.keepIntent(resource.stored(request.account.objects), change);
    record(request, change.events);
    if (change.error !== undefined) throw change.error;
    return render(request, change.state.intent);
  };
  const operations = Object.fromEntries(
    Object.entries<IntentOperation<S>>(resource.operations).map(([name, operation]) => [
      name,
      (request: ApiRequest) => settle(request, operation(request, find(request))),
    ]),
  ) as Record<Operation, Handler>;
  return {
    ...operations,
    create: (request) => settle(request, resource.create(request)),
    retrieve: (request) => render(request, find(request).intent),
    list: (request) => {
      const intents = [...resource.stored(request.account.objects).values()].map((state) => state.intent);
      return renderPage(request, filteredBy(intents, request.params, resource.list.filters), resource.list.url);
    },
  };
}
