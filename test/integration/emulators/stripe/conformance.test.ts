/**
 * Conformance, card by card: every test card of the fact sheet's 3DS/SCA and decline tables, by
 * `pm_card_*` token and by raw number (created with the publishable key, as Stripe.js does), through
 * the three flows — on-session payment, off-session payment of a card saved on a Customer, and a
 * SetupIntent — driven only through stripe-node. The expected outcomes are written out here from
 * reference/stripe-facts.md and docs.stripe.com/testing, independently of the stand-in's card table.
 */
import type Stripe from 'stripe';
import { answerChallenge, RETURN_URL, standInForFile, stripeError, type StandIn } from '../../../helpers/stripe-stand-in';

/** What a flow ends with: success, a challenge that then ends some way, or a 402 decline. */
type Outcome =
  | { kind: 'succeeds' }
  | { kind: 'challenge'; then: Outcome }
  | { kind: 'declined'; code: string; declineCode?: string };

const succeeds: Outcome = { kind: 'succeeds' };
const challenge = (then: Outcome = succeeds): Outcome => ({ kind: 'challenge', then });
const declined = (code: string, declineCode?: string): Outcome => ({ kind: 'declined', code, ...(declineCode === undefined ? {} : { declineCode }) });
const authenticationRequired = declined('authentication_required', 'authentication_required');

interface CardCase {
  number: string;
  token: string | null;
  /** The fact checked, as the fact sheet (or Stripe's docs, where they differ) states it. */
  fact: string;
  onSession: Outcome;
  /** Saved on a Customer (attach), then `off_session: true, confirm: true`. A decline here is at attach. */
  offSession: Outcome;
  /** Decline at attach (Stripe checks the card when saving it) rather than at the off-session payment. */
  attachDeclines?: boolean;
  setupIntent: Outcome;
}

