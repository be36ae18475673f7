/**
 * The PaymentIntent state machine of the Stripe stand-in, driven directly (no HTTP).
 * Facts are from reference/stripe-facts.md and docs.stripe.com/testing.
 */
import { passesLuhn, TEST_CARDS, cardByToken, type ThreeDSecurePolicy } from '../../../../emulators/stripe/cards';
import { attachPaymentMethod } from '../../../../emulators/stripe/customers';
import { StripeApiError } from '../../../../emulators/stripe/errors';
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntent,
  createPaymentIntent,
  finishAuthentication,
  type CreatePaymentIntentParams,
  type IntentContext,
  type PaymentIntentState,
} from '../../../../emulators/stripe/payment-intents';
import { afterPaymentAttempt, createCardPaymentMethod, type PaymentMethodRecord } from '../../../../emulators/stripe/payment-methods';
import { context, nextPaymentMethodId, NOW, paymentMethod, thrown } from './unit-support';

function paymentMethodForNumber(number: string, cvc?: string): PaymentMethodRecord {
  return createCardPaymentMethod(
    { number, exp_month: 12, exp_year: 2030, ...(cvc === undefined ? {} : { cvc }) },
    { id: nextPaymentMethodId(), created: 0, livemode: false },
    NOW,
  );
}

function confirmOnSession(
  pm: PaymentMethodRecord,
  extra: Partial<CreatePaymentIntentParams> = {},
  ctx: IntentContext = context(),
) {
  return createPaymentIntent(
    { amount: 2000, currency: 'eur', paymentMethod: pm, confirm: true, returnUrl: 'https://shop.test/return', ...extra },
    ctx,
  );
}

type Outcome = 'succeeded' | 'requires_action' | `declined:${string}`;

function outcomeOf(transition: { state: PaymentIntentState; error?: StripeApiError }): Outcome {
  if (transition.error !== undefined) return `declined:${transition.error.body.code}`;
  return transition.state.intent.status as Outcome;
}

/** On-session outcome per `request_three_d_secure` (facts: test cards for authentication; docs.stripe.com/testing). */
const ON_SESSION: [number: string, automatic: Outcome, any: Outcome, challenge: Outcome][] = [
  ['4242424242424242', 'succeeded', 'succeeded', 'succeeded'], // supported but not enrolled: never challenged
  ['4000002500003155', 'requires_action', 'requires_action', 'requires_action'],
  ['4000002760003184', 'requires_action', 'requires_action', 'requires_action'],
  ['4000003800000446', 'requires_action', 'requires_action', 'requires_action'],
  ['4000000000003220', 'requires_action', 'requires_action', 'requires_action'],
  ['4000000000003063', 'requires_action', 'requires_action', 'requires_action'],
  ['4000008400001629', 'requires_action', 'requires_action', 'requires_action'],
  ['4000008260003178', 'requires_action', 'requires_action', 'requires_action'],
  ['4000000000003055', 'succeeded', 'requires_action', 'requires_action'], // frictionless unless 3DS is requested
  ['378282246310005', 'succeeded', 'succeeded', 'succeeded'], // 3DS not supported: proceeds
  ['4000008400001280', 'declined:card_declined', 'declined:card_declined', 'declined:card_declined'],
  ['4000000000003097', 'succeeded', 'declined:processing_error', 'declined:processing_error'],
];

describe('on-session confirmation per 3DS policy', () => {
  test.each(ON_SESSION.flatMap(([number, automatic, any, challenge]) => [
    [number, 'automatic', automatic] as const,
    [number, 'any', any] as const,
    [number, 'challenge', challenge] as const,
  ]))('card %s under request_three_d_secure=%s ends %s', (number, policy, expected) => {
    const transition = confirmOnSession(paymentMethodForNumber(number), { requestThreeDSecure: policy as ThreeDSecurePolicy });
    expect(outcomeOf(transition)).toBe(expected);
  });
});

