/**
 * The stand-in's wire objects, built directly (no HTTP, no state machine): what a charge says about
 * its attempt (docs.stripe.com/api/charges/object `outcome`; facts: decline cards), what a failed
 * attempt leaves on an intent (docs.stripe.com/api/errors), the empty state of a new intent, and
 * `expand[]` (docs.stripe.com/expand).
 */
import { DECLINES } from '../../../../emulators/stripe/cards';
import { chargeObject } from '../../../../emulators/stripe/charge-object';
import { declinedLastError, declineError, failedAuthenticationLastError } from '../../../../emulators/stripe/intent-errors';
import { paymentIntentObject, type PaymentIntent } from '../../../../emulators/stripe/payment-intent-object';
import { expandObject } from '../../../../emulators/stripe/rendering';
import { setupIntentObject } from '../../../../emulators/stripe/setup-intent-object';
import { paymentMethod, thrown } from './unit-support';

function intent(): PaymentIntent {
  return paymentIntentObject({
    id: 'pi_1',
    allowed_payment_method_types: null,
    amount: 2000,
    automatic_payment_methods: null,
    capture_method: 'automatic',
    client_secret: 'pi_1_secret_x',
    confirmation_method: 'automatic',
    created: 1,
    currency: 'eur',
    customer: null,
    description: 'Order 42',
    livemode: false,
    metadata: { order: '42' },
    payment_method: 'pm_1',
    payment_method_options: { card: { request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    receipt_email: null,
    setup_future_usage: null,
    statement_descriptor: 'SHOP',
    statement_descriptor_suffix: null,
    status: 'requires_confirmation',
  });
}

describe('a new intent', () => {
  test('a PaymentIntent starts with nothing received, captured, charged or failed', () => {
    expect(intent()).toMatchObject({
      object: 'payment_intent',
      amount_capturable: 0,
      amount_received: 0,
      canceled_at: null,
      last_payment_error: null,
      latest_charge: null,
      next_action: null,
      livemode: false,
    });
  });

  test('a SetupIntent keeps its 3DS policy under payment_method_options.card, beside the mandate fields it does not model', () => {
    const setup = setupIntentObject({
      id: 'seti_1',
      automatic_payment_methods: null,
      client_secret: 'seti_1_secret_x',
      created: 1,
      customer: null,
      description: null,
      livemode: false,
      metadata: {},
      payment_method: null,
      payment_method_types: ['card'],
      request_three_d_secure: 'any',
      status: 'requires_payment_method',
      usage: 'off_session',
    });
    expect(setup).toMatchObject({
      object: 'setup_intent',
      payment_method_options: { card: { mandate_options: null, network: null, request_three_d_secure: 'any' } },
      last_setup_error: null,
      latest_attempt: null,
    });
  });
});

describe('what a charge says about its attempt', () => {
  const card = paymentMethod('pm_card_visa').paymentMethod;
  test.each([
    ['approved', undefined, { status: 'succeeded', paid: true, outcome: { network_status: 'approved_by_network', type: 'authorized', risk_level: 'normal', reason: null } }],
    ['declined by the issuer', DECLINES.insufficientFunds, { status: 'failed', paid: false, failure_code: 'card_declined', outcome: { network_status: 'declined_by_network', type: 'issuer_declined', reason: 'insufficient_funds' } }],
    ['blocked by Radar', DECLINES.fraudulent, { status: 'failed', paid: false, outcome: { network_status: 'not_sent_to_network', type: 'blocked', risk_level: 'highest', reason: 'fraudulent' } }],
  ] as const)('%s', (_name, decline, expected) => {
    const charge = chargeObject(intent(), card, { id: 'ch_1', created: 1, captured: decline === undefined, authenticated: false, ...(decline === undefined ? {} : { decline }) });
    expect(charge).toMatchObject(expected);
  });

  test('it copies the payment and the card, and says whether 3DS authenticated it', () => {
    const charge = chargeObject(intent(), card, { id: 'ch_1', created: 1, captured: false, authenticated: true });
    expect(charge).toMatchObject({
      amount: 2000,
      amount_captured: 0,
      captured: false,
      currency: 'eur',
      description: 'Order 42',
      metadata: { order: '42' },
      payment_intent: 'pi_1',
      payment_method: card.id,
      calculated_statement_descriptor: 'SHOP',
      payment_method_details: { type: 'card', card: { brand: 'visa', last4: '4242', three_d_secure: { result: 'authenticated' } } },
    });
  });
});

describe('what a failed attempt leaves on an intent', () => {
  const card = paymentMethod('pm_card_visa').paymentMethod;

  test('a decline: the card error with its decline code and the failed charge, linked to the error code reference', () => {
    expect(declinedLastError(DECLINES.lostCard, card, 'ch_1')).toEqual({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'lost_card',
      message: 'Your card was declined.',
      charge: 'ch_1',
      doc_url: 'https://stripe.com/docs/error-codes/card-declined',
      payment_method: card,
    });
  });

  test('a decline without a decline code names the card field to correct, and a SetupIntent has no charge', () => {
    expect(declinedLastError(DECLINES.incorrectCvc, card)).toEqual({
      type: 'card_error',
      code: 'incorrect_cvc',
      message: "Your card's security code is incorrect.",
      param: 'cvc',
      doc_url: 'https://stripe.com/docs/error-codes/incorrect-cvc',
      payment_method: card,
    });
  });

  test('the 402 of a decline embeds the intent under its kind', () => {
    const error = declineError('SetupIntent', DECLINES.generic, { id: 'seti_1' }, card);
    expect(error.status).toBe(402);
    expect(error.body).toMatchObject({ type: 'card_error', decline_code: 'generic_decline', setup_intent: { id: 'seti_1' }, payment_method: card });
    expect(error.body.payment_intent).toBeUndefined();
  });

  test.each([
    ['PaymentIntent', 'payment_intent_authentication_failure', /^The provided PaymentMethod has failed authentication/],
    ['SetupIntent', 'setup_intent_authentication_failure', /^The provided payment method has failed authentication/],
  ] as const)('a failed challenge on a %s is %s', (kind, code, message) => {
    const error = failedAuthenticationLastError(kind, card);
    expect(error).toMatchObject({ type: 'invalid_request_error', code, payment_method: card });
    expect(error.message).toMatch(message);
  });
});

describe('expand[]', () => {
  const expanders = { customer: (id: string) => (id === 'cus_1' ? { id, object: 'customer' } : undefined) };

  test('replaces an id by its object, and leaves an id it cannot find', () => {
    expect(expandObject({ id: 'pi_1', customer: 'cus_1' }, ['customer'], expanders)).toEqual({ id: 'pi_1', customer: { id: 'cus_1', object: 'customer' } });
    expect(expandObject({ id: 'pi_1', customer: 'cus_2' }, ['customer'], expanders)).toEqual({ id: 'pi_1', customer: 'cus_2' });
  });

  test('in a list the field is named data.<field>', () => {
    expect(expandObject({ id: 'pi_1', customer: 'cus_1' }, ['data.customer'], expanders, 'data.')).toMatchObject({ customer: { object: 'customer' } });
  });

  test.each([['payment_method'], ['charges']])('a field the object lacks or the stand-in cannot expand (%s) is a 400 naming expand', (field) => {
    const error = thrown(() => expandObject({ id: 'pi_1', customer: 'cus_1', payment_method: 'pm_1' }, [field], expanders));
    expect(error.body).toMatchObject({ param: 'expand', message: `This property cannot be expanded (${field}).` });
  });
});
