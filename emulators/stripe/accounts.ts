/**
 * API keys → accounts, and each account's objects. Objects live inside their account, so one
 * account's keys cannot reach another's: they get the same `No such payment_method` as for an id
 * that never existed. What a key's type and mode mean is api-keys.ts. Key material is only ever
 * compared, never logged or echoed beyond its last 4.
 */
import { parseApiKey, keyPrefix, redactKey, SERVED_MODES, type KeyType } from './api-keys';
import { isKnownApiVersion, NEWEST_API_VERSION } from './api-versions';
import type { Charge } from './charge-object';
import type { Customer } from './customer-object';
import { authenticationFailure } from './errors';
import type { StripeEvent } from './event-object';
import type { PaymentIntentState } from './payment-intents';
import type { PaymentMethodRecord } from './payment-methods';
import type { SetupIntentState } from './setup-intents';
import type { WebhookEndpointRecord, WebhookEndpointSpec } from './webhook-endpoints';

/** What a restricted key may do with one resource (docs.stripe.com/keys: write implies read). */
export type RestrictedAccess = 'read' | 'write' | 'none';

/**
 * Resource → access, the resource being the first path segment after `/v1/` (`payment_intents`,
 * `payment_methods`, `customers`, `setup_intents`, `events`, `webhook_endpoints`, `account`, …).
 * A resource not listed is `none`.
 */
export type RestrictedPermissions = Readonly<Record<string, RestrictedAccess>>;

/** A restricted key (`rk_test_…`) and what it may do. */
export interface RestrictedKeySpec {
  /** `rk_test_…` */
  key: string;
  /** e.g. `{ payment_intents: 'write', payment_methods: 'write', customers: 'read' }`. */
  permissions: RestrictedPermissions;
}

/** Describes one Stripe account of the stand-in (re-exported from index.ts). */
export interface StripeAccountSpec {
  /** `acct_…` */
  id: string;
  /** `sk_test_…` */
  secretKeys: string[];
  /** `pk_test_…` */
  publishableKeys: string[];
  /** The account default used when a request has no Stripe-Version header. Default: newest known version. */
  defaultApiVersion?: string;
  /** `rk_test_…` keys with per-resource permissions. Default: none. */
  restrictedKeys?: RestrictedKeySpec[];
  /** Webhook endpoints that exist from the start (and again after `reset()`). Default: none. */
  webhookEndpoints?: WebhookEndpointSpec[];
}

/** What a key acts as in a request: a restricted key (api-keys.ts) acts as a secret key within its permissions. */
export type KeyKind = 'secret' | 'publishable';

interface HeldPaymentMethod {
  paymentMethod: PaymentMethodRecord | null;
}

/** What storing an intent's transition keeps. */
export interface KeptIntent<S> {
  state: S;
  charge?: Charge;
  paymentMethodAfter?: PaymentMethodRecord;
}

/** Everything one account owns. `clear()` is the emulator's reset. */
export class AccountObjects {
  readonly paymentMethods = new Map<string, PaymentMethodRecord>();
  readonly paymentIntents = new Map<string, PaymentIntentState>();
  readonly charges = new Map<string, Charge>();
  readonly events = new Map<string, StripeEvent>();
  readonly customers = new Map<string, Customer>();
  readonly setupIntents = new Map<string, SetupIntentState>();
  readonly webhookEndpoints = new Map<string, WebhookEndpointRecord>();

  /**
   * A stored intent with its PaymentMethod as stored now, not as it was when the intent took it:
   * attaching, detaching and payments on other intents change a PaymentMethod meanwhile.
   */
  currentIntent<S extends HeldPaymentMethod>(intents: ReadonlyMap<string, S>, id: string): S | undefined {
    const state = intents.get(id);
    const held = state?.paymentMethod;
    if (state === undefined || held === null || held === undefined) return state;
    const stored = this.paymentMethods.get(held.paymentMethod.id);
    return stored === undefined || stored === held ? state : { ...state, paymentMethod: stored };
  }

  /**
   * Keeps what an intent's transition produced (API or hosted page alike): the intent, its new or
   * captured charge, and its PaymentMethod as the attempt left it (spent, set up, attached).
   */
  keepIntent<S extends { intent: { id: string } }>(intents: Map<string, S>, kept: KeptIntent<S>): void {
    intents.set(kept.state.intent.id, kept.state);
    if (kept.charge !== undefined) this.charges.set(kept.charge.id, kept.charge);
    const used = kept.paymentMethodAfter;
    if (used !== undefined) this.paymentMethods.set(used.paymentMethod.id, used);
  }

  clear(): void {
    this.webhookEndpoints.clear();
    this.customers.clear();
    this.setupIntents.clear();
    this.paymentMethods.clear();
    this.paymentIntents.clear();
    this.charges.clear();
    this.events.clear();
  }
}

export interface Account {
  id: string;
  defaultApiVersion: string;
  objects: AccountObjects;
  /** Endpoints from the account's spec, created at start and after each reset. */
  configuredWebhookEndpoints?: readonly WebhookEndpointSpec[];
}

export interface Credential {
  account: Account;
  /** A restricted key acts as a secret key within its permissions. */
  kind: KeyKind;
  /** Set for `rk_test_…` keys. */
  restricted?: { redactedKey: string; permissions: RestrictedPermissions };
}