const CARDS: CardCase[] = [
  { number: '4242424242424242', token: 'pm_card_visa', fact: 'facts 3DS table: 4242 succeeds, no authentication', onSession: succeeds, offSession: succeeds, setupIntent: succeeds },
  { number: '4000002500003155', token: 'pm_card_authenticationRequiredOnSetup', fact: 'facts 3DS table: 3155 requires_action; off-session declined authentication_required unless set up', onSession: challenge(), offSession: authenticationRequired, setupIntent: challenge() },
  { number: '4000002760003184', token: 'pm_card_authenticationRequired', fact: 'facts 3DS table: 3184 requires_action every time, off-session authentication_required', onSession: challenge(), offSession: authenticationRequired, setupIntent: challenge() },
  { number: '4000003800000446', token: 'pm_card_authenticationRequiredSetupForOffSession', fact: 'facts 3DS table (verified in docs.stripe.com/testing): 0446 authenticates on-session, off-session succeeds as if set up', onSession: challenge(), offSession: succeeds, setupIntent: challenge() },
  { number: '4000000000003220', token: 'pm_card_threeDSecure2Required', fact: 'facts 3DS table: 3220 3DS2 challenge → succeeded', onSession: challenge(), offSession: authenticationRequired, setupIntent: challenge() },
  { number: '4000000000003063', token: 'pm_card_threeDSecureRequired', fact: 'facts 3DS table: 3063 challenge → succeeded', onSession: challenge(), offSession: authenticationRequired, setupIntent: challenge() },
  { number: '4000008400001629', token: 'pm_card_threeDSecureRequiredChargeDeclined', fact: 'facts 3DS table: 1629 after authentication → declined card_declined', onSession: challenge(declined('card_declined', 'generic_decline')), offSession: authenticationRequired, setupIntent: challenge() },
  { number: '4000008260003178', token: 'pm_card_authenticationRequiredChargeDeclinedInsufficientFunds', fact: 'facts 3DS table: 3178 after authentication → declined insufficient_funds (docs: "even after ... previously set up")', onSession: challenge(declined('card_declined', 'insufficient_funds')), offSession: declined('card_declined', 'insufficient_funds'), setupIntent: challenge() },
  { number: '4000008400001280', token: null, fact: 'docs.stripe.com/testing (differs from facts): 1280 3DS lookup fails and the payment is declined', onSession: declined('card_declined', 'generic_decline'), offSession: authenticationRequired, setupIntent: declined('card_declined', 'generic_decline') },
  { number: '4000000000003055', token: 'pm_card_threeDSecureOptional', fact: 'facts 3DS table: 3055 succeeds frictionless under automatic', onSession: succeeds, offSession: succeeds, setupIntent: succeeds },
  { number: '4000000000003097', token: null, fact: 'docs.stripe.com/testing: 3097 supports 3DS but does not require it, so automatic succeeds', onSession: succeeds, offSession: succeeds, setupIntent: succeeds },
  { number: '378282246310005', token: 'pm_card_amex', fact: 'facts 3DS table: amex succeeds, 3DS not supported', onSession: succeeds, offSession: succeeds, setupIntent: succeeds },
  { number: '4000000000000002', token: 'pm_card_chargeDeclined', fact: 'facts decline table: generic_decline', onSession: declined('card_declined', 'generic_decline'), offSession: declined('card_declined', 'generic_decline'), attachDeclines: true, setupIntent: declined('card_declined', 'generic_decline') },
  { number: '4000000000009995', token: 'pm_card_chargeDeclinedInsufficientFunds', fact: 'facts decline table: insufficient_funds', onSession: declined('card_declined', 'insufficient_funds'), offSession: declined('card_declined', 'insufficient_funds'), attachDeclines: true, setupIntent: declined('card_declined', 'insufficient_funds') },
  { number: '4000000000009987', token: 'pm_card_chargeDeclinedLostCard', fact: 'facts decline table: lost_card', onSession: declined('card_declined', 'lost_card'), offSession: declined('card_declined', 'lost_card'), attachDeclines: true, setupIntent: declined('card_declined', 'lost_card') },
  { number: '4000000000009979', token: 'pm_card_chargeDeclinedStolenCard', fact: 'facts decline table: stolen_card', onSession: declined('card_declined', 'stolen_card'), offSession: declined('card_declined', 'stolen_card'), attachDeclines: true, setupIntent: declined('card_declined', 'stolen_card') },
  { number: '4000000000000069', token: 'pm_card_chargeDeclinedExpiredCard', fact: 'facts decline table: code expired_card', onSession: declined('expired_card'), offSession: declined('expired_card'), attachDeclines: true, setupIntent: declined('expired_card') },
  { number: '4000000000000127', token: 'pm_card_chargeDeclinedIncorrectCvc', fact: 'facts decline table: code incorrect_cvc', onSession: declined('incorrect_cvc'), offSession: declined('incorrect_cvc'), attachDeclines: true, setupIntent: declined('incorrect_cvc') },
  { number: '4000000000000119', token: 'pm_card_chargeDeclinedProcessingError', fact: 'facts decline table: code processing_error', onSession: declined('processing_error'), offSession: declined('processing_error'), attachDeclines: true, setupIntent: declined('processing_error') },
  { number: '4100000000000019', token: 'pm_card_radarBlock', fact: 'facts decline table: fraudulent, blocked by Radar', onSession: declined('card_declined', 'fraudulent'), offSession: declined('card_declined', 'fraudulent'), attachDeclines: true, setupIntent: declined('card_declined', 'fraudulent') },
  { number: '4000000000000341', token: 'pm_card_chargeCustomerFail', fact: 'docs.stripe.com/testing: 0341 attaches to a Customer, charges fail', onSession: declined('card_declined', 'generic_decline'), offSession: declined('card_declined', 'generic_decline'), setupIntent: succeeds },
];

let standIn: StandIn;
let stripe: Stripe;
standInForFile((started) => {
  standIn = started;
  stripe = started.secret();
});

/** A PaymentMethod for the card: its token, or its raw number created with the publishable key. */
async function paymentMethodFor(card: CardCase, by: 'token' | 'number'): Promise<string> {
  if (by === 'token') return card.token!;
  const pm = await standIn.publishable().paymentMethods.create({
    type: 'card',
    card: { number: card.number, exp_month: 12, exp_year: 2034, cvc: '123' },
  });
  expect(pm.card?.last4).toBe(card.number.slice(-4));
  return pm.id;
}

/** A declined PaymentIntent: 402 card_error, the intent back to requires_payment_method, a failed Charge. */
async function expectDeclinedPayment(error: Awaited<ReturnType<typeof stripeError>>, outcome: Extract<Outcome, { kind: 'declined' }>): Promise<void> {
  expect(error.type).toBe('StripeCardError');
  expect(error.statusCode).toBe(402);
  expect(error.code).toBe(outcome.code);
  expect(error.decline_code || undefined).toBe(outcome.declineCode); // stripe-node reports a missing one as ''
  const intent = error.payment_intent!;
  expect(intent.status).toBe('requires_payment_method');
  expect(intent.last_payment_error).toMatchObject({ type: 'card_error', code: outcome.code });
  expect(intent.last_payment_error?.decline_code).toBe(outcome.declineCode);
  const charge = await stripe.charges.retrieve(intent.latest_charge as string);
  expect(charge).toMatchObject({ status: 'failed', paid: false, failure_code: outcome.code, payment_intent: intent.id });
}

