/**
 * The Stripe stand-in through the official stripe-node SDK only, as the shop's checkout code uses it.
 * Every test starts its own emulator on port 0 and closes it.
 */
import Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator } from '../../../../emulators/stripe';
import { stripeClient, stripeError } from '../../../helpers/stripe-stand-in';

const ACCOUNT_A = { id: 'acct_1TestAccountA0000', secretKeys: ['sk_test_accountA1'], publishableKeys: ['pk_test_accountA1'] };
const ACCOUNT_B = { id: 'acct_1TestAccountB0000', secretKeys: ['sk_test_accountB1'], publishableKeys: ['pk_test_accountB1'] };
const RETURN_URL = 'https://shop.test/checkout/return';

let emulator: StripeEmulator;

beforeEach(async () => {
  emulator = await startStripeEmulator({ accounts: [ACCOUNT_A, ACCOUNT_B] });
});

afterEach(async () => {
  await emulator.close();
});

function client(key: string, apiVersion?: string): Stripe {
  return stripeClient(emulator, key, apiVersion === undefined ? {} : { apiVersion: apiVersion as Stripe.LatestApiVersion });
}

function payOnSession(stripe: Stripe, paymentMethod: string, policy: 'automatic' | 'any' | 'challenge') {
  return stripe.paymentIntents.create({
    amount: 2000,
    currency: 'eur',
    payment_method: paymentMethod,
    confirm: true,
    return_url: RETURN_URL,
    payment_method_options: { card: { request_three_d_secure: policy } },
  });
}

/** facts: test cards for authentication; docs.stripe.com/testing (4242: "supported, unenrolled"). */
const ON_SESSION: [token: string, automatic: string, any: string, challenge: string][] = [
  ['pm_card_visa', 'succeeded', 'succeeded', 'succeeded'],
  ['pm_card_authenticationRequiredOnSetup', 'requires_action', 'requires_action', 'requires_action'],
  ['pm_card_authenticationRequired', 'requires_action', 'requires_action', 'requires_action'],
  ['pm_card_threeDSecure2Required', 'requires_action', 'requires_action', 'requires_action'],
  ['pm_card_threeDSecureRequired', 'requires_action', 'requires_action', 'requires_action'],
  ['pm_card_threeDSecureRequiredChargeDeclined', 'requires_action', 'requires_action', 'requires_action'],
  ['pm_card_threeDSecureOptional', 'succeeded', 'requires_action', 'requires_action'],
  ['pm_card_amex', 'succeeded', 'succeeded', 'succeeded'],
];

test.each(
  ON_SESSION.flatMap(([token, automatic, any, challenge]) => [
    [token, 'automatic', automatic] as const,
    [token, 'any', any] as const,
    [token, 'challenge', challenge] as const,
  ]),
)('%s on-session with request_three_d_secure=%s ends %s', async (token, policy, expected) => {
  const intent = await payOnSession(client(ACCOUNT_A.secretKeys[0]!), token, policy);
  expect(intent.status).toBe(expected);
  if (expected === 'requires_action') {
    expect(intent.next_action?.type).toBe('redirect_to_url');
    expect(intent.next_action?.redirect_to_url?.url).toMatch(new RegExp(`^${emulator.url}/3ds/authenticate/${intent.id}\\?client_secret=`));
  } else {
    expect(intent.latest_charge).toMatch(/^ch_/);
  }
});

/** facts: decline cards (on-session). */
test.each([
  ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
  ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
  ['pm_card_chargeDeclinedLostCard', 'card_declined', 'lost_card'],
  ['pm_card_chargeDeclinedStolenCard', 'card_declined', 'stolen_card'],
  ['pm_card_chargeDeclinedExpiredCard', 'expired_card', ''],
  ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', ''],
  ['pm_card_chargeDeclinedProcessingError', 'processing_error', ''],
  ['pm_card_radarBlock', 'card_declined', 'fraudulent'],
])('%s is declined with HTTP 402 %s/%s and the intent left requires_payment_method', async (token, code, declineCode) => {
  const error = await stripeError(payOnSession(client(ACCOUNT_A.secretKeys[0]!), token, 'automatic'));
  expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
  expect(error.statusCode).toBe(402);
  expect(error.code).toBe(code);
  expect(error.decline_code).toBe(declineCode);
  expect(error.payment_intent?.status).toBe('requires_payment_method');
  expect(error.payment_intent?.last_payment_error?.code).toBe(code);
});

test('manual capture authorises first and captures on request', async () => {
  const stripe = client(ACCOUNT_A.secretKeys[0]!);
  const authorised = await stripe.paymentIntents.create({
    amount: 4500,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    capture_method: 'manual',
    confirm: true,
    return_url: RETURN_URL,
  });
  expect(authorised).toMatchObject({ status: 'requires_capture', amount_capturable: 4500, amount_received: 0 });
  const captured = await stripe.paymentIntents.capture(authorised.id);
  expect(captured).toMatchObject({ status: 'succeeded', amount_received: 4500 });
  const charge = await stripe.charges.retrieve(captured.latest_charge as string);
  expect(charge).toMatchObject({ captured: true, amount_captured: 4500 });
});