/** facts: decline cards (on-session); docs.stripe.com/testing "Declined payments". */
const DECLINED: [number: string, code: string, declineCode: string | undefined][] = [
  ['4000000000000002', 'card_declined', 'generic_decline'],
  ['4000000000009995', 'card_declined', 'insufficient_funds'],
  ['4000000000009987', 'card_declined', 'lost_card'],
  ['4000000000009979', 'card_declined', 'stolen_card'],
  ['4000000000000069', 'expired_card', undefined],
  ['4000000000000127', 'incorrect_cvc', undefined],
  ['4000000000000119', 'processing_error', undefined],
  ['4100000000000019', 'card_declined', 'fraudulent'],
];

describe('declines', () => {
  test.each(DECLINED)('card %s is declined with code %s and decline_code %s, leaving requires_payment_method', (number, code, declineCode) => {
    const transition = confirmOnSession(paymentMethodForNumber(number, '123'));
    expect(transition.error?.status).toBe(402);
    expect(transition.error?.body).toMatchObject({ type: 'card_error', code });
    expect(transition.error?.body.decline_code).toBe(declineCode);
    const intent = transition.state.intent;
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.last_payment_error).toMatchObject({ type: 'card_error', code });
    expect(intent.latest_charge).toBe(transition.charge?.id);
    expect(transition.charge?.status).toBe('failed');
    expect(intent.payment_method).toBeNull();
    expect((transition.error?.body.payment_intent as { id: string }).id).toBe(intent.id);
  });

  test('the incorrect-CVC card succeeds when no CVC was given, since no CVC check runs', () => {
    expect(outcomeOf(confirmOnSession(paymentMethodForNumber('4000000000000127')))).toBe('succeeded');
  });
});

describe('the 3DS challenge', () => {
  test('completing it moves the payment to succeeded', () => {
    const started = confirmOnSession(paymentMethod('pm_card_threeDSecure2Required'));
    const done = finishAuthentication(started.state, 'complete', context());
    expect(done.state.intent.status).toBe('succeeded');
    expect(done.charge?.payment_method_details.card.three_d_secure).toEqual({ result: 'authenticated' });
  });

  test('completing it under manual capture ends requires_capture with the amount capturable', () => {
    const started = confirmOnSession(paymentMethod('pm_card_threeDSecure2Required'), { captureMethod: 'manual' });
    const done = finishAuthentication(started.state, 'complete', context());
    expect(done.state.intent).toMatchObject({ status: 'requires_capture', amount_capturable: 2000, amount_received: 0 });
  });

  test.each([
    ['4000008400001629', 'generic_decline'],
    ['4000008260003178', 'insufficient_funds'],
  ])('card %s is declined %s after authentication', (number, declineCode) => {
    const started = confirmOnSession(paymentMethodForNumber(number));
    const done = finishAuthentication(started.state, 'complete', context());
    expect(done.state.intent.status).toBe('requires_payment_method');
    expect(done.state.intent.last_payment_error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: declineCode });
  });

  test('failing it returns the payment to requires_payment_method with payment_intent_authentication_failure', () => {
    const started = confirmOnSession(paymentMethod('pm_card_threeDSecureRequired'));
    const done = finishAuthentication(started.state, 'fail', context());
    expect(done.state.intent.status).toBe('requires_payment_method');
    expect(done.state.intent.last_payment_error?.code).toBe('payment_intent_authentication_failure');
    expect(done.state.intent.payment_method).toBeNull();
  });

  test('cannot be finished twice', () => {
    const started = confirmOnSession(paymentMethod('pm_card_threeDSecureRequired'));
    const done = finishAuthentication(started.state, 'complete', context());
    expect(thrown(() => finishAuthentication(done.state, 'fail', context())).body.code).toBe('payment_intent_unexpected_state');
  });

  test('manual confirmation returns to requires_confirmation, and the next confirm succeeds without a new challenge', () => {
    const started = confirmOnSession(paymentMethod('pm_card_threeDSecureRequired'), { confirmationMethod: 'manual' });
    const authenticated = finishAuthentication(started.state, 'complete', context());
    expect(authenticated.state.intent.status).toBe('requires_confirmation');
    expect(confirmPaymentIntent(authenticated.state, {}, context()).state.intent.status).toBe('succeeded');
  });
});

