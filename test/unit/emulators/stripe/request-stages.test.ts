/**
 * The stages of the stand-in's request pipeline that decide without HTTP, driven directly: what an API
 * key is and which account it reaches (docs.stripe.com/keys), which API version a request is answered
 * at (docs.stripe.com/api/versioning), and idempotent replays (docs.stripe.com/api/idempotent_requests).
 * The pipeline around them is tested over HTTP in server.test.ts and malformed.test.ts.
 */
import { AccountDirectory, DEFAULT_ACCOUNT_ID } from '../../../../emulators/stripe/accounts';
import { keyPrefix, parseApiKey, redactKey } from '../../../../emulators/stripe/api-keys';
import { negotiateApiVersion, NEWEST_API_VERSION } from '../../../../emulators/stripe/api-versions';
import { StripeApiError } from '../../../../emulators/stripe/errors';
import { fingerprintOf, idempotently, IdempotencyStore, type IdempotentRequest } from '../../../../emulators/stripe/idempotency';
import { json } from '../../../../emulators/stripe/replies';
import { thrown } from './unit-support';

describe('API keys', () => {
  test.each([
    ['sk_test_abc123', { type: 'secret', mode: 'test', wellFormed: true }],
    ['pk_test_abc_123', { type: 'publishable', mode: 'test', wellFormed: true }],
    ['rk_test_abc', { type: 'restricted', mode: 'test', wellFormed: true }],
    ['sk_live_abc', { type: 'secret', mode: 'live', wellFormed: true }],
    ['sk_live_', { type: 'secret', mode: 'live', wellFormed: false }],
    ['sk_test_a b', { type: 'secret', mode: 'test', wellFormed: false }],
    ['xk_test_abc', undefined],
    ['sk_demo_abc', undefined],
    ['sk_test', undefined],
  ])('%s is %j', (key, parsed) => {
    expect(parseApiKey(key)).toEqual(parsed);
  });

  test('a key is shown with its prefix and last 4 only, and a short one without a tail', () => {
    expect(redactKey('sk_test_1234567890abcdef')).toBe('sk_test_************cdef');
    expect(redactKey('sk_test_short')).toBe('sk_test_************');
  });

  test('each type has its prefix', () => {
    expect(['secret', 'publishable', 'restricted'].map((type) => keyPrefix(type as never, 'test'))).toEqual(['sk_test_', 'pk_test_', 'rk_test_']);
  });
});

