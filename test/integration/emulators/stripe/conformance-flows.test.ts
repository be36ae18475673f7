/**
 * Conformance, flow by flow: Customers, saved PaymentMethods, PaymentIntent and SetupIntent
 * lifecycles, next_action kinds, capture methods, expand, metadata and list pagination — only
 * through stripe-node, each test naming the fact it checks (reference/stripe-facts.md, or the
 * docs.stripe.com page where the fact sheet is silent).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Stripe from 'stripe';
import { answerChallenge, RETURN_URL, standInForFile, stripeError, type StandIn } from '../../../helpers/stripe-stand-in';

let standIn: StandIn;
let stripe: Stripe;
standInForFile((started) => {
  standIn = started;
  stripe = started.secret();
});

describe('Customers and saved cards (docs.stripe.com/api/customers, /api/payment_methods/attach)', () => {
  test('a Customer is created, retrieved, updated with merged metadata, and listed', async () => {
    const created = await stripe.customers.create({ email: 'ada@shop.test', name: 'Ada', metadata: { tier: 'gold' } });
    expect(created).toMatchObject({ object: 'customer', email: 'ada@shop.test', name: 'Ada', livemode: false, balance: 0 });
    expect(created.id).toMatch(/^cus_/);
    const updated = await stripe.customers.update(created.id, { phone: '+441234', metadata: { region: 'eu' } });
    expect(updated.metadata).toEqual({ tier: 'gold', region: 'eu' });
    expect((await stripe.customers.retrieve(created.id)) as Stripe.Customer).toMatchObject({ phone: '+441234' });
    const listed = await stripe.customers.list({ email: 'ada@shop.test' });
    expect(listed.data.map((c) => c.id)).toEqual([created.id]);
  });

  test('attach, list by both endpoints, set as default, detach', async () => {
    const customer = await stripe.customers.create();
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const amex = await stripe.paymentMethods.attach('pm_card_amex', { customer: customer.id });
    expect(visa.customer).toBe(customer.id);

    const viaCustomer = await stripe.customers.listPaymentMethods(customer.id);
    expect(viaCustomer.data.map((pm) => pm.id)).toEqual([amex.id, visa.id]);
    const viaPaymentMethods = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(viaPaymentMethods.data.map((pm) => pm.id)).toEqual([amex.id, visa.id]);

    const withDefault = await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: visa.id } });
    expect(withDefault.invoice_settings.default_payment_method).toBe(visa.id);

    const detached = await stripe.paymentMethods.detach(visa.id);
    expect(detached.customer).toBeNull();
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((pm) => pm.id)).toEqual([amex.id]);
  });

  test('deleting a Customer detaches its cards and answers deleted: true', async () => {
    const customer = await stripe.customers.create();
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    expect(await stripe.customers.del(customer.id)).toMatchObject({ id: customer.id, deleted: true });
    expect((await stripe.paymentMethods.retrieve(pm.id)).customer).toBeNull();
    expect(await stripeError(stripe.customers.retrieve(customer.id))).toMatchObject({ statusCode: 404 });
  });

  test('a PaymentMethod update merges billing details and metadata', async () => {
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: (await stripe.customers.create()).id });
    const updated = await stripe.paymentMethods.update(pm.id, { billing_details: { name: 'Ada', address: { country: 'GB' } }, metadata: { nick: 'work' } });
    expect(updated.billing_details).toMatchObject({ name: 'Ada', address: { country: 'GB', city: null } });
    expect(updated.metadata).toEqual({ nick: 'work' });
  });

  test('an unknown Customer is resource_missing naming the parameter', async () => {
    const error = await stripeError(stripe.paymentMethods.attach('pm_card_visa', { customer: 'cus_nope' }));
    expect(error).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'customer' });
    const missing = await stripeError(stripe.customers.retrieve('cus_nope'));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  test('a PaymentMethod on one Customer cannot be attached to another', async () => {
    const [a, b] = [await stripe.customers.create(), await stripe.customers.create()];
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: a.id });
    const error = await stripeError(stripe.paymentMethods.attach(pm.id, { customer: b.id }));
    expect(error).toMatchObject({ statusCode: 400, param: 'payment_method' });
  });
});

describe('PaymentIntent lifecycle (facts: PaymentIntent and SetupIntent)', () => {
  test('create without a payment method, update, then confirm: requires_payment_method → requires_confirmation → succeeded', async () => {
    const created = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur', metadata: { order: '7' } });
    expect(created.status).toBe('requires_payment_method');
    const updated = await stripe.paymentIntents.update(created.id, { amount: 1200, payment_method: 'pm_card_visa', metadata: { cart: 'c1' } });
    expect(updated).toMatchObject({ status: 'requires_confirmation', amount: 1200, metadata: { order: '7', cart: 'c1' } });
    const confirmed = await stripe.paymentIntents.confirm(created.id, { return_url: RETURN_URL });
    expect(confirmed).toMatchObject({ status: 'succeeded', amount_received: 1200 });
  });

  test('an intent that succeeded can no longer be updated', async () => {
    const paid = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, return_url: RETURN_URL });
    const error = await stripeError(stripe.paymentIntents.update(paid.id, { amount: 5000 }));
    expect(error).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
  });

  test('capture_method=manual ends requires_capture; capture succeeds and captures the charge', async () => {
    const authorised = await stripe.paymentIntents.create({ amount: 3000, currency: 'eur', payment_method: 'pm_card_visa', capture_method: 'manual', confirm: true, return_url: RETURN_URL });
    expect(authorised).toMatchObject({ status: 'requires_capture', amount_capturable: 3000 });
    const captured = await stripe.paymentIntents.capture(authorised.id, { amount_to_capture: 2500, expand: ['latest_charge'] });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 2500, latest_charge: { captured: true, amount_captured: 2500 } });
  });

  test.each(['automatic', 'automatic_async'] as const)('capture_method=%s succeeds at once for cards (docs: asynchronous capture)', async (method) => {
    const paid = await stripe.paymentIntents.create({ amount: 3000, currency: 'eur', payment_method: 'pm_card_visa', capture_method: method, confirm: true, return_url: RETURN_URL });
    expect(paid).toMatchObject({ status: 'succeeded', capture_method: method });
  });

  test('a manual-capture 3DS payment authorises after the challenge', async () => {
    const pending = await stripe.paymentIntents.create({ amount: 3000, currency: 'eur', payment_method: 'pm_card_threeDSecure2Required', capture_method: 'manual', confirm: true, return_url: RETURN_URL });
    await answerChallenge(pending.next_action, 'complete');
    expect((await stripe.paymentIntents.retrieve(pending.id)).status).toBe('requires_capture');
  });

  test('failing the challenge: requires_payment_method with payment_intent_authentication_failure (facts)', async () => {
    const pending = await stripe.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: 'pm_card_authenticationRequired', confirm: true, return_url: RETURN_URL });
    const landed = new URL((await answerChallenge(pending.next_action, 'fail'))!);
    expect(landed.searchParams.get('redirect_status')).toBe('failed');
    const after = await stripe.paymentIntents.retrieve(pending.id);
    expect(after).toMatchObject({ status: 'requires_payment_method', payment_method: null, last_payment_error: { code: 'payment_intent_authentication_failure' } });
    const retried = await stripe.paymentIntents.confirm(pending.id, { payment_method: 'pm_card_visa', return_url: RETURN_URL });
    expect(retried.status).toBe('succeeded');
  });

  test('cancel from requires_action, then confirm is refused', async () => {
    const pending = await stripe.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: 'pm_card_threeDSecureRequired', confirm: true, return_url: RETURN_URL });
    const canceled = await stripe.paymentIntents.cancel(pending.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer' });
    expect(await stripeError(stripe.paymentIntents.confirm(pending.id))).toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  test('expand latest_charge, payment_method and customer', async () => {
    const customer = await stripe.customers.create({ email: 'expand@shop.test' });
    const paid = await stripe.paymentIntents.create({
      amount: 2000, currency: 'eur', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, return_url: RETURN_URL,
      expand: ['latest_charge', 'payment_method', 'customer'],
    });
    expect(paid.latest_charge).toMatchObject({ object: 'charge', status: 'succeeded' });
    expect(paid.payment_method).toMatchObject({ object: 'payment_method', card: { last4: '4242' } });
    expect(paid.customer).toMatchObject({ object: 'customer', email: 'expand@shop.test' });
    const error = await stripeError(stripe.paymentIntents.retrieve(paid.id, { expand: ['colour'] }));
    expect(error).toMatchObject({ statusCode: 400, param: 'expand' });
  });

});

/** The non-optional fields of an interface in stripe-node's own declarations (cjs/resources/*.d.ts). */
function declaredFields(file: string, name: string): string[] {
  const text = readFileSync(join(process.cwd(), 'node_modules/stripe/cjs/resources', file), 'utf8');
  const start = text.indexOf(`export interface ${name} {`);
  const body = text.slice(start, text.indexOf('\n}', start));
  return [...body.matchAll(/^ {4}([a-z_0-9]+):/gm)].map((m) => m[1]!);
}