test('a PaymentMethod created from a raw card number with a publishable key pays with the secret key', async () => {
  const pm = await client(ACCOUNT_A.publishableKeys[0]!).paymentMethods.create({
    type: 'card',
    card: { number: '4000002760003184', exp_month: 12, exp_year: 2034, cvc: '123' },
  });
  expect(pm.card).toMatchObject({ last4: '3184', brand: 'visa', three_d_secure_usage: { supported: true } });
  const stripe = client(ACCOUNT_A.secretKeys[0]!);
  const intent = await stripe.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: pm.id, confirm: true, return_url: RETURN_URL });
  expect(intent.status).toBe('requires_action');
  expect((await stripe.paymentMethods.retrieve(pm.id)).id).toBe(pm.id);
});

test("account B's secret key gets resource_missing for a PaymentMethod made with account A's publishable key", async () => {
  const pm = await client(ACCOUNT_A.publishableKeys[0]!).paymentMethods.create({
    type: 'card',
    card: { number: '4242424242424242', exp_month: 12, exp_year: 2034, cvc: '123' },
  });
  const otherAccount = client(ACCOUNT_B.secretKeys[0]!);

  const retrieveError = await stripeError(otherAccount.paymentMethods.retrieve(pm.id));
  expect(retrieveError).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  expect(retrieveError).toMatchObject({ statusCode: 404, code: 'resource_missing', message: `No such payment_method: '${pm.id}'` });

  const payError = await stripeError(
    otherAccount.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: pm.id, confirm: true, return_url: RETURN_URL }),
  );
  expect(payError).toMatchObject({ code: 'resource_missing', param: 'payment_method' });
});

test('a publishable key is refused where a secret key is needed', async () => {
  const error = await stripeError(client(ACCOUNT_A.publishableKeys[0]!).paymentIntents.create({ amount: 2000, currency: 'eur' }));
  expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  expect(error.message).toMatch(/cannot be made with a publishable API key/);
});

test('an unknown API version is a 400 naming the version', async () => {
  const error = await stripeError(client(ACCOUNT_A.secretKeys[0]!, '2099-01-01.zinnia').accounts.retrieveCurrent());
  expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  expect(error.statusCode).toBe(400);
  expect(error.message).toBe('Invalid Stripe API version: 2099-01-01.zinnia');
});

test('GET /v1/account answers the account of the secret key', async () => {
  expect((await client(ACCOUNT_B.secretKeys[0]!).accounts.retrieveCurrent()).id).toBe(ACCOUNT_B.id);
});

test('a live key no account has is refused with 401 Invalid API Key, showing only its last 4', async () => {
  const error = await stripeError(client('sk_live_51Xyz0000000000000000').accounts.retrieveCurrent());
  expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  expect(error.message).toBe('Invalid API Key provided: sk_live_************0000');
  expect(error.message).not.toContain('51Xyz0000000000000000');
});

test('an unknown parameter is a 400 parameter_unknown naming it', async () => {
  const stripe = client(ACCOUNT_A.secretKeys[0]!);
  const params = { amount: 2000, currency: 'eur', payment_method_options: { card: { colour: 'red' } } } as unknown as Stripe.PaymentIntentCreateParams;
  const error = await stripeError(stripe.paymentIntents.create(params));
  expect(error).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'payment_method_options[card][colour]' });
});

test('from 2023-08-16 a confirmation without return_url is refused unless allow_redirects=never', async () => {
  const stripe = client(ACCOUNT_A.secretKeys[0]!, '2023-08-16');
  const error = await stripeError(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }));
  expect(error.statusCode).toBe(400);
  expect(error.message).toMatch(/you must provide a `return_url`/);

  const paid = await stripe.paymentIntents.create({
    amount: 2000,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
  });
  expect(paid.status).toBe('succeeded');
});

test('on 2022-11-15 a card payment confirms without return_url', async () => {
  const paid = await client(ACCOUNT_A.secretKeys[0]!, '2022-11-15').paymentIntents.create({
    amount: 2000,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
  });
  expect(paid).toMatchObject({ status: 'succeeded', capture_method: 'automatic' });
});

test('an idempotent retry replays the first response; other parameters under the same key are refused', async () => {
  const stripe = client(ACCOUNT_A.secretKeys[0]!);
  const params = { amount: 2000, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, return_url: RETURN_URL };
  const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-42' });
  const replay = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-42' });
  expect(replay.id).toBe(first.id);
  expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');

  const error = await stripeError(stripe.paymentIntents.create({ ...params, amount: 3000 }, { idempotencyKey: 'order-42' }));
  expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
});

test('cancel ends a pending challenge as canceled', async () => {
  const stripe = client(ACCOUNT_A.secretKeys[0]!);
  const pending = await payOnSession(stripe, 'pm_card_threeDSecure2Required', 'automatic');
  const canceled = await stripe.paymentIntents.cancel(pending.id, { cancellation_reason: 'abandoned' });
  expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned', next_action: null });
});
