import type Stripe from 'stripe';
import { outcomeOf } from '../../../runtime';
import { paymentMethodTypesParam } from '../../../runtime/checkout';

const intent = (fields: Partial<Stripe.PaymentIntent>) => ({ id: 'pi_1', client_secret: 'pi_1_secret_x', ...fields }) as Stripe.PaymentIntent;

describe('checkout outcomes', () => {
  test.each([
    ['succeeded', { status: 'paid' }],
    ['requires_capture', { status: 'authorized' }],
    ['processing', { status: 'processing' }],
    ['canceled', { status: 'canceled' }],
  ] as const)('a %s intent is %o for the front end', (status, expected) => {
    expect(outcomeOf(intent({ status }))).toMatchObject(expected);
  });

  test('requires_action with a redirect sends the customer to the authentication page', () => {
    const outcome = outcomeOf(
      intent({ status: 'requires_action', next_action: { type: 'redirect_to_url', redirect_to_url: { url: 'https://auth', return_url: 'https://shop' } } }),
    );
    expect(outcome).toEqual({ status: 'needs_authentication', paymentIntentId: 'pi_1', clientSecret: 'pi_1_secret_x', redirectUrl: 'https://auth' });
  });

  test('a failed challenge asks the customer to retry, without leaking bank details', () => {
    const outcome = outcomeOf(intent({ status: 'requires_payment_method', last_payment_error: { code: 'payment_intent_authentication_failure', type: 'card_error' } }));
    expect(outcome).toMatchObject({ status: 'authentication_failed', customerMessage: expect.stringMatching(/verify your payment/) });
  });

  test.each([
    ['insufficient_funds', /insufficient funds/],
    ['stolen_card', /^Your card was declined/],
    ['generic_decline', /^Your card was declined/],
  ])('a %s decline gets a customer-facing reason', (declineCode, message) => {
    const outcome = outcomeOf(
      intent({ status: 'requires_payment_method', last_payment_error: { code: 'card_declined', decline_code: declineCode, type: 'card_error' } }),
    );
    expect(outcome).toMatchObject({ status: 'declined', declineCode, customerMessage: expect.stringMatching(message) });
  });

  test('payment method types go in the parameter the pinned API version understands', () => {
    expect(paymentMethodTypesParam('2025-03-31.basil', ['card'])).toEqual({ payment_method_types: ['card'] });
    expect(paymentMethodTypesParam('2026-10-28.endive', ['card'])).toEqual({ allowed_payment_method_types: ['card'] });
  });
});