describe('objects carry every field stripe-node declares as always present', () => {
  test.each([
    ['PaymentIntents.d.ts', 'PaymentIntent'],
    ['SetupIntents.d.ts', 'SetupIntent'],
    ['Customers.d.ts', 'Customer'],
    ['PaymentMethods.d.ts', 'PaymentMethod'],
    ['Charges.d.ts', 'Charge'],
  ])('%s: %s', async (file, name) => {
    const customer = await stripe.customers.create();
    const objects: Record<string, () => Promise<object>> = {
      PaymentIntent: () => stripe.paymentIntents.create({ amount: 2000, currency: 'eur', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, return_url: RETURN_URL }),
      SetupIntent: () => stripe.setupIntents.create({ customer: customer.id }),
      Customer: async () => customer,
      PaymentMethod: () => stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id }),
      Charge: async () => {
        const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, return_url: RETURN_URL });
        return stripe.charges.retrieve(pi.latest_charge as string);
      },
    };
    const object = await objects[name]!();
    const fields = declaredFields(file, name);
    expect(fields.length).toBeGreaterThan(5);
    expect(fields.filter((field) => !(field in object))).toEqual([]);
  });
});

describe('next_action kinds (facts: next_action)', () => {
  test('confirmed with return_url: redirect_to_url carrying the return_url', async () => {
    const pending = await stripe.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: 'pm_card_threeDSecureRequired', confirm: true, return_url: RETURN_URL });
    expect(pending.next_action).toMatchObject({ type: 'redirect_to_url', redirect_to_url: { return_url: RETURN_URL } });
  });

  test('use_stripe_sdk=true: use_stripe_sdk, completed on the hosted page', async () => {
    const pending = await stripe.paymentIntents.create({ amount: 2000, currency: 'eur', payment_method: 'pm_card_threeDSecureRequired', confirm: true, return_url: RETURN_URL, use_stripe_sdk: true });
    expect(pending.next_action?.type).toBe('use_stripe_sdk');
    await answerChallenge(pending.next_action, 'complete');
    expect((await stripe.paymentIntents.retrieve(pending.id)).status).toBe('succeeded');
  });

  test('no return_url with allow_redirects=never: use_stripe_sdk', async () => {
    const pending = await stripe.paymentIntents.create({
      amount: 2000, currency: 'eur', payment_method: 'pm_card_threeDSecureRequired', confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    expect(pending.next_action?.type).toBe('use_stripe_sdk');
    expect(await answerChallenge(pending.next_action, 'complete')).toBeNull();
    expect((await stripe.paymentIntents.retrieve(pending.id)).status).toBe('succeeded');
  });

  test('a SetupIntent gets the same two kinds', async () => {
    const redirect = await stripe.setupIntents.create({ payment_method: 'pm_card_threeDSecureRequired', confirm: true, return_url: RETURN_URL });
    expect(redirect.next_action).toMatchObject({ type: 'redirect_to_url', redirect_to_url: { return_url: RETURN_URL } });
    const sdk = await stripe.setupIntents.create({ payment_method: 'pm_card_threeDSecureRequired', confirm: true, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
    expect(sdk.next_action?.type).toBe('use_stripe_sdk');
  });
});

describe('SetupIntent lifecycle (facts: "SetupIntent has the same minus capture")', () => {
  test('create, confirm later with the publishable key and client secret (as Stripe.js), retrieve', async () => {
    const customer = await stripe.customers.create();
    const created = await stripe.setupIntents.create({ customer: customer.id, usage: 'on_session', metadata: { purpose: 'wallet' } });
    expect(created).toMatchObject({ object: 'setup_intent', status: 'requires_payment_method', usage: 'on_session', customer: customer.id, metadata: { purpose: 'wallet' } });
    const pk = standIn.publishable();
    const pm = await pk.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 1, exp_year: 2035, cvc: '314' } });
    // Stripe.js sends the client secret with a publishable key; stripe-node's types leave it out.
    const asStripeJs = { payment_method: pm.id, client_secret: created.client_secret!, return_url: RETURN_URL } as Stripe.SetupIntentConfirmParams;
    const confirmed = await pk.setupIntents.confirm(created.id, asStripeJs);
    expect(confirmed.status).toBe('succeeded');
    expect((await stripe.setupIntents.retrieve(created.id, { expand: ['payment_method'] })).payment_method).toMatchObject({ id: pm.id, customer: customer.id });
  });

  test('update sets the payment method and merges metadata; confirm then succeeds', async () => {
    const created = await stripe.setupIntents.create({ metadata: { a: '1' } });
    const updated = await stripe.setupIntents.update(created.id, { payment_method: 'pm_card_visa', metadata: { b: '2' } });
    expect(updated).toMatchObject({ status: 'requires_confirmation', metadata: { a: '1', b: '2' } });
    expect((await stripe.setupIntents.confirm(created.id, { return_url: RETURN_URL })).status).toBe('succeeded');
    expect(await stripeError(stripe.setupIntents.update(created.id, { description: 'late' }))).toMatchObject({ code: 'setup_intent_unexpected_state' });
  });

  test('a publishable key without the client secret is refused', async () => {
    const created = await stripe.setupIntents.create({ payment_method: 'pm_card_visa' });
    const error = await stripeError(standIn.publishable().setupIntents.retrieve(created.id));
    expect(error.statusCode).toBe(401);
  });

  test('failing the SetupIntent challenge: requires_payment_method with setup_intent_authentication_failure', async () => {
    const customer = await stripe.customers.create();
    const pending = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: RETURN_URL });
    const landed = new URL((await answerChallenge(pending.next_action, 'fail'))!);
    expect(landed.searchParams.get('redirect_status')).toBe('failed');
    const after = await stripe.setupIntents.retrieve(pending.id);
    expect(after).toMatchObject({ status: 'requires_payment_method', payment_method: null, last_setup_error: { code: 'setup_intent_authentication_failure' } });
    expect((await stripe.customers.listPaymentMethods(customer.id)).data).toHaveLength(0);
  });

  test('cancel, then confirm is refused; a succeeded SetupIntent cannot be canceled', async () => {
    const pending = await stripe.setupIntents.create({ payment_method: 'pm_card_threeDSecureRequired', confirm: true, return_url: RETURN_URL });
    expect(await stripe.setupIntents.cancel(pending.id, { cancellation_reason: 'abandoned' })).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(await stripeError(stripe.setupIntents.confirm(pending.id))).toMatchObject({ code: 'setup_intent_unexpected_state' });
    const done = await stripe.setupIntents.create({ payment_method: 'pm_card_visa', confirm: true, return_url: RETURN_URL });
    expect(await stripeError(stripe.setupIntents.cancel(done.id))).toMatchObject({ code: 'setup_intent_unexpected_state' });
  });

  test('request_three_d_secure=any challenges a 3DS-capable card on setup', async () => {
    const pending = await stripe.setupIntents.create({
      payment_method: 'pm_card_threeDSecureOptional', confirm: true, return_url: RETURN_URL,
      payment_method_options: { card: { request_three_d_secure: 'any' } },
    });
    expect(pending.status).toBe('requires_action');
  });
});