/** A programming error in the emulator's options, raised at start, before any request. */
export class StripeEmulatorConfigError extends Error {
  readonly code = 'STRIPE_EMULATOR_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'StripeEmulatorConfigError';
  }
}

const RESOURCE_NAME = /^[a-z][a-z_]*$/;
const ACCESS_LEVELS: readonly string[] = ['read', 'write', 'none'];

/** A configured key must be a well-formed test key of its type (`sk_test_…` for a secret key). */
function checkConfiguredKey(accountId: string, key: string, type: KeyType): void {
  const parsed = parseApiKey(key);
  if (parsed?.type !== type || parsed.mode !== 'test' || !parsed.wellFormed) {
    throw new StripeEmulatorConfigError(`Account '${accountId}': ${type} key ${redactKey(key)} must be a ${keyPrefix(type, 'test')}… key`);
  }
}

/** The account used when the emulator is started without `accounts` (like stripe-mock). */
export const DEFAULT_ACCOUNT_ID = 'acct_1StandInDefault00';

export class AccountDirectory {
  private readonly byKey = new Map<string, Credential>();
  private readonly accounts: Account[] = [];
  private readonly anyTestKey: Account | undefined;

  constructor(specs: readonly StripeAccountSpec[] | undefined) {
    if (specs === undefined) {
      this.anyTestKey = { id: DEFAULT_ACCOUNT_ID, defaultApiVersion: NEWEST_API_VERSION, objects: new AccountObjects() };
      this.accounts.push(this.anyTestKey);
      return;
    }
    this.anyTestKey = undefined;
    for (const spec of specs) this.add(spec);
  }

  private add(spec: StripeAccountSpec): void {
    if (!/^acct_[A-Za-z0-9]+$/.test(spec.id)) throw new StripeEmulatorConfigError(`Account id '${spec.id}' must look like acct_…`);
    if (this.accounts.some((a) => a.id === spec.id)) throw new StripeEmulatorConfigError(`Account '${spec.id}' is listed twice`);
    const version = spec.defaultApiVersion ?? NEWEST_API_VERSION;
    if (!isKnownApiVersion(version)) {
      throw new StripeEmulatorConfigError(`Account '${spec.id}': unknown defaultApiVersion '${version}'`);
    }
    const account: Account = {
      id: spec.id,
      defaultApiVersion: version,
      objects: new AccountObjects(),
      configuredWebhookEndpoints: spec.webhookEndpoints ?? [],
    };
    this.accounts.push(account);
    for (const [keys, kind] of [[spec.secretKeys, 'secret'], [spec.publishableKeys, 'publishable']] as const) {
      for (const key of keys) {
        checkConfiguredKey(spec.id, key, kind);
        this.addKey(key, { account, kind });
      }
    }
    for (const { key, permissions } of spec.restrictedKeys ?? []) {
      checkConfiguredKey(spec.id, key, 'restricted');
      for (const [resource, access] of Object.entries(permissions)) {
        if (!RESOURCE_NAME.test(resource) || !ACCESS_LEVELS.includes(access)) {
          throw new StripeEmulatorConfigError(
            `Account '${spec.id}': restricted key ${redactKey(key)}: permission ${resource}=${String(access)} must name a resource (e.g. payment_intents) and be read, write or none`,
          );
        }
      }
      this.addKey(key, { account, kind: 'secret', restricted: { redactedKey: redactKey(key), permissions: { ...permissions } } });
    }
  }

  private addKey(key: string, credential: Credential): void {
    if (this.byKey.has(key)) throw new StripeEmulatorConfigError(`Key ${redactKey(key)} is given to more than one account`);
    this.byKey.set(key, credential);
  }

  /** Every account, for seeding and for the emulator's control surface. */
  all(): readonly Account[] {
    return this.accounts;
  }

  /** Key → account, or Stripe's 401. */
  authenticate(key: string | undefined): Credential {
    if (key === undefined || key === '') {
      throw authenticationFailure(
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      );
    }
    const parsed = parseApiKey(key);
    if (parsed !== undefined && !SERVED_MODES[parsed.mode]) {
      throw authenticationFailure(
        `This is a Stripe test-mode stand-in: live keys are refused (got ${redactKey(key)}). Use a test key (sk_test_…, pk_test_… or rk_test_…).`,
        'livemode_mismatch',
      );
    }
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    // Without configured accounts any sk_/pk_ test key is accepted; a restricted key needs its permissions configured.
    if (this.anyTestKey !== undefined && parsed?.mode === 'test' && parsed.wellFormed && parsed.type !== 'restricted') {
      return { account: this.anyTestKey, kind: parsed.type };
    }
    throw authenticationFailure(`Invalid API Key provided: ${redactKey(key)}`);
  }

  /**
   * Hosted pages carry no key: they find an intent by its (unguessable) id and client secret, in
   * whichever account holds it. `intents` picks the kind (`(objects) => objects.paymentIntents`).
   */
  findIntent<S extends HeldPaymentMethod>(
    intents: (objects: AccountObjects) => ReadonlyMap<string, S>,
    id: string,
  ): { account: Account; state: S } | undefined {
    for (const account of this.accounts) {
      const state = account.objects.currentIntent(intents(account.objects), id);
      if (state !== undefined) return { account, state };
    }
    return undefined;
  }

  reset(): void {
    for (const account of this.accounts) account.objects.clear();
  }
}