describe('keys → accounts', () => {
  const directory = new AccountDirectory([
    {
      id: 'acct_1Stages000000000',
      secretKeys: ['sk_test_stages1'],
      publishableKeys: ['pk_test_stages1'],
      restrictedKeys: [{ key: 'rk_test_stages1', permissions: { payment_intents: 'read' } }],
      live: {
        secretKeys: ['sk_live_stages2'],
        publishableKeys: ['pk_live_stages2'],
        restrictedKeys: [{ key: 'rk_live_stages2', permissions: { balance: 'read' } }],
      },
    },
  ]);

  test('a configured key finds its account and kind; a restricted key acts as a secret key within its permissions', () => {
    expect(directory.authenticate('pk_test_stages1')).toMatchObject({ account: { id: 'acct_1Stages000000000' }, kind: 'publishable' });
    expect(directory.authenticate('rk_test_stages1')).toMatchObject({ kind: 'secret', restricted: { permissions: { payment_intents: 'read' } } });
  });

  test.each([
    ['sk_live_stages2', 'secret', undefined],
    ['pk_live_stages2', 'publishable', undefined],
    ['rk_live_stages2', 'secret', { balance: 'read' }],
  ])("live key %s reaches the account's live mode: the same id, livemode, as a %s key", (key, kind, permissions) => {
    const credential = directory.authenticate(key);
    expect(credential).toMatchObject({ account: { id: 'acct_1Stages000000000', mode: 'live', livemode: true }, kind });
    expect(credential.restricted?.permissions).toEqual(permissions);
  });

  test("test and live mode of one account keep their objects apart", () => {
    const test = directory.authenticate('sk_test_stages1').account;
    const live = directory.authenticate('sk_live_stages2').account;
    expect(test).toMatchObject({ mode: 'test', livemode: false });
    expect(live.objects).not.toBe(test.objects);
    expect(directory.all().map((account) => `${account.id} ${account.mode}`)).toEqual(['acct_1Stages000000000 test', 'acct_1Stages000000000 live']);
  });

  test.each([
    [undefined, 401, undefined, /^You did not provide an API key/],
    ['sk_live_stages1', 401, undefined, /^Invalid API Key provided: sk_live_\*{12}$/],
    ['sk_test_other', 401, undefined, /^Invalid API Key provided: sk_test_\*{12}$/],
  ])('%s is refused with %i %s', (key, status, code, message) => {
    const error = thrown(() => directory.authenticate(key));
    expect(error.status).toBe(status);
    expect(error.body.code).toBe(code);
    expect(error.body.message).toMatch(message);
  });

  test('without configured accounts any well-formed test secret or publishable key is the default account; a restricted one is not', () => {
    const anyKey = new AccountDirectory(undefined);
    expect(anyKey.authenticate('sk_test_anything')).toMatchObject({ account: { id: DEFAULT_ACCOUNT_ID }, kind: 'secret' });
    expect(anyKey.authenticate('pk_test_anything')).toMatchObject({ kind: 'publishable' });
    expect(thrown(() => anyKey.authenticate('rk_test_anything')).status).toBe(401);
    expect(thrown(() => anyKey.authenticate('sk_test_not well formed')).status).toBe(401);
  });

  test('without configured accounts a live key is unknown: 401 Invalid API Key', () => {
    expect(thrown(() => new AccountDirectory(undefined).authenticate('sk_live_anything1')).body.message).toBe('Invalid API Key provided: sk_live_************ing1');
  });

  test.each([
    [{ secretKeys: ['pk_test_wrongtype'] }, /secret key pk_test_\*{12}type must be a sk_test_… key/],
    [{ secretKeys: ['sk_live_configured1'] }, /secret key sk_live_\*{12}red1 must be a sk_test_… key/],
    [{ publishableKeys: ['pk_test_a', 'pk_test_a'] }, /is given to more than one account/],
    [{ restrictedKeys: [{ key: 'sk_test_notrestricted', permissions: {} }] }, /restricted key sk_test_\*{12}cted must be a rk_test_… key/],
    [{ restrictedKeys: [{ key: 'rk_test_badaccess', permissions: { payment_intents: 'all' } }] }, /permission payment_intents=all must name a resource/],
    [{ live: { secretKeys: ['sk_test_intolive1'] } }, /live secret key sk_test_\*{12}ive1 must be a sk_live_… key/],
    [{ live: { publishableKeys: ['pk_test_intolive1'] } }, /live publishable key pk_test_\*{12}ive1 must be a pk_live_… key/],
    [{ live: { restrictedKeys: [{ key: 'rk_test_intolive1', permissions: {} }] } }, /live restricted key rk_test_\*{12}ive1 must be a rk_live_… key/],
    [{ live: { restrictedKeys: [{ key: 'rk_live_badaccess', permissions: { balance: 'all' } }] } }, /permission balance=all must name a resource/],
    [{ live: { secretKeys: ['sk_live_twice1', 'sk_live_twice1'] } }, /is given to more than one account/],
  ])('a misconfigured account is refused at start: %j', (spec, message) => {
    const account = { id: 'acct_1Config00000000', secretKeys: [], publishableKeys: [], ...spec } as never;
    expect(() => new AccountDirectory([account])).toThrow(message);
  });
});

