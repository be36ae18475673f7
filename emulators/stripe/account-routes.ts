/**
 * `GET /v1/account` (docs.stripe.com/api/accounts/retrieve): the account the key belongs to, as a
 * fixed US standard account with card payments active. Nothing about it can be changed.
 */
import type { ApiRequest } from './api-request';
import { refuseExpand } from './rendering';

export function retrieveAccount(request: ApiRequest): unknown {
  refuseExpand(request);
  return {
    id: request.account.id,
    object: 'account',
    business_profile: { name: null, url: null },
    business_type: null,
    capabilities: { card_payments: 'active', transfers: 'active' },
    charges_enabled: true,
    country: 'US',
    created: 1_700_000_000,
    default_currency: 'usd',
    details_submitted: true,
    email: null,
    metadata: {},
    payouts_enabled: true,
    settings: { payments: { statement_descriptor: 'STRIPE-CONFIG TEST' } },
    type: 'standard',
  };
}
