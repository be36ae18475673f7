/**
 * Read-only verification of one key set, before its material is written to Secrets Manager: what a
 * live key can be checked with without moving money (stripe-facts "Live-mode keys without moving
 * money"). Nothing here confirms, charges or tokenises a card.
 *
 * 1. the key's mode, read from its prefix (`sk_live_`/`rk_live_` vs `_test_`), is the mode the config
 *    uses the key set in;
 * 2. `GET /v1/account` names the configured account (a restricted key without `rak_account_read`
 *    gets a 403 whose message names the account: that is read instead);
 * 3. a restricted key has every permission the checkout library uses (`CHECKOUT_PERMISSIONS`);
 * 4. for the key set in use, the publishable key belongs to the same account and mode: a SetupIntent
 *    made unconfirmed with the secret key is retrieved with its client secret through the publishable
 *    key, then cancelled.
 *
 * Stripe refusing something on its merits is a failure; an outage, a 429 or a lost connection (after
 * stripe-node's retries) is inconclusive, never a pass.
 */
import Stripe from 'stripe';
import { createStripeClient, type KeySetMaterial, type StripeEndpoint } from '../runtime';
import type { Verdict } from './result';
import { firstLine, verdictOnError } from './stripe-calls';

export type KeyMode = 'test' | 'live';

/** One key set's read-only verification (mode, account, permissions, publishable key): pass, fail or inconclusive, never a journey. */
export interface KeySetCheck {
  keySet: string;
  verdict: Verdict;
  /** What was verified, or what failed and why, naming the account, mode or permission. */
  detail: string;
}

export interface KeySetVerificationInput {
  keySet: string;
  /** The account the config names (`stripe.accountId`). */
  accountId: string;
  /** The mode the config uses this key set in. */
  mode: KeyMode;
  material: KeySetMaterial;
  /** For the key set in use (`stripe.keySet`, or `testMode.keySet`): the publishable key that goes with it. */
  publishableKey?: string;
  /** Sent as Stripe-Version: the config's pinned version. */
  apiVersion: string;
  /** Omit for api.stripe.com. */
  endpoint?: StripeEndpoint;
}

/**
 * What the checkout library (runtime/checkout.ts, and the shop around it) does with its key, and a
 * request that is invalid on its merits for each, so it creates nothing. Which permission a request
 * needs is checked before its parameters, so 400/404 means the key has the permission and 403 names
 * the one it lacks. That ordering is inferred: Stripe's 403 for a missing permission is documented
 * (stripe-facts "Restricted key lacking a permission"), but no source presents this as a key check.
 */
const CHECKOUT_PERMISSIONS: ReadonlyArray<{ permission: string; use: string; probe: (stripe: Stripe) => Promise<unknown> }> = [
  {
    permission: 'rak_payment_intent_write',
    use: 'pay and resume',
    probe: (stripe) => stripe.paymentIntents.create({} as Stripe.PaymentIntentCreateParams), // no amount: 400 parameter_missing
  },
  {
    permission: 'rak_customer_write',
    use: 'save a card for later charges',
    probe: (stripe) => stripe.customers.create({ stripe_config_key_check: 'invalid on purpose' } as Stripe.CustomerCreateParams), // 400 unknown parameter
  },
  {
    permission: 'rak_payment_method_write',
    use: "attach the customer's card",
    probe: (stripe) => stripe.paymentMethods.create({} as Stripe.PaymentMethodCreateParams), // no type: 400 parameter_missing
  },
  {
    permission: 'rak_payment_method_read',
    use: "read the customer's card",
    probe: (stripe) => stripe.paymentMethods.retrieve('pm_stripeConfigKeyCheck'), // 404 resource_missing
  },
];

type Finding = { kind: 'ok' | 'problem' | 'doubt'; text: string };

export async function verifyKeySet(input: KeySetVerificationInput): Promise<KeySetCheck> {
  const { secretKey } = input.material;
  const keyMode = modeOf(secretKey);
  const findings: Finding[] = [
    keyMode === input.mode
      ? { kind: 'ok', text: `${keyMode} ${secretKey.startsWith('rk_') ? 'restricted' : 'secret'} key ${shown(secretKey)}` }
      : { kind: 'problem', text: `holds a ${keyMode}-mode key (${shown(secretKey)}), but the config uses it in ${input.mode} mode` },
  ];
  const stripe = createStripeClient({ secretKey, apiVersion: input.apiVersion, endpoint: input.endpoint });
  try {
    findings.push(await accountFinding(stripe, input.accountId));
    if (secretKey.startsWith('rk_')) findings.push(await permissionFinding(stripe));
    if (input.publishableKey && findings.every((finding) => finding.kind === 'ok')) {
      findings.push(await publishableKeyFinding(stripe, input.publishableKey, input));
    }
  } catch (error) {
    findings.push({ kind: verdictOnError(error) === 'inconclusive' ? 'doubt' : 'problem', text: `Stripe answered: ${firstLine(error)}` });
  }
  return judge(input.keySet, findings);
}