describe('the API version a request is answered at', () => {
  test.each([
    [undefined, '2024-06-20'],
    ['2025-03-31.basil', '2025-03-31.basil'],
    [`${NEWEST_API_VERSION}; foo_beta=v1`, NEWEST_API_VERSION],
  ])('Stripe-Version %s on an account defaulting to 2024-06-20 → %s', (requested, expected) => {
    expect(negotiateApiVersion(requested, '2024-06-20')).toBe(expected);
  });

  test('an unknown version is a 400 quoting the header', () => {
    expect(thrown(() => negotiateApiVersion('2019-13-01; x=1', '2024-06-20')).body.message).toBe('Invalid Stripe API version: 2019-13-01; x=1');
  });
});

describe('idempotent requests', () => {
  const request = (overrides: Partial<IdempotentRequest> = {}): IdempotentRequest => ({
    accountId: 'acct_1',
    mode: 'test',
    key: 'key-1',
    endpoint: 'POST /v1/payment_intents',
    fingerprint: fingerprintOf({ amount: '2000', currency: 'eur' }),
    at: 0,
    apiVersion: '2025-03-31.basil',
    ...overrides,
  });
  let store: IdempotencyStore;
  let runs: number;
  const run = (status = 200) => () => {
    runs += 1;
    return json(status, { run: runs });
  };

  beforeEach(() => {
    store = new IdempotencyStore();
    runs = 0;
  });

  test('the first request runs and echoes its key; the same again replays the saved answer at its own version', () => {
    expect(idempotently(store, request(), run()).headers).toMatchObject({ 'Idempotency-Key': 'key-1' });
    const replay = idempotently(store, request({ apiVersion: '2024-06-20' }), run());
    expect(runs).toBe(1);
    expect(JSON.parse(replay.body)).toEqual({ run: 1 });
    expect(replay.headers).toMatchObject({ 'Idempotency-Key': 'key-1', 'Idempotent-Replayed': 'true', 'Stripe-Version': '2024-06-20' });
  });

  test('parameters in another order are the same request', () => {
    idempotently(store, request(), run());
    idempotently(store, request({ fingerprint: fingerprintOf({ currency: 'eur', amount: '2000' }) }), run());
    expect(runs).toBe(1);
  });

  test.each([
    ['other parameters', { fingerprint: fingerprintOf({ amount: '1' }) }, /same parameters/],
    ['another endpoint', { endpoint: 'POST /v1/customers' }, /same endpoint/],
  ])('the same key with %s is an idempotency_error', (_name, overrides, message) => {
    idempotently(store, request(), run());
    const error = thrown(() => idempotently(store, request(overrides), run()));
    expect(error).toBeInstanceOf(StripeApiError);
    expect(error.body).toMatchObject({ type: 'idempotency_error' });
    expect(error.body.message).toMatch(message);
  });

  test('a key is per account, and a refused request (a 400) is not saved', () => {
    idempotently(store, request(), run());
    idempotently(store, request({ accountId: 'acct_2' }), run());
    idempotently(store, request({ key: 'key-2' }), run(400));
    idempotently(store, request({ key: 'key-2' }), run());
    expect(runs).toBe(4);
  });

  test("a key is per mode: the account's live requests never replay its test ones", () => {
    idempotently(store, request(), run());
    idempotently(store, request({ mode: 'live', fingerprint: fingerprintOf({ amount: '1' }) }), run());
    idempotently(store, request({ mode: 'live', fingerprint: fingerprintOf({ amount: '1' }) }), run());
    expect(runs).toBe(2);
  });

  test('a key is kept 24 hours', () => {
    idempotently(store, request(), run());
    idempotently(store, request({ at: 24 * 60 * 60 * 1000 }), run());
    idempotently(store, request({ at: 24 * 60 * 60 * 1000 + 1 }), run());
    expect(runs).toBe(2);
  });

  test('without a key every request runs', () => {
    idempotently(store, request({ key: undefined }), run());
    idempotently(store, request({ key: undefined }), run());
    expect(runs).toBe(2);
  });
});
