/**
 * SetupIntents as the API and the hosted page drive them (docs.stripe.com/api/setup_intents):
 * parameters as in the API reference, and each operation as input → one call to the state machine
 * (setup-intents.ts) → the Events it announces (transition-events.ts). The steps every operation
 * shares are intent-routes.ts.
 */
import type { ApiRequest } from './api-request';
import { intentContext } from './intent-context';
import { confirmInputs, createdThenConfirmed, createInputs, unannounced, updateInputs, type IntentChange, type IntentResource } from './intent-routes';
import { bool, hash, ignored, list, metadata, oneOf, read, str } from './params';
import {
  defined,
  EXPAND,
  PAGINATION,
  PAYMENT_METHOD_FIELDS,
  STRIPE_JS_FIELDS,
} from './request-inputs';
import { setupRedirectStatus, type SetupCancellationReason, type SetupIntentStatus, type SetupIntentUsage } from './setup-intent-object';
import {
  cancelSetupIntent,
  confirmSetupIntent,
  createSetupIntent,
  finishSetupAuthentication,
  updateSetupIntent,
  type SetupIntentState,
  type SetupTransition,
} from './setup-intents';
import { setupIntentEvents, setupTransitionEvents } from './transition-events';

const CARD_OPTIONS = hash({ request_three_d_secure: oneOf('automatic', 'any', 'challenge') });

const CONFIRM_FIELDS = {
  payment_method: str(),
  payment_method_data: hash(PAYMENT_METHOD_FIELDS, ['type']),
  return_url: str(),
  payment_method_options: hash({ card: CARD_OPTIONS }),
  use_stripe_sdk: bool(),
  expand: EXPAND,
};

export const SETUP_INTENT_PARAMS = {
  create: hash({
    ...CONFIRM_FIELDS,
    customer: str(),
    confirm: bool(),
    usage: oneOf('on_session', 'off_session'),
    payment_method_types: list(str()),
    automatic_payment_methods: hash({ enabled: bool(), allow_redirects: oneOf('always', 'never') }, ['enabled']),
    description: str(1000),
    metadata: metadata(),
  }),
  confirm: hash({ ...CONFIRM_FIELDS, client_secret: str(), expected_payment_method_type: ignored(), ...STRIPE_JS_FIELDS }),
  update: hash({
    customer: str(),
    payment_method: str(),
    payment_method_options: hash({ card: CARD_OPTIONS }),
    description: str(1000),
    metadata: metadata(),
    expand: EXPAND,
  }),
  retrieve: hash({ client_secret: str(), expand: EXPAND, ...STRIPE_JS_FIELDS }),
  list: hash({ customer: str(), payment_method: str(), ...PAGINATION, created: ignored(), expand: EXPAND }),
  cancel: hash({ cancellation_reason: oneOf('abandoned', 'duplicate', 'requested_by_customer'), expand: EXPAND }),
};

type Change = IntentChange<SetupIntentState>;

/** A confirmation or an answered challenge, with its Events; `failedAuthentication` when the customer failed it. */
function attempted(before: SetupIntentStatus | null, transition: SetupTransition, failedAuthentication = false): Change {
  return { ...transition, events: setupTransitionEvents(before, transition, failedAuthentication) };
}

/** `POST /v1/setup_intents`; with `confirm=true` the intent is announced as created before whatever the confirmation did. */
function create(request: ApiRequest): Change {
  const ctx = intentContext(request);
  const created = createSetupIntent(
    defined({ ...createInputs(request), usage: read.string(request.params, 'usage') as SetupIntentUsage | undefined }),
    ctx,
  );
  return createdThenConfirmed(request, attempted(null, created), (state) => attempted(state.intent.status, confirmSetupIntent(state, {}, ctx)));
}

function confirm(request: ApiRequest, state: SetupIntentState): Change {
  return attempted(state.intent.status, confirmSetupIntent(state, confirmInputs(request), intentContext(request)));
}

function update(request: ApiRequest, state: SetupIntentState): Change {
  return unannounced(updateSetupIntent(state, updateInputs(request)));
}

function cancel(request: ApiRequest, state: SetupIntentState): Change {
  const next = cancelSetupIntent(state, read.string(request.params, 'cancellation_reason') as SetupCancellationReason | undefined);
  return { state: next, events: setupIntentEvents({ before: state.intent.status, after: next.intent, failed: false }) };
}

export const SETUP_INTENTS: IntentResource<SetupIntentState, 'update' | 'confirm' | 'cancel'> = {
  kind: 'SetupIntent',
  object: 'setup_intent',
  stored: (objects) => objects.setupIntents,
  create,
  operations: { update, confirm, cancel },
  list: { url: '/v1/setup_intents', filters: ['customer', 'payment_method'] },
  finishAuthentication: (state, outcome) => attempted(state.intent.status, finishSetupAuthentication(state, outcome), outcome === 'fail'),
  redirectStatus: setupRedirectStatus,
};
