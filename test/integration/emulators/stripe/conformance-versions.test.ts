/**
 * Version-dependent behaviour (facts: PaymentIntent and SetupIntent, version strings), through
 * stripe-node pinned to each version with `apiVersion`, plus the account default for a client that
 * sends no Stripe-Version header. Each test would fail if the stand-in ignored the version.
 */
import { ACCOUNT, RETURN_URL, standInForFile, stripeError, type StandIn } from '../../../helpers/stripe-stand-in';

const RETURN_URL_REQUIRED =
  'is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might ' +
  "redirect your customer off of your page, you must provide a `return_url`. If you don't want to accept " +
  'redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and ' +
  '`automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.';

let standIn: StandIn;
standInForFile((started) => {
  standIn = started;
}, [{ ...ACCOUNT, defaultApiVersion: '2022-11-15' } as typeof ACCOUNT]);

describe('2023-08-16: automatic_payment_methods on by default (docs.stripe.com/changelog/2023-08-16)', () => {
  test.each([
    ['2023-08-16', { enabled: true, allow_redirects: 'always' }],
    ['2025-03-31.basil', { enabled: true, allow_redirects: 'always' }],
    ['2022-11-15', null],
  ] as const)('on %s a PaymentIntent without payment_method_types has automatic_payment_methods %j', async (version, expected) => {
    const intent = await standIn.secret(version).paymentIntents.create({ amount: 2000, currency: 'usd' });
    expect(intent.automatic_payment_methods).toEqual(expected);
  });

  test('on 2023-08-16 confirming a PaymentIntent without return_url is a 400 with Stripe\'s text', async () => {
    const error = await stripeError(
      standIn.secret('2023-08-16').paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }),
    );
    expect(error).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400 });
    expect(error.message).toBe(`This PaymentIntent ${RETURN_URL_REQUIRED}`);
  });

  test('on 2023-08-16 confirming a SetupIntent without return_url is a 400 with Stripe\'s text', async () => {
    const stripe = standIn.secret('2023-08-16');
    const intent = await stripe.setupIntents.create({ payment_method: 'pm_card_visa' });
    const error = await stripeError(stripe.setupIntents.confirm(intent.id));
    expect(error).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400 });
    expect(error.message).toBe(`This SetupIntent ${RETURN_URL_REQUIRED}`);
  });

  test('on 2023-08-16 allow_redirects=never or off_session confirms without return_url', async () => {
    const stripe = standIn.secret('2023-08-16');
    const never = await stripe.paymentIntents.create({
      amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    });
    expect(never.status).toBe('succeeded');
    const offSession = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, off_session: true });
    expect(offSession.status).toBe('succeeded');
  });

  test('on 2022-11-15 PaymentIntents and SetupIntents confirm without return_url', async () => {
    const stripe = standIn.secret('2022-11-15');
    expect((await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true })).status).toBe('succeeded');
    expect((await stripe.setupIntents.create({ payment_method: 'pm_card_visa', confirm: true })).status).toBe('succeeded');
  });
});

describe('2024-04-10: capture_method defaults to automatic_async (docs.stripe.com/changelog/2024-04-10)', () => {
  test.each([
    ['2024-04-10', 'automatic_async'],
    ['2023-10-16', 'automatic'],
  ] as const)('on %s the default capture_method is %s', async (version, expected) => {
    const intent = await standIn.secret(version).paymentIntents.create({ amount: 2000, currency: 'usd' });
    expect(intent.capture_method).toBe(expected);
  });
});

describe('2026-09-30.endive: payment_method_types is no longer writable', () => {
  test.each(['paymentIntents', 'setupIntents'] as const)('%s.create with payment_method_types is refused on endive, accepted on basil', async (resource) => {
    const params = { amount: 2000, currency: 'usd', payment_method_types: ['card'] };
    const endive = standIn.secret('2026-09-30.endive');
    const call = resource === 'paymentIntents' ? endive.paymentIntents.create(params as never) : endive.setupIntents.create({ payment_method_types: ['card'] } as never);
    expect(await stripeError(call)).toMatchObject({ statusCode: 400, code: 'payment_method_types_no_longer_supported', param: 'payment_method_types' });
    const basil = standIn.secret('2025-03-31.basil');
    const accepted = resource === 'paymentIntents' ? await basil.paymentIntents.create(params) : await basil.setupIntents.create({ payment_method_types: ['card'] } as never);
    expect(accepted.payment_method_types).toEqual(['card']);
    expect(accepted.automatic_payment_methods).toBeNull();
  });
});

describe('Stripe-Version header and account default (facts: version strings)', () => {
  test('without a header the account default (2022-11-15) applies; the header overrides it', async () => {
    const call = async (headers: Record<string, string>): Promise<Record<string, unknown>> => {
      const response = await fetch(`${standIn.emulator.url}/v1/setup_intents`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ACCOUNT.secretKeys[0]}`, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: 'payment_method=pm_card_visa&confirm=true',
      });
      return (await response.json()) as Record<string, unknown>;
    };
    expect(await call({})).toMatchObject({ status: 'succeeded', automatic_payment_methods: null });
    expect(await call({ 'Stripe-Version': '2024-06-20' })).toMatchObject({ error: { message: expect.stringContaining('return_url') } });
  });

  test.each(['2099-01-01.zinnia', '2024-13-01', 'basil'])('the unknown version %s is a 400 naming it', async (version) => {
    const error = await stripeError(standIn.secret(version).customers.list());
    expect(error).toMatchObject({ statusCode: 400, message: `Invalid Stripe API version: ${version}` });
  });

  test('a known version is echoed in the Stripe-Version response header', async () => {
    const intent = await standIn.secret('2025-09-30.clover').paymentIntents.create({ amount: 2000, currency: 'usd', return_url: RETURN_URL });
    expect(intent.lastResponse.apiVersion).toBe('2025-09-30.clover');
  });
});