function judge(keySet: string, findings: readonly Finding[]): KeySetCheck {
  for (const [kind, verdict] of [['problem', 'fail'], ['doubt', 'inconclusive']] as const) {
    const found = findings.filter((finding) => finding.kind === kind);
    if (found.length > 0) return { keySet, verdict, detail: found.map((finding) => finding.text).join('; ') };
  }
  return { keySet, verdict: 'pass', detail: findings.map((finding) => finding.text).join('; ') };
}

async function accountFinding(stripe: Stripe, accountId: string): Promise<Finding> {
  let actual: string | undefined;
  try {
    actual = (await stripe.accounts.retrieveCurrent()).id;
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripePermissionError)) throw error;
    // A restricted key without rak_account_read: the 403 still proves the key authenticates, and names the account (facts).
    actual = /on account '(acct_[A-Za-z0-9]+)'/.exec(error.message)?.[1];
    if (!actual) return { kind: 'doubt', text: `the key authenticates, but neither GET /v1/account nor its 403 names the account (${firstLine(error)})` };
  }
  return actual === accountId
    ? { kind: 'ok', text: `of ${accountId}` }
    : { kind: 'problem', text: `its key belongs to ${actual}, not ${accountId} (stripe.accountId)` };
}

async function permissionFinding(stripe: Stripe): Promise<Finding> {
  const missing: string[] = [];
  for (const { permission, use, probe } of CHECKOUT_PERMISSIONS) {
    const lacking = await lackedPermission(probe(stripe));
    if (lacking) missing.push(`${lacking === permission ? permission : `${permission} (Stripe named ${lacking})`}, to ${use}`);
  }
  return missing.length === 0
    ? { kind: 'ok', text: `has ${CHECKOUT_PERMISSIONS.map((entry) => entry.permission).join(', ')}` }
    : { kind: 'problem', text: `the restricted key lacks ${missing.join('; ')}` };
}

/** The permission a 403 names; undefined when the request got past the permission check (any answer but 403). */
async function lackedPermission(request: Promise<unknown>): Promise<string | undefined> {
  try {
    await request;
    return undefined;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError) return undefined; // 400/404: permitted, invalid on its merits
    if (error instanceof Stripe.errors.StripePermissionError) return /'(rak_[a-z_]+)'/.exec(error.message)?.[1] ?? 'a permission';
    throw error;
  }
}

/**
 * The publishable key belongs to the secret key's account and mode: what another account's (or the
 * other mode's) publishable key gets is 404 `resource_missing` (facts). Inferred as a key check; an
 * unconfirmed SetupIntent moves no money, and it is cancelled at once.
 */
async function publishableKeyFinding(stripe: Stripe, publishableKey: string, input: KeySetVerificationInput): Promise<Finding> {
  let setup: Stripe.SetupIntent;
  try {
    setup = await stripe.setupIntents.create({ metadata: { 'stripe-config': `key check of ${input.keySet}` } });
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripePermissionError)) throw error;
    return { kind: 'problem', text: `cannot check publishable key ${publishableKey}: the restricted key lacks rak_setup_intent_write (the check makes an unconfirmed SetupIntent, then cancels it)` };
  }
  const frontEnd = createStripeClient({ secretKey: publishableKey, apiVersion: input.apiVersion, endpoint: input.endpoint });
  const retrieved = await frontEnd.setupIntents.retrieve(setup.id, { client_secret: setup.client_secret! }).then(
    () => undefined,
    (error: unknown) => error,
  );
  const notCancelled = await stripe.setupIntents.cancel(setup.id).then(
    () => '',
    (error: unknown) => ` (the unconfirmed SetupIntent ${setup.id}, which moves no money, could not be cancelled: ${firstLine(error)})`,
  );
  if (retrieved === undefined) return { kind: 'ok', text: `publishable key ${publishableKey} of the same account${notCancelled}` };
  if (retrieved instanceof Stripe.errors.StripeInvalidRequestError && retrieved.code === 'resource_missing') {
    return {
      kind: 'problem',
      text: `publishable key ${publishableKey} belongs to another account or mode than the key set's ${input.mode} key of ${input.accountId}${notCancelled}`,
    };
  }
  if (retrieved instanceof Stripe.errors.StripeAuthenticationError) {
    return { kind: 'problem', text: `Stripe does not accept publishable key ${publishableKey} (${firstLine(retrieved)})${notCancelled}` };
  }
  throw retrieved;
}

/** A key's mode from its prefix (docs.stripe.com/keys): `sk_live_`/`rk_live_` are live, everything else test. */
function modeOf(key: string): KeyMode {
  return /^(sk|rk)_live_/.test(key) ? 'live' : 'test';
}

/** A secret key as it may be shown: its prefix and last 4 (house style). */
function shown(key: string): string {
  return `${key.slice(0, 8)}…${key.slice(-4)}`;
}
