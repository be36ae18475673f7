/**
 * The SetupIntent state machine, Customers' attach rule, list pagination and the transition → Event
 * rules of the Stripe stand-in, driven directly (no HTTP). Facts from reference/stripe-facts.md and
 * docs.stripe.com/testing.
 */
import { attachPaymentMethod, detachPaymentMethod } from '../../../../emulators/stripe/customers';
import { page } from '../../../../emulators/stripe/lists';
import {
  cancelSetupIntent,
  confirmSetupIntent,
  createSetupIntent,
  finishSetupAuthentication,
  type CreateSetupIntentParams,
} from '../../../../emulators/stripe/setup-intents';
import { paymentIntentEvents, setupIntentEvents } from '../../../../emulators/stripe/transition-events';
import type { PaymentIntent } from '../../../../emulators/stripe/payment-intent-object';
import { context, paymentMethod, thrown } from './unit-support';

function setUp(token: string, extra: Partial<CreateSetupIntentParams> = {}) {
  return createSetupIntent(
    { customer: 'cus_1', paymentMethod: paymentMethod(token), confirm: true, returnUrl: 'https://shop.test/return', ...extra },
    context(),
  );
}

describe('SetupIntent state machine', () => {
  test('a card without 3DS needs succeeds at once, attached to the Customer and set up for off-session', () => {
    const t = setUp('pm_card_visa');
    expect(t.state.intent.status).toBe('succeeded');
    expect(t.attachedPaymentMethod?.paymentMethod.customer).toBe('cus_1');
    expect(t.attachedPaymentMethod?.setUpForOffSession).toBe(true);
  });

  test('usage=on_session does not set the card up for off-session payments', () => {
    expect(setUp('pm_card_visa', { usage: 'on_session' }).attachedPaymentMethod?.setUpForOffSession).toBe(false);
  });

  test('a 3DS-required card waits in requires_action with a redirect_to_url next_action', () => {
    const t = setUp('pm_card_authenticationRequiredOnSetup');
    expect(t.state.intent.status).toBe('requires_action');
    expect(t.state.intent.next_action).toMatchObject({ type: 'redirect_to_url', redirect_to_url: { return_url: 'https://shop.test/return' } });
    expect(t.attachedPaymentMethod).toBeUndefined();
  });

  test('completing the challenge succeeds; failing it is setup_intent_authentication_failure', () => {
    const pending = setUp('pm_card_threeDSecure2Required').state;
    expect(finishSetupAuthentication(pending, 'complete').state.intent.status).toBe('succeeded');
    const failed = finishSetupAuthentication(pending, 'fail').state;
    expect(failed.intent).toMatchObject({ status: 'requires_payment_method', payment_method: null, last_setup_error: { code: 'setup_intent_authentication_failure' } });
  });

  test('a declining card fails the card check with a 402 embedding the SetupIntent', () => {
    const t = setUp('pm_card_chargeDeclinedInsufficientFunds');
    expect(t.error?.status).toBe(402);
    expect(t.error?.body).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds', setup_intent: { status: 'requires_payment_method' } });
    expect(t.state.intent.last_setup_error).toMatchObject({ type: 'card_error', code: 'card_declined' });
  });

  test('4000000000000341 passes the card check (it only fails charges)', () => {
    expect(setUp('pm_card_chargeCustomerFail').state.intent.status).toBe('succeeded');
  });

  test('confirming without a payment method is setup_intent_unexpected_state', () => {
    const created = createSetupIntent({}, context()).state;
    expect(thrown(() => confirmSetupIntent(created, {}, context())).body.code).toBe('setup_intent_unexpected_state');
  });

  test('a succeeded SetupIntent cannot be canceled; a pending one can', () => {
    expect(thrown(() => cancelSetupIntent(setUp('pm_card_visa').state, undefined)).body.code).toBe('setup_intent_unexpected_state');
    expect(cancelSetupIntent(setUp('pm_card_threeDSecureRequired').state, 'abandoned').intent).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
  });

  test('from 2023-08-16 confirming without return_url is refused; on 2022-11-15 it is not', () => {
    const pm = paymentMethod('pm_card_visa');
    expect(createSetupIntent({ paymentMethod: pm, confirm: true }, context()).error?.body.message).toMatch(/^This SetupIntent is configured/);
    expect(createSetupIntent({ paymentMethod: pm, confirm: true }, context('2022-11-15')).state.intent.status).toBe('succeeded');
  });
});

