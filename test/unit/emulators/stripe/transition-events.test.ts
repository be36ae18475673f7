/**
 * The route handlers record an Event at every transition (facts: webhooks), checked by calling the
 * route table directly with an EventLog (no HTTP; delivery and GET /v1/events are tested elsewhere).
 */
import { AccountDirectory, type Account } from '../../../../emulators/stripe/accounts';
import { NEWEST_API_VERSION } from '../../../../emulators/stripe/api-versions';
import { StripeApiError } from '../../../../emulators/stripe/errors';
import { EventLog, type StripeEvent } from '../../../../emulators/stripe/events';
import { decodeForm } from '../../../../emulators/stripe/form-encoding';
import { validateParams } from '../../../../emulators/stripe/params';
import { handleHostedPage } from '../../../../emulators/stripe/pages';
import { matchRoute } from '../../../../emulators/stripe/routes';

const RETURN = 'return_url=https%3A%2F%2Fshop.test%2Freturn';

let directory: AccountDirectory;
let account: Account;
let log: EventLog;
let seen: StripeEvent[];

beforeEach(() => {
  directory = new AccountDirectory([
    { id: 'acct_1Events0000000', secretKeys: ['sk_test_events1'], publishableKeys: [], defaultApiVersion: '2025-03-31.basil' },
  ]);
  account = directory.authenticate('sk_test_events1').account;
  log = new EventLog();
  seen = [];
  log.subscribe((_account, event) => seen.push(event));
});

/** Calls one route as the server would, with a secret key; returns the body or the thrown StripeApiError. */
function call(method: 'GET' | 'POST', path: string, form = ''): Record<string, unknown> {
  const match = matchRoute(method, path)!;
  try {
    return match.route.handle({
      account,
      keyKind: 'secret',
      apiVersion: NEWEST_API_VERSION,
      params: validateParams(decodeForm(form), match.route.params),
      pathParams: match.pathParams,
      baseUrl: 'http://127.0.0.1:1',
      now: new Date('2026-11-01T12:00:00Z'),
      events: log,
      requestId: 'req_test1',
      idempotencyKey: 'idem-1',
    }) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof StripeApiError) return { error: error.body };
    throw error;
  }
}

const types = () => seen.map((e) => e.type);

test('a frictionless payment records created, charge.succeeded and succeeded, tagged with the request', () => {
  call('POST', '/v1/payment_intents', `amount=2000&currency=eur&payment_method=pm_card_visa&confirm=true&${RETURN}`);
  expect(types()).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded']);
  expect(seen[2]).toMatchObject({
    api_version: '2025-03-31.basil',
    request: { id: 'req_test1', idempotency_key: 'idem-1' },
    data: { object: { object: 'payment_intent', status: 'succeeded' } },
  });
  expect(seen[0]!.data.object).toMatchObject({ status: 'requires_confirmation' });
});

test('a decline records charge.failed and payment_intent.payment_failed', () => {
  call('POST', '/v1/payment_intents', `amount=2000&currency=eur&payment_method=pm_card_chargeDeclined&confirm=true&${RETURN}`);
  expect(types()).toEqual(['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);
});

test('a challenge records requires_action; manual capture records amount_capturable_updated then charge.captured and succeeded', () => {
  call('POST', '/v1/payment_intents', `amount=2000&currency=eur&payment_method=pm_card_threeDSecureRequired&confirm=true&${RETURN}`);
  expect(types()).toEqual(['payment_intent.created', 'payment_intent.requires_action']);
  seen = [];
  const pi = call('POST', '/v1/payment_intents', `amount=2000&currency=eur&payment_method=pm_card_visa&capture_method=manual&confirm=true&${RETURN}`);
  call('POST', `/v1/payment_intents/${pi.id as string}/capture`);
  expect(types()).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.amount_capturable_updated', 'charge.captured', 'payment_intent.succeeded']);
});

test('cancel records payment_intent.canceled', () => {
  const pi = call('POST', '/v1/payment_intents', 'amount=2000&currency=eur');
  call('POST', `/v1/payment_intents/${pi.id as string}/cancel`);
  expect(types()).toEqual(['payment_intent.created', 'payment_intent.canceled']);
});

test('customers, SetupIntents and attach/detach record their events', () => {
  const customer = call('POST', '/v1/customers', 'email=a%40shop.test');
  const si = call('POST', '/v1/setup_intents', `customer=${customer.id as string}&payment_method=pm_card_visa&confirm=true&${RETURN}`);
  call('POST', `/v1/payment_methods/${si.payment_method as string}/detach`);
  call('POST', '/v1/setup_intents', `payment_method=pm_card_chargeDeclined&confirm=true&${RETURN}`);
  expect(types()).toEqual([
    'customer.created',
    'setup_intent.created',
    'payment_method.attached',
    'setup_intent.succeeded',
    'payment_method.detached',
    'setup_intent.created',
    'setup_intent.setup_failed',
  ]);
});

test('the hosted page records the outcome of the challenge, with no request id', () => {
  const pi = call('POST', '/v1/payment_intents', `amount=2000&currency=eur&payment_method=pm_card_threeDSecureRequired&confirm=true&${RETURN}`);
  const si = call('POST', '/v1/setup_intents', `payment_method=pm_card_threeDSecureRequired&confirm=true&${RETURN}`);
  seen = [];
  const answer = (id: string, clientSecret: string, outcome: string) =>
    handleHostedPage(directory, {
      method: 'POST',
      pathname: `/3ds/authenticate/${id}`,
      query: {},
      form: { client_secret: clientSecret, outcome },
      baseUrl: 'http://127.0.0.1:1',
      now: new Date('2026-11-01T12:00:00Z'),
      events: log,
    });
  expect(answer(pi.id as string, pi.client_secret as string, 'complete').status).toBe(303);
  expect(answer(si.id as string, si.client_secret as string, 'fail').status).toBe(303);
  expect(types()).toEqual(['charge.succeeded', 'payment_intent.succeeded', 'setup_intent.setup_failed']);
  expect(seen[1]!.request).toEqual({ id: null, idempotency_key: null });
});
