/**
 * Reusing PaymentMethods, only through stripe-node: a card used without a Customer is single-use, a
 * detached one is spent, and a card on a Customer belongs to that Customer. Each test names its
 * source (emulators/stripe/payment-methods.ts cites them in full); cards are tokenised with the
 * publishable key, as Stripe.js and the checks runner do.
 */
import type Stripe from 'stripe';
import { answerChallenge, RETURN_URL, standInForFile, stripeError, type StandIn } from '../../../helpers/stripe-stand-in';

/** Stripe's text, verbatim as captured in Automattic/woocommerce-payments#323 (400, no code, no param). */
const SPENT =
  'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a ' +
  'connected account without Customer attachment, or was detached from a Customer. It may not be used again. ' +
  'To use a PaymentMethod multiple times, you must attach it to a Customer first.';
/** Stripe's text on attach, as quoted in stripe/stripe-php#1221 and stripe-archive/stripe-payments-demo#45. */
const SPENT_ON_ATTACH = 'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.';
const notTheirs = (pm: string, customer: string) =>
  `The PaymentMethod ${pm} does not belong to the Customer you supplied ${customer}. Please use this PaymentMethod with the Customer that it belongs to instead.`;

let standIn: StandIn;
let stripe: Stripe;
standInForFile((started) => {
  standIn = started;
  stripe = started.secret();
});

/** The customer types the card into the front end (a PaymentMethod made with the publishable key). */
async function tokenise(number = '4242424242424242'): Promise<string> {
  const pm = await standIn.publishable().paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2034, cvc: '123' } });
  return pm.id;
}

function pay(paymentMethod: string, extra: Partial<Stripe.PaymentIntentCreateParams> = {}): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: paymentMethod, confirm: true, return_url: RETURN_URL, ...extra });
}

function chargeOffSession(paymentMethod: string, customer: string): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({ amount: 2000, currency: 'eur', customer, payment_method: paymentMethod, off_session: true, confirm: true });
}

/** Pays on-session and completes the 3DS challenge the card asks for. */
async function payAfterChallenge(paymentMethod: string, extra: Partial<Stripe.PaymentIntentCreateParams>): Promise<Stripe.PaymentIntent> {
  const pending = await pay(paymentMethod, extra);
  expect(pending.status).toBe('requires_action');
  await answerChallenge(pending.next_action, 'complete');
  return stripe.paymentIntents.retrieve(pending.id);
}

const refusedAsSpent = { statusCode: 400, type: 'StripeInvalidRequestError', message: SPENT, code: undefined, param: undefined };