describe('attaching and detaching (facts: decline cards; docs.stripe.com/testing on 0341)', () => {
  test('a declining card cannot be attached; 0341 can', () => {
    expect(thrown(() => attachPaymentMethod(paymentMethod('pm_card_chargeDeclined'), 'cus_1')).status).toBe(402);
    expect(attachPaymentMethod(paymentMethod('pm_card_chargeCustomerFail'), 'cus_1').paymentMethod.customer).toBe('cus_1');
  });

  test('detaching forgets the off-session setup; detaching twice is refused', () => {
    const attached = { ...attachPaymentMethod(paymentMethod('pm_card_visa'), 'cus_1'), setUpForOffSession: true };
    const detached = detachPaymentMethod(attached);
    expect(detached).toMatchObject({ setUpForOffSession: false, paymentMethod: { customer: null } });
    expect(thrown(() => detachPaymentMethod(detached)).status).toBe(400);
  });
});

describe('pagination', () => {
  const items = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
  test.each([
    [{ limit: 2 }, ['e', 'd'], true],
    [{ limit: 2, startingAfter: 'd' }, ['c', 'b'], true],
    [{ limit: 2, startingAfter: 'b' }, ['a'], false],
    [{ limit: 2, endingBefore: 'a' }, ['c', 'b'], true],
    [{ limit: 10, endingBefore: 'c' }, ['e', 'd'], false],
  ])('%j gives %j, has_more %s', (request, ids, hasMore) => {
    const result = page(items, request, '/v1/things');
    expect(result.data.map((i) => i.id)).toEqual(ids);
    expect(result.has_more).toBe(hasMore);
  });
});

describe('transition → Events (facts: webhooks)', () => {
  const intent = (status: PaymentIntent['status']) => ({ status }) as PaymentIntent;
  test.each([
    [null, 'requires_payment_method', false, ['payment_intent.created']],
    ['requires_confirmation', 'requires_action', false, ['payment_intent.requires_action']],
    ['requires_confirmation', 'requires_capture', false, ['payment_intent.amount_capturable_updated']],
    ['requires_action', 'succeeded', false, ['payment_intent.succeeded']],
    ['requires_action', 'requires_payment_method', true, ['payment_intent.payment_failed']],
    ['requires_action', 'canceled', false, ['payment_intent.canceled']],
    ['requires_payment_method', 'requires_payment_method', false, []],
  ] as const)('PaymentIntent %s → %s (failed: %s) records %j', (before, after, failed, types) => {
    expect(paymentIntentEvents({ before, after: intent(after), failed }).map((e) => e.type)).toEqual(types);
  });

  test('a charge made by the transition is announced before the intent', () => {
    const charge = { status: 'failed' } as never;
    expect(paymentIntentEvents({ before: 'requires_confirmation', after: intent('requires_payment_method'), charge, failed: true }).map((e) => e.type)).toEqual([
      'charge.failed',
      'payment_intent.payment_failed',
    ]);
  });

  test('a SetupIntent success that attached a card records payment_method.attached and setup_intent.succeeded', () => {
    const t = setUp('pm_card_visa');
    const types = setupIntentEvents({ before: 'requires_confirmation', after: t.state.intent, failed: false, attached: t.attachedPaymentMethod!.paymentMethod }).map((e) => e.type);
    expect(types).toEqual(['payment_method.attached', 'setup_intent.succeeded']);
  });

  test('a declined setup records setup_intent.setup_failed', () => {
    const t = setUp('pm_card_chargeDeclined');
    expect(setupIntentEvents({ before: 'requires_confirmation', after: t.state.intent, failed: true }).map((e) => e.type)).toEqual(['setup_intent.setup_failed']);
  });
});
