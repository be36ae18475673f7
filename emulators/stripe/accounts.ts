/**
 * API keys → accounts, and each account's objects. Objects live inside their account, so one
 * account's keys cannot reach another's: they get the same `No such payment_method` as for an id
 * that never existed. Key material is only ever compared, never logged or echoed beyond its last 4.
 */
import { isKnownApiVersion, NEWEST_API_VERSION } from './api-versions';
import { authenticationFailure } from './errors';
import type { StripeEvent } from './events';
import type { Charge, PaymentIntentState, Transition } from './payment-intents';
import type { PaymentMethodRecord } from './payment-methods';
import type { Customer } from './customers';
import type { SetupIntentState, SetupTransition } from './setup-intents';
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

export type KeyKind = 'secret' | 'publishable';

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
  paymentIntent(id: string): PaymentIntentState | undefined {
    return this.withCurrentPaymentMethod(this.paymentIntents.get(id));
  }

  /** Like `paymentIntent`, for SetupIntents. */
  setupIntent(id: string): SetupIntentState | undefined {
    return this.withCurrentPaymentMethod(this.setupIntents.get(id));
  }

  /**
   * Keeps what a PaymentIntent transition produced (API confirm or hosted page alike): the intent,
   * its new charge, and its PaymentMethod as the attempt left it (spent, set up, attached).
   */
  storePaymentIntentTransition(transition: Transition): void {
    this.paymentIntents.set(transition.state.intent.id, transition.state);
    if (transition.charge !== undefined) this.charges.set(transition.charge.id, transition.charge);
    const used = transition.paymentMethodAfter;
    if (used !== undefined) this.paymentMethods.set(used.paymentMethod.id, used);
  }

  /** Like `storePaymentIntentTransition`, for SetupIntents: the intent and the PaymentMethod a success attached. */
  storeSetupIntentTransition(transition: SetupTransition): void {
    this.setupIntents.set(transition.state.intent.id, transition.state);
    const attached = transition.attachedPaymentMethod;
    if (attached !== undefined) this.paymentMethods.set(attached.paymentMethod.id, attached);
  }

  private withCurrentPaymentMethod<S extends { paymentMethod: PaymentMethodRecord | null }>(state: S | undefined): S | undefined {
    const held = state?.paymentMethod;
    if (state === undefined || held === null || held === undefined) return state;
    const stored = this.paymentMethods.get(held.paymentMethod.id);
    return stored === undefined || stored === held ? state : { ...state, paymentMethod: stored };
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

const TEST_KEY = /^(sk|pk|rk)_test_[A-Za-z0-9_]+$/;
const RESOURCE_NAME = /^[a-z][a-z_]*$/;
const ACCESS_LEVELS: readonly string[] = ['read', 'write', 'none'];
const LIVE_KEY = /^(sk|pk|rk)_live_/;

/** `sk_test_************wxyz`: Stripe's own redaction, keeping only the last 4. */
export function redactKey(key: string): string {
  const prefix = /^[a-z]{2}_(test|live)_/.exec(key)?.[0] ?? '';
  const tail = key.length - prefix.length > 8 ? key.slice(-4) : '';
  return `${prefix}${'*'.repeat(12)}${tail}`;
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
    const keys: [string, KeyKind, string][] = [
      ...spec.secretKeys.map((k): [string, KeyKind, string] => [k, 'secret', 'sk_test_']),
      ...spec.publishableKeys.map((k): [string, KeyKind, string] => [k, 'publishable', 'pk_test_']),
    ];
    for (const [key, kind, prefix] of keys) {
      if (!key.startsWith(prefix) || !TEST_KEY.test(key)) {
        throw new StripeEmulatorConfigError(`Account '${spec.id}': ${kind} key ${redactKey(key)} must be a ${prefix}… key`);
      }
      if (this.byKey.has(key)) throw new StripeEmulatorConfigError(`Key ${redactKey(key)} is given to more than one account`);
      this.byKey.set(key, { account, kind });
    }
    for (const { key, permissions } of spec.restrictedKeys ?? []) {
      if (!key.startsWith('rk_test_') || !TEST_KEY.test(key)) {
        throw new StripeEmulatorConfigError(`Account '${spec.id}': restricted key ${redactKey(key)} must be a rk_test_… key`);
      }
      for (const [resource, access] of Object.entries(permissions)) {
        if (!RESOURCE_NAME.test(resource) || !ACCESS_LEVELS.includes(access)) {
          throw new StripeEmulatorConfigError(
            `Account '${spec.id}': restricted key ${redactKey(key)}: permission ${resource}=${String(access)} must name a resource (e.g. payment_intents) and be read, write or none`,
          );
        }
      }
      if (this.byKey.has(key)) throw new StripeEmulatorConfigError(`Key ${redactKey(key)} is given to more than one account`);
      this.byKey.set(key, { account, kind: 'secret', restricted: { redactedKey: redactKey(key), permissions: { ...permissions } } });
    }
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
    if (LIVE_KEY.test(key)) {
      throw authenticationFailure(
        `This is a Stripe test-mode stand-in: live keys are refused (got ${redactKey(key)}). Use a test key (sk_test_…, pk_test_… or rk_test_…).`,
        'livemode_mismatch',
      );
    }
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    // Without configured accounts any sk_/pk_ test key is accepted; a restricted key needs its permissions configured.
    if (this.anyTestKey !== undefined && TEST_KEY.test(key) && !key.startsWith('rk_')) {
      return { account: this.anyTestKey, kind: key.startsWith('sk_') ? 'secret' : 'publishable' };
    }
    throw authenticationFailure(`Invalid API Key provided: ${redactKey(key)}`);
  }

  /** Hosted pages carry no key: they find the intent by its (unguessable) id and client secret. */
  findPaymentIntent(id: string): { account: Account; state: PaymentIntentState } | undefined {
    for (const account of this.accounts) {
      const state = account.objects.paymentIntent(id);
      if (state !== undefined) return { account, state };
    }
    return undefined;
  }

  /** Like `findPaymentIntent`, for the hosted pages of SetupIntents. */
  findSetupIntent(id: string): { account: Account; state: SetupIntentState } | undefined {
    for (const account of this.accounts) {
      const state = account.objects.setupIntent(id);
      if (state !== undefined) return { account, state };
    }
    return undefined;
  }

  reset(): void {
    for (const account of this.accounts) account.objects.clear();
  }
}