describe('a PaymentMethod used without a Customer may not be used again (woocommerce-payments#323; docs: setup_future_usage)', () => {
  test('a second payment with it is refused with Stripe\'s message, no code and no param', async () => {
    const pm = await tokenise();
    expect((await pay(pm)).status).toBe('succeeded');
    expect(await stripeError(pay(pm))).toMatchObject(refusedAsSpent);
  });

  test('a declined payment spends it too: the retry is refused, not declined again (developer notes: "USED CARD TWICE"; our reading)', async () => {
    const pm = await tokenise('4000000000000002');
    expect(await stripeError(pay(pm))).toMatchObject({ statusCode: 402, code: 'card_declined' });
    expect(await stripeError(pay(pm))).toMatchObject(refusedAsSpent);
  });

  test('confirming another PaymentIntent with it is refused', async () => {
    const pm = await tokenise();
    await pay(pm);
    const other = await stripe.paymentIntents.create({ amount: 1500, currency: 'eur' });
    expect(await stripeError(stripe.paymentIntents.confirm(other.id, { payment_method: pm, return_url: RETURN_URL }))).toMatchObject(refusedAsSpent);
    expect((await stripe.paymentIntents.retrieve(other.id)).status).toBe('requires_payment_method');
  });

  test('setting it on another PaymentIntent by update is refused', async () => {
    const pm = await tokenise();
    await pay(pm);
    const other = await stripe.paymentIntents.create({ amount: 1500, currency: 'eur' });
    expect(await stripeError(stripe.paymentIntents.update(other.id, { payment_method: pm }))).toMatchObject(refusedAsSpent);
  });

  test('a SetupIntent cannot use it either', async () => {
    const pm = await tokenise();
    await pay(pm);
    const customer = await stripe.customers.create();
    const setup = stripe.setupIntents.create({ customer: customer.id, payment_method: pm, confirm: true, return_url: RETURN_URL });
    expect(await stripeError(setup)).toMatchObject(refusedAsSpent);
  });

  test('attaching it to a Customer afterwards is refused with Stripe\'s attach message (stripe-php#1221)', async () => {
    const pm = await tokenise();
    await pay(pm);
    const customer = await stripe.customers.create();
    expect(await stripeError(stripe.paymentMethods.attach(pm, { customer: customer.id }))).toMatchObject({ statusCode: 400, message: SPENT_ON_ATTACH });
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toHaveLength(0);
  });

  test('a payment with a Customer but without setup_future_usage does not save it, so it is spent too', async () => {
    const customer = await stripe.customers.create();
    const pm = await tokenise();
    expect(await pay(pm, { customer: customer.id })).toMatchObject({ status: 'succeeded', customer: customer.id });
    expect(await stripeError(pay(pm, { customer: customer.id }))).toMatchObject(refusedAsSpent);
  });

  test('setup_future_usage without a Customer leaves it attachable afterwards (docs: "you can still attach the payment method to a Customer after the transaction completes")', async () => {
    const pm = await tokenise();
    await pay(pm, { setup_future_usage: 'off_session' });
    expect(await stripeError(pay(pm))).toMatchObject(refusedAsSpent);
    const customer = await stripe.customers.create();
    expect((await stripe.paymentMethods.attach(pm, { customer: customer.id })).customer).toBe(customer.id);
    expect((await chargeOffSession(pm, customer.id)).status).toBe('succeeded');
  });
});

describe('a detached PaymentMethod is spent (docs.stripe.com/api/payment_methods/detach: "can no longer be used for a payment or re-attached")', () => {
  test('a payment with it is refused with the same message', async () => {
    const customer = await stripe.customers.create();
    const pm = await tokenise();
    await stripe.paymentMethods.attach(pm, { customer: customer.id });
    await stripe.paymentMethods.detach(pm);
    expect(await stripeError(pay(pm))).toMatchObject(refusedAsSpent);
  });

  test('re-attaching it, even to the same Customer, is refused', async () => {
    const customer = await stripe.customers.create();
    const pm = await tokenise();
    await stripe.paymentMethods.attach(pm, { customer: customer.id });
    await stripe.paymentMethods.detach(pm);
    expect(await stripeError(stripe.paymentMethods.attach(pm, { customer: customer.id }))).toMatchObject({ statusCode: 400, message: SPENT_ON_ATTACH });
  });

  test('deleting the Customer detaches it, so a PaymentIntent created with it earlier can no longer be confirmed', async () => {
    const customer = await stripe.customers.create();
    const pm = await tokenise();
    await stripe.paymentMethods.attach(pm, { customer: customer.id });
    const later = await stripe.paymentIntents.create({ amount: 2000, currency: 'eur', customer: customer.id, payment_method: pm });
    await stripe.customers.del(customer.id);
    expect(await stripeError(stripe.paymentIntents.confirm(later.id, { return_url: RETURN_URL }))).toMatchObject(refusedAsSpent);
  });
});

