/**
 * The rules PaymentIntents and SetupIntents share, driven directly (no HTTP): which status allows
 * which action, and Stripe's refusal when it doesn't (docs.stripe.com/api/payment_intents,
 * /api/setup_intents); the minimum amount per currency (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts);
 * and the return_url that redirect-capable automatic payment methods need (facts: PaymentIntent and
 * SetupIntent, the 2023-08-16 rule). The allowed statuses are written out here, not read from the code.
 */
import { missingReturnUrl } from '../../../../emulators/stripe/automatic-payment-methods';
import { refuseUnlessAllowed, type IntentAction, type IntentKind } from '../../../../emulators/stripe/intent-lifecycle';
import { refuseBelowMinimum } from '../../../../emulators/stripe/currencies';
import { thrown } from './unit-support';

const STATUSES = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'canceled', 'succeeded'];

/** Kind, action, the statuses it is allowed from. */
const ALLOWED: [IntentKind, IntentAction, string[]][] = [
  ['PaymentIntent', 'confirm', ['requires_payment_method', 'requires_confirmation', 'requires_action']],
  ['PaymentIntent', 'update', ['requires_payment_method', 'requires_confirmation', 'requires_action']],
  ['PaymentIntent', 'cancel', ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture']],
  ['PaymentIntent', 'capture', ['requires_capture']],
  ['PaymentIntent', 'authenticate', ['requires_action']],
  ['SetupIntent', 'confirm', ['requires_payment_method', 'requires_confirmation', 'requires_action']],
  ['SetupIntent', 'update', ['requires_payment_method', 'requires_confirmation', 'requires_action']],
  ['SetupIntent', 'cancel', ['requires_payment_method', 'requires_confirmation', 'requires_action']],
  ['SetupIntent', 'authenticate', ['requires_action']],
];

describe('which status allows which action', () => {
  test.each(ALLOWED.flatMap(([kind, action, allowed]) => STATUSES.map((status) => [kind, action, status, allowed.includes(status)] as const)))(
    '%s %s from %s: allowed %s',
    (kind, action, status, allowed) => {
      if (allowed) {
        expect(() => refuseUnlessAllowed(kind, action, status)).not.toThrow();
        return;
      }
      const error = thrown(() => refuseUnlessAllowed(kind, action, status));
      expect(error.status).toBe(400);
      expect(error.body.code).toBe(kind === 'PaymentIntent' ? 'payment_intent_unexpected_state' : 'setup_intent_unexpected_state');
      expect(error.body.message).toContain(`has a status of ${status}`);
    },
  );

  test.each<[IntentKind, IntentAction, string]>([
    [
      'PaymentIntent',
      'confirm',
      'You cannot confirm this PaymentIntent because it has a status of canceled. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method, requires_action.',
    ],
    [
      'SetupIntent',
      'confirm',
      'You cannot confirm this SetupIntent because it has a status of canceled. Only a SetupIntent with one of the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.',
    ],
    [
      'PaymentIntent',
      'update',
      'You cannot update this PaymentIntent because it has a status of canceled. Updates are only allowed when the PaymentIntent has one of the following statuses: requires_payment_method, requires_confirmation, requires_action.',
    ],
    [
      'PaymentIntent',
      'cancel',
      'You cannot cancel this PaymentIntent because it has a status of canceled. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.',
    ],
    [
      'SetupIntent',
      'cancel',
      'You cannot cancel this SetupIntent because it has a status of canceled. Only a SetupIntent with one of the following statuses may be canceled: requires_payment_method, requires_confirmation, requires_action.',
    ],
    [
      'PaymentIntent',
      'capture',
      'This PaymentIntent could not be captured because it has a status of canceled. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.',
    ],
    ['SetupIntent', 'authenticate', 'This SetupIntent has a status of canceled; there is no authentication to complete.'],
  ])('%s %s from canceled is refused in Stripe\'s words', (kind, action, message) => {
    expect(thrown(() => refuseUnlessAllowed(kind, action, 'canceled')).body.message).toBe(message);
  });
});

describe('the minimum amount per currency', () => {
  test.each([
    ['usd', 49, 'Amount must be at least $0.50 usd'],
    ['usd', 50, undefined],
    ['eur', 49, 'Amount must be at least €0.50 eur'],
    ['eur', 50, undefined],
    ['gbp', 29, 'Amount must be at least £0.30 gbp'],
    ['gbp', 30, undefined],
    ['krw', 1, undefined],
  ])('%s %i: %s', (currency, amount, message) => {
    if (message === undefined) {
      expect(() => refuseBelowMinimum(amount, currency)).not.toThrow();
      return;
    }
    expect(thrown(() => refuseBelowMinimum(amount, currency)).body).toMatchObject({ code: 'amount_too_small', param: 'amount', message });
  });
});

describe('the return_url of redirect-capable automatic payment methods', () => {
  const intent = (allowRedirects: 'always' | 'never' | null) => ({
    id: 'seti_1',
    automatic_payment_methods: allowRedirects === null ? null : { enabled: true, allow_redirects: allowRedirects },
  });

  test.each([
    ['always', null, false, true],
    ['always', 'https://shop.test/return', false, false],
    ['always', null, true, false],
    ['never', null, false, false],
    [null, null, false, false],
  ] as const)('allow_redirects %s, return_url %s, off-session %s: refused %s', (allowRedirects, returnUrl, offSession, refused) => {
    expect(missingReturnUrl('SetupIntent', intent(allowRedirects), returnUrl, offSession) !== undefined).toBe(refused);
  });

  test('the refusal names the kind and embeds the intent', () => {
    const error = missingReturnUrl('SetupIntent', intent('always'), null, false)!;
    expect(error.body.message).toMatch(/^This SetupIntent is configured to accept payment methods enabled in your Dashboard/);
    expect(error.body.setup_intent).toMatchObject({ id: 'seti_1' });
  });
});