describe('card details sent with confirm, as Stripe.js does (facts: requests — publishable keys confirm with client secrets)', () => {
  /** Stripe.js's confirmCardPayment/confirmCardSetup: `payment_method_data[card][…]`, the publishable key and the client secret. */
  const cardData = (number: string) => ({ type: 'card', card: { number, exp_month: 12, exp_year: 2034, cvc: '123' } });

  test('a PaymentIntent confirmed with payment_method_data by the publishable key challenges 3184, then succeeds', async () => {
    const created = await stripe.paymentIntents.create({ amount: 2000, currency: 'eur' });
    const params = { payment_method_data: cardData('4000002760003184'), client_secret: created.client_secret!, return_url: RETURN_URL } as unknown as Stripe.PaymentIntentConfirmParams;
    const pending = await standIn.publishable().paymentIntents.confirm(created.id, params);
    expect(pending.status).toBe('requires_action');
    await answerChallenge(pending.next_action, 'complete');
    const after = await stripe.paymentIntents.retrieve(created.id, { expand: ['payment_method'] });
    expect(after).toMatchObject({ status: 'succeeded', payment_method: { card: { last4: '3184' } } });
  });

  test('a SetupIntent confirmed with payment_method_data declines 0002 with the SetupIntent in the error', async () => {
    const created = await stripe.setupIntents.create({});
    const params = { payment_method_data: cardData('4000000000000002'), client_secret: created.client_secret!, return_url: RETURN_URL } as unknown as Stripe.SetupIntentConfirmParams;
    const error = await stripeError(standIn.publishable().setupIntents.confirm(created.id, params));
    expect(error).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline' });
    expect(error.setup_intent?.id).toBe(created.id);
  });

  test('payment_method and payment_method_data together are refused naming payment_method_data', async () => {
    const created = await stripe.paymentIntents.create({ amount: 2000, currency: 'eur' });
    const params = { payment_method: 'pm_card_visa', payment_method_data: cardData('4242424242424242') } as unknown as Stripe.PaymentIntentConfirmParams;
    expect(await stripeError(stripe.paymentIntents.confirm(created.id, params))).toMatchObject({ statusCode: 400, param: 'payment_method_data' });
  });
});