describe('a PaymentMethod on a Customer is reusable for that Customer (the message: "you must attach it to a Customer first")', () => {
  test('attached, it pays again on-session and off-session; the same card unattached would not', async () => {
    const customer = await stripe.customers.create();
    const saved = await tokenise();
    await stripe.paymentMethods.attach(saved, { customer: customer.id });
    expect((await pay(saved, { customer: customer.id })).status).toBe('succeeded');
    expect((await pay(saved, { customer: customer.id })).status).toBe('succeeded');
    expect((await chargeOffSession(saved, customer.id)).status).toBe('succeeded');

    const unsaved = await tokenise();
    await pay(unsaved, { customer: customer.id });
    expect(await stripeError(chargeOffSession(unsaved, customer.id))).toMatchObject(refusedAsSpent);
  });

  test('saved by setup_future_usage with the challenge completed, 3155 is charged again off-session (the off-session journey); without it, the charge is refused', async () => {
    const customer = await stripe.customers.create();
    const saved = await tokenise('4000002500003155');
    expect((await payAfterChallenge(saved, { customer: customer.id, setup_future_usage: 'off_session' })).status).toBe('succeeded');
    expect((await stripe.paymentMethods.retrieve(saved)).customer).toBe(customer.id);
    expect(await chargeOffSession(saved, customer.id)).toMatchObject({ status: 'succeeded', customer: customer.id, payment_method: saved });

    // The same journey without setup_future_usage never saves the card: it was used without Customer attachment.
    const unsaved = await tokenise('4000002500003155');
    expect((await payAfterChallenge(unsaved, { customer: customer.id })).status).toBe('succeeded');
    expect((await stripe.paymentMethods.retrieve(unsaved)).customer).toBeNull();
    expect(await stripeError(chargeOffSession(unsaved, customer.id))).toMatchObject(refusedAsSpent);
  });
});

describe('a PaymentMethod on one Customer cannot be used for another (docs.stripe.com/api/setup_intents/object: "Payment methods attached to other Customers cannot be used")', () => {
  async function cardOnCustomer(): Promise<{ pm: string; owner: string; other: string }> {
    const [owner, other] = [await stripe.customers.create(), await stripe.customers.create()];
    const pm = await tokenise();
    await stripe.paymentMethods.attach(pm, { customer: owner.id });
    return { pm, owner: owner.id, other: other.id };
  }

  test('a payment for the other Customer is refused naming payment_method, without a code', async () => {
    const { pm, other } = await cardOnCustomer();
    const error = await stripeError(pay(pm, { customer: other }));
    expect(error).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError', message: notTheirs(pm, other), param: 'payment_method', code: undefined });
  });

  test('confirming the other Customer\'s PaymentIntent with it is refused, the intent embedded and unchanged', async () => {
    const { pm, other } = await cardOnCustomer();
    const intent = await stripe.paymentIntents.create({ amount: 2000, currency: 'eur', customer: other });
    const error = await stripeError(stripe.paymentIntents.confirm(intent.id, { payment_method: pm, return_url: RETURN_URL }));
    expect(error).toMatchObject({ statusCode: 400, message: notTheirs(pm, other), param: 'payment_method' });
    expect(error.payment_intent).toMatchObject({ id: intent.id, status: 'requires_payment_method', payment_method: null });
  });

  test('an off-session charge for the other Customer is refused', async () => {
    const { pm, other } = await cardOnCustomer();
    expect(await stripeError(chargeOffSession(pm, other))).toMatchObject({ statusCode: 400, message: notTheirs(pm, other) });
  });

  test('setting it on the other Customer\'s PaymentIntent by update is refused', async () => {
    const { pm, other } = await cardOnCustomer();
    const intent = await stripe.paymentIntents.create({ amount: 2000, currency: 'eur', customer: other });
    expect(await stripeError(stripe.paymentIntents.update(intent.id, { payment_method: pm }))).toMatchObject({ statusCode: 400, message: notTheirs(pm, other) });
  });

  test('the other Customer\'s SetupIntent cannot use it', async () => {
    const { pm, other } = await cardOnCustomer();
    const error = await stripeError(stripe.setupIntents.create({ customer: other, payment_method: pm, confirm: true, return_url: RETURN_URL }));
    expect(error).toMatchObject({ statusCode: 400, message: notTheirs(pm, other), param: 'payment_method' });
  });

  test('attaching it to the other Customer is refused with Stripe\'s text (as merchants match on it verbatim)', async () => {
    const { pm, owner, other } = await cardOnCustomer();
    const error = await stripeError(stripe.paymentMethods.attach(pm, { customer: other }));
    expect(error).toMatchObject({ statusCode: 400, message: 'The payment method you provided has already been attached to a customer.', param: 'payment_method' });
    expect((await stripe.paymentMethods.retrieve(pm)).customer).toBe(owner);
  });
});