/** Follows a payment to its end: completes a challenge, then checks success or the decline. */
async function expectPayment(result: Promise<Stripe.PaymentIntent>, outcome: Outcome): Promise<void> {
  if (outcome.kind === 'declined') {
    await expectDeclinedPayment(await stripeError(result), outcome);
    return;
  }
  const intent = await result;
  if (outcome.kind === 'succeeds') {
    expect(intent.status).toBe('succeeded');
    expect(intent.next_action).toBeNull();
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ status: 'succeeded', paid: true, captured: true, amount: intent.amount });
    return;
  }
  expect(intent.status).toBe('requires_action');
  expect(intent.next_action?.type).toBe('redirect_to_url');
  expect(intent.latest_charge).toBeNull();
  const landed = new URL((await answerChallenge(intent.next_action, 'complete'))!);
  const after = await stripe.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
  if (outcome.then.kind === 'declined') {
    expect(landed.searchParams.get('redirect_status')).toBe('failed');
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error).toMatchObject({ type: 'card_error', code: outcome.then.code, decline_code: outcome.then.declineCode });
    expect(after.latest_charge).toMatchObject({ object: 'charge', status: 'failed' });
  } else {
    expect(landed.searchParams.get('redirect_status')).toBe('succeeded');
    expect(after.status).toBe('succeeded');
    expect(after.latest_charge).toMatchObject({ object: 'charge', status: 'succeeded', payment_method_details: { card: { three_d_secure: { result: 'authenticated' } } } });
  }
}

const byToken = CARDS.filter((c) => c.token !== null).map((c) => [c.token!, c] as const);
const byNumber = CARDS.map((c) => [c.number, c] as const);

describe('on-session payment, request_three_d_secure=automatic', () => {
  test.each(byToken)('%s by token (fact: see table)', async (_token, card) => {
    const paymentMethod = await paymentMethodFor(card, 'token');
    await expectPayment(
      stripe.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: paymentMethod, confirm: true, return_url: RETURN_URL }),
      card.onSession,
    );
  });

  test.each(byNumber)('%s by raw number with the publishable key', async (_number, card) => {
    const paymentMethod = await paymentMethodFor(card, 'number');
    await expectPayment(
      stripe.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: paymentMethod, confirm: true, return_url: RETURN_URL }),
      card.onSession,
    );
  });
});

describe('off-session payment of a card saved on a Customer', () => {
  test.each(byNumber)('%s', async (_number, card) => {
    const customer = await stripe.customers.create({ email: 'off-session@shop.test' });
    const paymentMethod = await paymentMethodFor(card, 'number');
    const attaching = stripe.paymentMethods.attach(paymentMethod, { customer: customer.id });
    if (card.attachDeclines === true && card.offSession.kind === 'declined') {
      // facts decline table; docs.stripe.com/testing: only 0341 "attaching ... succeeds".
      const error = await stripeError(attaching);
      expect(error).toMatchObject({ type: 'StripeCardError', statusCode: 402, code: card.offSession.code });
      expect(error.decline_code || undefined).toBe(card.offSession.declineCode);
      return;
    }
    expect((await attaching).customer).toBe(customer.id);
    await expectPayment(
      stripe.paymentIntents.create({ amount: 2000, currency: 'eur', customer: customer.id, payment_method: paymentMethod, off_session: true, confirm: true }),
      card.offSession,
    );
  });
});

describe('SetupIntent for a Customer, usage=off_session', () => {
  test.each(byNumber)('%s', async (_number, card) => {
    const customer = await stripe.customers.create();
    const paymentMethod = await paymentMethodFor(card, 'number');
    const creating = stripe.setupIntents.create({ customer: customer.id, payment_method: paymentMethod, confirm: true, return_url: RETURN_URL });
    const outcome = card.setupIntent;
    if (outcome.kind === 'declined') {
      const error = await stripeError(creating);
      expect(error).toMatchObject({ type: 'StripeCardError', statusCode: 402, code: outcome.code });
      expect(error.decline_code || undefined).toBe(outcome.declineCode); // stripe-node reports a missing one as ''
      expect(error.setup_intent).toMatchObject({ status: 'requires_payment_method', last_setup_error: { type: 'card_error', code: outcome.code } });
      expect((await stripe.customers.listPaymentMethods(customer.id)).data).toHaveLength(0);
      return;
    }
    let intent = await creating;
    expect(intent.usage).toBe('off_session');
    if (outcome.kind === 'challenge') {
      expect(intent.status).toBe('requires_action');
      expect(intent.next_action?.type).toBe('redirect_to_url');
      const landed = new URL((await answerChallenge(intent.next_action, 'complete'))!);
      expect(landed.searchParams.get('setup_intent')).toBe(intent.id);
      expect(landed.searchParams.get('setup_intent_client_secret')).toBe(intent.client_secret);
      expect(landed.searchParams.get('redirect_status')).toBe('succeeded');
      intent = await stripe.setupIntents.retrieve(intent.id);
    }
    expect(intent.status).toBe('succeeded');
    // facts: a succeeded SetupIntent attaches the PaymentMethod to its Customer.
    const saved = await stripe.customers.listPaymentMethods(customer.id);
    expect(saved.data.map((pm) => pm.id)).toEqual([paymentMethod]);
  });
});

