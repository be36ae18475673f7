/**
 * The SetupIntent wire object (docs.stripe.com/api/setup_intents/object; stripe-node
 * `Stripe.SetupIntent`), and a new one with everything it doesn't model in its empty state. How its
 * status moves is setup-intents.ts.
 */
import type { AutomaticPaymentMethods } from './automatic-payment-methods';
import type { ThreeDSecurePolicy } from './cards';
import type { IntentLastError } from './intent-errors';
import type { NextAction } from './next-actions';

export type SetupIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'canceled'
  | 'succeeded';

export type SetupIntentUsage = 'on_session' | 'off_session';
export type SetupCancellationReason = 'abandoned' | 'duplicate' | 'requested_by_customer';

export interface SetupIntent {
  id: string;
  object: 'setup_intent';
  allowed_payment_method_types: string[] | null;
  application: null;
  automatic_payment_methods: AutomaticPaymentMethods | null;
  cancellation_reason: SetupCancellationReason | null;
  client_secret: string;
  created: number;
  customer: string | null;
  description: string | null;
  excluded_payment_method_types: null;
  flow_directions: null;
  last_setup_error: IntentLastError | null;
  latest_attempt: string | null;
  livemode: false;
  mandate: null;
  metadata: Record<string, string>;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_configuration_details: null;
  payment_method_options: {
    card: { mandate_options: null; network: null; request_three_d_secure: ThreeDSecurePolicy };
  };
  payment_method_types: string[];
  single_use_mandate: null;
  status: SetupIntentStatus;
  usage: SetupIntentUsage;
}

/** The fields a new SetupIntent takes from its create request. */
export type NewSetupIntentFields = Pick<
  SetupIntent,
  | 'id'
  | 'automatic_payment_methods'
  | 'client_secret'
  | 'created'
  | 'customer'
  | 'description'
  | 'metadata'
  | 'payment_method'
  | 'payment_method_types'
  | 'status'
  | 'usage'
> & { request_three_d_secure: ThreeDSecurePolicy };

export function setupIntentObject(fields: NewSetupIntentFields): SetupIntent {
  return {
    id: fields.id,
    object: 'setup_intent',
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: fields.automatic_payment_methods,
    cancellation_reason: null,
    client_secret: fields.client_secret,
    created: fields.created,
    customer: fields.customer,
    description: fields.description,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: fields.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: fields.payment_method,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { mandate_options: null, network: null, request_three_d_secure: fields.request_three_d_secure },
    },
    payment_method_types: fields.payment_method_types,
    single_use_mandate: null,
    status: fields.status,
    usage: fields.usage,
  };
}

/** Whether the redirect back to the shop reports success (facts: `redirect_status`). */
export function setupRedirectStatus(intent: SetupIntent): 'succeeded' | 'failed' {
  return intent.status === 'succeeded' || intent.status === 'processing' ? 'succeeded' : 'failed';
}