describe('next_action', () => {
  test('is redirect_to_url pointing at the hosted page when confirmed with a return_url', () => {
    const { state } = confirmOnSession(paymentMethod('pm_card_threeDSecure2Required'));
    expect(state.intent.next_action).toEqual({
      type: 'redirect_to_url',
      redirect_to_url: {
        url: `http://stand-in.test/3ds/authenticate/${state.intent.id}?client_secret=${state.intent.client_secret}`,
        return_url: 'https://shop.test/return',
      },
    });
  });

  test('is use_stripe_sdk when confirmed without a return_url', () => {
    const { state } = createPaymentIntent(
      { amount: 2000, currency: 'eur', paymentMethod: paymentMethod('pm_card_threeDSecure2Required'), paymentMethodTypes: ['card'], confirm: true },
      context('2024-06-20'),
    );
    expect(state.intent.status).toBe('requires_action');
    expect(state.intent.next_action?.type).toBe('use_stripe_sdk');
  });
});

describe('API version rules', () => {
  const withoutReturnUrl = (apiVersion: string, extra: Partial<CreatePaymentIntentParams> = {}) =>
    createPaymentIntent({ amount: 2000, currency: 'usd', paymentMethod: paymentMethod('pm_card_visa'), confirm: true, ...extra }, context(apiVersion));

  test('from 2023-08-16, confirming without payment_method_types or return_url fails with a 400 asking for a return_url', () => {
    const transition = withoutReturnUrl('2023-08-16');
    expect(transition.error?.status).toBe(400);
    expect(transition.error?.body.message).toMatch(/you must provide a `return_url`/);
    expect(transition.state.intent.automatic_payment_methods).toEqual({ enabled: true, allow_redirects: 'always' });
  });

  test('before 2023-08-16 the same confirmation succeeds as a card payment', () => {
    const transition = withoutReturnUrl('2022-11-15');
    expect(transition.state.intent.status).toBe('succeeded');
    expect(transition.state.intent.automatic_payment_methods).toBeNull();
  });

  test('allow_redirects=never lifts the return_url requirement', () => {
    const transition = withoutReturnUrl('2023-08-16', { automaticPaymentMethods: { enabled: true, allowRedirects: 'never' } });
    expect(transition.state.intent.status).toBe('succeeded');
  });

  test('off_session lifts the return_url requirement', () => {
    expect(withoutReturnUrl('2024-06-20', { offSession: true }).state.intent.status).toBe('succeeded');
  });

  test.each([
    ['2023-10-16', 'automatic'],
    ['2024-04-10', 'automatic_async'],
    ['2026-10-28.endive', 'automatic_async'],
  ])('on %s capture_method defaults to %s', (apiVersion, expected) => {
    const { state } = createPaymentIntent({ amount: 2000, currency: 'usd' }, context(apiVersion));
    expect(state.intent.capture_method).toBe(expected);
  });

  test('endive refuses payment_method_types with payment_method_types_no_longer_supported', () => {
    const error = thrown(() => createPaymentIntent({ amount: 2000, currency: 'usd', paymentMethodTypes: ['card'] }, context('2026-09-30.endive')));
    expect(error.body.code).toBe('payment_method_types_no_longer_supported');
  });

  test('basil still accepts payment_method_types', () => {
    const { state } = createPaymentIntent({ amount: 2000, currency: 'usd', paymentMethodTypes: ['card'] }, context('2025-03-31.basil'));
    expect(state.intent.payment_method_types).toEqual(['card']);
  });
});

describe('off-session payments', () => {
  test('a card that always needs authentication is declined authentication_required', () => {
    const transition = confirmOnSession(paymentMethod('pm_card_authenticationRequired'), { offSession: true });
    expect(transition.error?.body).toMatchObject({ code: 'authentication_required', decline_code: 'authentication_required' });
    expect(transition.state.intent.status).toBe('requires_payment_method');
  });

  test('4000002500003155 needs authentication off-session until it is set up, then succeeds', () => {
    // On a Customer: a card used without one may not be used again (payment-methods.ts, reuse).
    const onCustomer = { customer: 'cus_1' };
    const pm = attachPaymentMethod(paymentMethod('pm_card_authenticationRequiredOnSetup'), 'cus_1');
    expect(confirmOnSession(pm, { ...onCustomer, offSession: true }).error?.body.code).toBe('authentication_required');

    const onSession = confirmOnSession(pm, { ...onCustomer, setupFutureUsage: 'off_session' });
    const saved = finishAuthentication(onSession.state, 'complete', context()).paymentMethodAfter!;
    expect(confirmOnSession(saved, { ...onCustomer, offSession: true }).state.intent.status).toBe('succeeded');
  });

  test('an already set up card (4000003800000446) succeeds off-session', () => {
    expect(confirmOnSession(paymentMethod('pm_card_authenticationRequiredSetupForOffSession'), { offSession: true }).state.intent.status).toBe(
      'succeeded',
    );
  });
});