describe('request_three_d_secure other than automatic (facts: request_three_d_secure)', () => {
  test.each([
    ['pm_card_visa', 'any', 'succeeded', 'docs.stripe.com/testing (differs from facts): 4242 is not enrolled, so never challenged'],
    ['pm_card_threeDSecureOptional', 'any', 'requires_action', 'facts: any requests 3DS whenever the card supports it'],
    ['pm_card_threeDSecureOptional', 'challenge', 'requires_action', 'facts: challenge asks for a challenge'],
    ['pm_card_amex', 'challenge', 'succeeded', 'facts: a card that does not support 3DS proceeds without it'],
  ] as const)('%s with %s ends %s (%s)', async (token, policy, status, _fact) => {
    const intent = await stripe.paymentIntents.create({
      amount: 2000,
      currency: 'eur',
      payment_method: token,
      confirm: true,
      return_url: RETURN_URL,
      payment_method_options: { card: { request_three_d_secure: policy } },
    });
    expect(intent.status).toBe(status);
    expect(intent.payment_method_options?.card?.request_three_d_secure).toBe(policy);
  });

  test('4000000000003097 with any: attempting 3DS errors, processing_error (docs.stripe.com/testing, differs from facts)', async () => {
    const pm = await standIn.publishable().paymentMethods.create({ type: 'card', card: { number: '4000000000003097', exp_month: 12, exp_year: 2034 } });
    const error = await stripeError(
      stripe.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: pm.id, confirm: true, return_url: RETURN_URL, payment_method_options: { card: { request_three_d_secure: 'any' } } }),
    );
    await expectDeclinedPayment(error, { kind: 'declined', code: 'processing_error' });
  });
});

describe('set up once, then off-session (facts: 3155 "succeeds once set up for off-session")', () => {
  test('4000002500003155 saved by an authenticated SetupIntent pays off-session', async () => {
    const customer = await stripe.customers.create();
    const setup = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true, return_url: RETURN_URL });
    await answerChallenge(setup.next_action, 'complete');
    const paymentMethod = (await stripe.setupIntents.retrieve(setup.id)).payment_method as string;
    const paid = await stripe.paymentIntents.create({ amount: 1500, currency: 'eur', customer: customer.id, payment_method: paymentMethod, off_session: true, confirm: true });
    expect(paid.status).toBe('succeeded');
  });

  test('4000002500003155 saved by an on-session payment with setup_future_usage pays off-session', async () => {
    const customer = await stripe.customers.create();
    const first = await stripe.paymentIntents.create({
      amount: 2000, currency: 'eur', customer: customer.id, payment_method: 'pm_card_authenticationRequiredOnSetup',
      setup_future_usage: 'off_session', confirm: true, return_url: RETURN_URL,
    });
    expect(first.setup_future_usage).toBe('off_session');
    await answerChallenge(first.next_action, 'complete');
    const saved = await stripe.customers.listPaymentMethods(customer.id);
    expect(saved.data).toHaveLength(1);
    const paid = await stripe.paymentIntents.create({ amount: 1500, currency: 'eur', customer: customer.id, payment_method: saved.data[0]!.id, off_session: true, confirm: true });
    expect(paid.status).toBe('succeeded');
  });

  test('4000002760003184 still needs the customer off-session after setup (facts: "every time")', async () => {
    const customer = await stripe.customers.create();
    const setup = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_authenticationRequired', confirm: true, return_url: RETURN_URL });
    await answerChallenge(setup.next_action, 'complete');
    const paymentMethod = (await stripe.setupIntents.retrieve(setup.id)).payment_method as string;
    const error = await stripeError(
      stripe.paymentIntents.create({ amount: 1500, currency: 'eur', customer: customer.id, payment_method: paymentMethod, off_session: true, confirm: true }),
    );
    await expectDeclinedPayment(error, { kind: 'declined', code: 'authentication_required', declineCode: 'authentication_required' });
  });
});