describe('list pagination (facts: lists)', () => {
  test('limit, has_more, starting_after and ending_before walk the list newest first', async () => {
    const customer = await stripe.customers.create({ email: 'pages@shop.test' });
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.unshift((await stripe.paymentIntents.create({ amount: 1000 + i, currency: 'eur', customer: customer.id })).id);

    const first = await stripe.paymentIntents.list({ customer: customer.id, limit: 2 });
    expect(first).toMatchObject({ object: 'list', has_more: true, url: '/v1/payment_intents' });
    expect(first.data.map((pi) => pi.id)).toEqual(ids.slice(0, 2));
    const second = await stripe.paymentIntents.list({ customer: customer.id, limit: 2, starting_after: ids[1]! });
    expect(second.data.map((pi) => pi.id)).toEqual(ids.slice(2, 4));
    const last = await stripe.paymentIntents.list({ customer: customer.id, limit: 2, starting_after: ids[3]! });
    expect(last).toMatchObject({ has_more: false });
    expect(last.data.map((pi) => pi.id)).toEqual(ids.slice(4));
    const back = await stripe.paymentIntents.list({ customer: customer.id, limit: 2, ending_before: ids[4]! });
    expect(back.data.map((pi) => pi.id)).toEqual(ids.slice(2, 4));
  });

  test('stripe-node auto-pagination reads every page', async () => {
    const customer = await stripe.customers.create();
    for (let i = 0; i < 3; i += 1) await stripe.setupIntents.create({ customer: customer.id });
    const all = await stripe.setupIntents.list({ customer: customer.id, limit: 1 }).autoPagingToArray({ limit: 10 });
    expect(all).toHaveLength(3);
  });

  test('limit outside 1–100 is a 400 naming limit', async () => {
    expect(await stripeError(stripe.customers.list({ limit: 101 }))).toMatchObject({ statusCode: 400, param: 'limit' });
  });
});