describe('what a concluded attempt leaves of the PaymentMethod (payment-methods.ts, reuse)', () => {
  const unattached = () => paymentMethod('pm_card_visa');
  const onCustomer = () => attachPaymentMethod(paymentMethod('pm_card_visa'), 'cus_1');
  test.each([
    ['unattached, no setup_future_usage', unattached, null, false, { spent: { paymentIntent: 'pi_1', attachable: false }, customer: null }],
    ['unattached, setup_future_usage, no Customer', unattached, null, true, { spent: { paymentIntent: 'pi_1', attachable: true }, customer: null }],
    ['unattached, setup_future_usage, intent Customer', unattached, 'cus_2', true, { spent: null, customer: 'cus_2' }],
    ['unattached, intent Customer, no setup_future_usage', unattached, 'cus_2', false, { spent: { paymentIntent: 'pi_1', attachable: false }, customer: null }],
    ['on a Customer, no setup_future_usage', onCustomer, 'cus_1', false, { spent: null, customer: 'cus_1' }],
  ] as const)('%s', (_name, make, customer, saved, expected) => {
    const after = afterPaymentAttempt(make(), { paymentIntent: 'pi_1', customer, saved });
    expect({ spent: after.spent, customer: after.paymentMethod.customer }).toEqual(expected);
    expect(after.setUpForOffSession).toBe(saved);
  });
});

describe('capture and cancel', () => {
  test('capture moves requires_capture to succeeded with the amount received', () => {
    const authorised = confirmOnSession(paymentMethod('pm_card_visa'), { captureMethod: 'manual' });
    const captured = capturePaymentIntent(authorised.state, undefined);
    expect(captured.intent).toMatchObject({ status: 'succeeded', amount_received: 2000, amount_capturable: 0 });
  });

  test('capture of a succeeded payment is refused with payment_intent_unexpected_state', () => {
    const paid = confirmOnSession(paymentMethod('pm_card_visa'));
    expect(thrown(() => capturePaymentIntent(paid.state, undefined)).body.code).toBe('payment_intent_unexpected_state');
  });

  test('cancel from requires_action ends canceled with the reason', () => {
    const pending = confirmOnSession(paymentMethod('pm_card_threeDSecure2Required'));
    const canceled = cancelPaymentIntent(pending.state, 'abandoned', 1);
    expect(canceled.intent).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned', next_action: null });
  });

  test('cancel of a succeeded payment is refused', () => {
    const paid = confirmOnSession(paymentMethod('pm_card_visa'));
    expect(thrown(() => cancelPaymentIntent(paid.state, undefined, 1)).status).toBe(400);
  });

  test('confirming a succeeded payment again is refused', () => {
    const paid = confirmOnSession(paymentMethod('pm_card_visa'));
    expect(thrown(() => confirmPaymentIntent(paid.state, {}, context())).body.code).toBe('payment_intent_unexpected_state');
  });
});

describe('the card table', () => {
  test.each(TEST_CARDS.map((c) => [c.number]))('test card %s passes the Luhn check', (number) => {
    expect(passesLuhn(number)).toBe(true);
  });

  test.each(TEST_CARDS.flatMap((c) => c.tokens.map((t) => [t, c.number])))('token %s resolves to card %s', (token, number) => {
    expect(cardByToken(token)?.number).toBe(number);
  });

  test('a valid number that is not a test card is refused as a live card', () => {
    const error = thrown(() => paymentMethodForNumber('4111111111111111'));
    expect(error.status).toBe(402);
    expect(error.body.decline_code).toBe('test_mode_live_card');
  });

  test('a number failing the Luhn check is incorrect_number', () => {
    expect(thrown(() => paymentMethodForNumber('4242424242424241')).body.code).toBe('incorrect_number');
  });
});
