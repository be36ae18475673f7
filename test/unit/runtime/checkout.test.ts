import type Stripe from 'stripe';
import { createCheckout, outcomeOf } from '../../../runtime';
import { sampleEnvironment } from '../../helpers/environments';
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

describe('what the checkout asks Stripe for', () => {
  const document = sampleEnvironment('production').rendered.document;
  /** A Stripe client that records the one create call and answers with a succeeded intent. */
  function recordingStripe() {
    const calls: Stripe.PaymentIntentCreateParams[] = [];
    const stripe = {
      paymentIntents: {
        create: async (params: Stripe.PaymentIntentCreateParams) => {
          calls.push(params);
          return intent({ status: 'succeeded' });
        },
      },
    } as unknown as Stripe;
    return { stripe, calls };
  }

  test('an on-session payment requests 3DS per the policy and gives a return URL', async () => {
    const { stripe, calls } = recordingStripe();
    await createCheckout({ document, stripe }).pay({ amount: 100, paymentMethodId: 'pm_1' });
    expect(calls[0]).toMatchObject({ payment_method_options: { card: { request_three_d_secure: document.payments.threeDSecure } }, return_url: document.payments.returnUrl });
    expect(calls[0]).not.toHaveProperty('off_session');
    expect(calls[0]).not.toHaveProperty('setup_future_usage');
  });

  test('saving a card for later asks for off-session setup on the customer', async () => {
    const { stripe, calls } = recordingStripe();
    await createCheckout({ document, stripe }).pay({ amount: 100, paymentMethodId: 'pm_1', customerId: 'cus_1', saveForOffSession: true });
    expect(calls[0]).toMatchObject({ customer: 'cus_1', setup_future_usage: 'off_session', return_url: document.payments.returnUrl });
  });

  test('an off-session charge requests no 3DS and no return URL: nobody is there to authenticate', async () => {
    const { stripe, calls } = recordingStripe();
    const checkout = createCheckout({ document: { ...document, payments: { ...document.payments, threeDSecure: 'challenge' } }, stripe });
    await checkout.pay({ amount: 100, paymentMethodId: 'pm_1', customerId: 'cus_1', offSession: true });
    expect(calls[0]).toMatchObject({ customer: 'cus_1', off_session: true, confirm: true });
    expect(calls[0]).not.toHaveProperty('payment_method_options');
    expect(calls[0]).not.toHaveProperty('return_url');
  });

  test('a schema version 2 document without a suffix sends none, so Stripe prints the account descriptor', async () => {
    const { stripe, calls } = recordingStripe();
    const { statementDescriptorSuffix, ...payments } = document.payments;
    await createCheckout({ document, stripe }).pay({ amount: 100, paymentMethodId: 'pm_1' });
    expect(calls[0]).toMatchObject({ statement_descriptor_suffix: statementDescriptorSuffix });
    await createCheckout({ document: { ...document, schemaVersion: 2, payments }, stripe }).pay({ amount: 100, paymentMethodId: 'pm_1' });
    expect(calls[1]).not.toHaveProperty('statement_descriptor_suffix');
  });

  test.each([
    [{ offSession: true }, /offSession needs customerId/],
    [{ saveForOffSession: true }, /saveForOffSession needs customerId/],
    [{ customerId: 'cus_1', offSession: true, saveForOffSession: true }, /exclude each other/],
  ])('a contradictory request %o is refused before Stripe is called', async (extra, message) => {
    const { stripe, calls } = recordingStripe();
    await expect(createCheckout({ document, stripe }).pay({ amount: 100, paymentMethodId: 'pm_1', ...extra })).rejects.toThrow(message);
    expect(calls).toEqual([]);
  });
});
