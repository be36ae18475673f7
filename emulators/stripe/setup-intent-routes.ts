/**
 * SetupIntent endpoints (docs.stripe.com/api/setup_intents): parameters as in the API reference,
 * handlers that translate to setup-intents.ts, store the result (including the PaymentMethod a
 * success attached) and record the transition's Events.
 */
import { resourceMissing } from './errors';
import {
  checkClientSecret,
  defined,
  existingCustomer,
  record,
  render,
  renderPage,
  paymentMethodParam,
  returnUrl,
  setupContext,
  threeDSecurePolicy,
  type ApiRequest,
  PAYMENT_METHOD_FIELDS,
} from './handler-support';
import { bool, hash, ignored, int, list, metadata, oneOf, read, str } from './params';
import { STRIPE_JS_FIELDS } from './payment-intent-routes';
import {
  cancelSetupIntent,
  confirmSetupIntent,
  createSetupIntent,
  updateSetupIntent,
  type SetupCancellationReason,
  type SetupIntentState,
  type SetupIntentStatus,
  type SetupIntentUsage,
  type SetupTransition,
} from './setup-intents';
import { setupIntentEvents, setupTransitionEvents } from './transition-events';

const expand = list(str());
const SETUP_CARD_OPTIONS = hash({ request_three_d_secure: oneOf('automatic', 'any', 'challenge') });

const SETUP_INTENT_CONFIRM_FIELDS = {
  payment_method: str(),
  payment_method_data: hash(PAYMENT_METHOD_FIELDS, ['type']),
  return_url: str(),
  payment_method_options: hash({ card: SETUP_CARD_OPTIONS }),
  use_stripe_sdk: bool(),
  expand,
};

export const SETUP_INTENT_CREATE = hash({
  ...SETUP_INTENT_CONFIRM_FIELDS,
  customer: str(),
  confirm: bool(),
  usage: oneOf('on_session', 'off_session'),
  payment_method_types: list(str()),
  automatic_payment_methods: hash({ enabled: bool(), allow_redirects: oneOf('always', 'never') }, ['enabled']),
  description: str(1000),
  metadata: metadata(),
});

export const SETUP_INTENT_CONFIRM = hash({
  ...SETUP_INTENT_CONFIRM_FIELDS,
  client_secret: str(),
  expected_payment_method_type: ignored(),
  ...STRIPE_JS_FIELDS,
});

export const SETUP_INTENT_UPDATE = hash({
  customer: str(),
  payment_method: str(),
  payment_method_options: hash({ card: SETUP_CARD_OPTIONS }),
  description: str(1000),
  metadata: metadata(),
  expand,
});

export const SETUP_INTENT_RETRIEVE = hash({ client_secret: str(), expand, ...STRIPE_JS_FIELDS });
export const SETUP_INTENT_LIST = hash({
  customer: str(),
  payment_method: str(),
  limit: int(),
  starting_after: str(),
  ending_before: str(),
  created: ignored(),
  expand,
});
export const SETUP_INTENT_CANCEL = hash({
  cancellation_reason: oneOf('abandoned', 'duplicate', 'requested_by_customer'),
  expand,
});

function findSetupIntent(request: ApiRequest): SetupIntentState {
  const id = request.pathParams.intent ?? '';
  const state = request.account.objects.setupIntent(id);
  if (state === undefined) throw resourceMissing('setup_intent', id);
  checkClientSecret(request, 'SetupIntent', state.intent.client_secret);
  return state;
}

function settle(request: ApiRequest, before: SetupIntentStatus | null, transition: SetupTransition): unknown {
  request.account.objects.storeSetupIntentTransition(transition);
  record(request, setupTransitionEvents(before, transition, transition.error?.status === 402));
  if (transition.error !== undefined) throw transition.error;
  return render(request, transition.state.intent);
}

function createIntent(request: ApiRequest): unknown {
  const p = request.params;
  const automatic = read.hash(p, 'automatic_payment_methods');
  const transition = createSetupIntent(
    defined({
      customer: existingCustomer(request, read.string(p, 'customer')),
      paymentMethod: paymentMethodParam(request),
      paymentMethodTypes: read.strings(p, 'payment_method_types'),
      automaticPaymentMethods:
        automatic === undefined
          ? undefined
          : defined({
              enabled: read.boolean(automatic, 'enabled')!,
              allowRedirects: read.string(automatic, 'allow_redirects') as 'always' | 'never' | undefined,
            }),
      confirm: read.boolean(p, 'confirm'),
      returnUrl: returnUrl(p),
      usage: read.string(p, 'usage') as SetupIntentUsage | undefined,
      requestThreeDSecure: threeDSecurePolicy(p),
      useStripeSdk: read.boolean(p, 'use_stripe_sdk'),
      description: read.string(p, 'description'),
      metadata: read.metadata(p, 'metadata'),
    }),
    setupContext(request),
  );
  if (read.boolean(p, 'confirm') === true) {
    const intent = transition.state.intent;
    const asCreated = {
      ...intent,
      status: 'requires_confirmation' as const,
      last_setup_error: null,
      latest_attempt: null,
      next_action: null,
      payment_method: intent.payment_method ?? intent.last_setup_error?.payment_method.id ?? null,
    };
    record(request, setupIntentEvents({ before: null, after: asCreated, failed: false }).slice(0, 1));
    return settle(request, 'requires_confirmation', transition);
  }
  return settle(request, null, transition);
}

function retrieveIntent(request: ApiRequest): unknown {
  return render(request, findSetupIntent(request).intent);
}

function confirmIntent(request: ApiRequest): unknown {
  const state = findSetupIntent(request);
  const p = request.params;
  const transition = confirmSetupIntent(
    state,
    defined({
      paymentMethod: paymentMethodParam(request),
      returnUrl: returnUrl(p),
      requestThreeDSecure: threeDSecurePolicy(p),
      useStripeSdk: read.boolean(p, 'use_stripe_sdk'),
    }),
    setupContext(request),
  );
  return settle(request, state.intent.status, transition);
}

function updateIntent(request: ApiRequest): unknown {
  const state = findSetupIntent(request);
  const p = request.params;
  const next = updateSetupIntent(
    state,
    defined({
      customer: existingCustomer(request, read.string(p, 'customer')),
      paymentMethod: paymentMethodParam(request),
      description: read.string(p, 'description'),
      metadata: read.metadata(p, 'metadata'),
      requestThreeDSecure: threeDSecurePolicy(p),
    }),
  );
  request.account.objects.setupIntents.set(next.intent.id, next);
  return render(request, next.intent);
}

function cancelIntent(request: ApiRequest): unknown {
  const state = findSetupIntent(request);
  const next = cancelSetupIntent(state, read.string(request.params, 'cancellation_reason') as SetupCancellationReason | undefined);
  request.account.objects.setupIntents.set(next.intent.id, next);
  record(request, setupIntentEvents({ before: state.intent.status, after: next.intent, failed: false }));
  return render(request, next.intent);
}

function listIntents(request: ApiRequest): unknown {
  const customer = read.string(request.params, 'customer');
  const paymentMethod = read.string(request.params, 'payment_method');
  const intents = [...request.account.objects.setupIntents.values()]
    .map((state) => state.intent)
    .filter((intent) => customer === undefined || intent.customer === customer)
    .filter((intent) => paymentMethod === undefined || intent.payment_method === paymentMethod);
  return renderPage(request, intents, '/v1/setup_intents');
}

export const setupIntentHandlers = {
  create: createIntent,
  retrieve: retrieveIntent,
  update: updateIntent,
  confirm: confirmIntent,
  cancel: cancelIntent,
  list: listIntents,
};
