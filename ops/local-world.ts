/**
 * The embedded default: both stand-ins and the ledger's DynamoDB (dynalite) started in-process on
 * loopback, with their state under the workspace so that `gate`, `deploy`, `rollback` and `history`
 * see the same world across commands.
 *
 * The sample environments name placeholder accounts, publishable keys and key sets that this world
 * knows. Their secret keys are not in git: they are generated once per workspace, for test and live
 * mode, and stored with mode 0600 next to the stand-ins' state. The stand-in never charges in live
 * mode (docs/STAND-INS.md, "Live mode"), so the generated live keys move no money either.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SecretsManagerEmulator } from '../emulators/secrets-manager';
import { isAlive } from '../emulators/shared';
import type { StripeAccountSpec, StripeEmulator } from '../emulators/stripe';
import type { KeyMode } from '../checks';
import type { KeySetMaterial } from '../runtime';
import { OpsError } from './errors';
import type { LocalDynamoDB } from './ledger-local';
import type { Workspace } from './workspace';

// The stand-ins and dynalite load only when this process serves them: a command attached to a
// running `emulate` (a rollback, as on-call runs it) needs none of their code.
const secretsManagerStandIn = () => require('../emulators/secrets-manager') as typeof import('../emulators/secrets-manager');
const stripeStandIn = () => require('../emulators/stripe') as typeof import('../emulators/stripe');
const ledgerStandIn = () => require('./ledger-local') as typeof import('./ledger-local');

/** Accounts of the embedded default, matching the placeholders in config/environments; publishable keys are public. */
export const EMBEDDED_ACCOUNTS: ReadonlyArray<{ id: string; publishableKey: string; livePublishableKey: string }> = [
  { id: 'acct_1LocalDevelopment', publishableKey: 'pk_test_51LocalDevelopmentPublishable', livePublishableKey: 'pk_live_51LocalDevelopmentPublishable' },
  { id: 'acct_1LocalStaging', publishableKey: 'pk_test_51LocalStagingPublishable', livePublishableKey: 'pk_live_51LocalStagingPublishable' },
  { id: 'acct_1LocalProduction', publishableKey: 'pk_test_51LocalProductionPublishable', livePublishableKey: 'pk_live_51LocalProductionPublishable' },
];

/**
 * The key sets of the embedded default, by name: which placeholder account's keys, in which mode,
 * each one holds. Key material is looked up by the key set's name (ops/targets.ts), as a real
 * secret store would hold it, so an environment pointed at another environment's key set gets
 * that environment's keys, and the key-set verification says whose they are.
 */
export const EMBEDDED_KEY_SETS: Readonly<Record<string, { account: string; mode: KeyMode }>> = {
  'development-2026-11': { account: 'acct_1LocalDevelopment', mode: 'test' },
  'staging-2026-11': { account: 'acct_1LocalStaging', mode: 'test' },
  'production-2026-11': { account: 'acct_1LocalProduction', mode: 'live' },
  'production-test-2026-11': { account: 'acct_1LocalProduction', mode: 'test' },
};

/** One mode's keys of a placeholder account. */
export interface LocalKeys {
  publishableKey: string;
  secretKey: string;
  webhookSigningSecret: string;
}

/** A placeholder account: its test-mode keys, and its live mode's. */
export interface LocalAccount extends LocalKeys {
  id: string;
  live: LocalKeys;
}

/** Where the local stand-ins listen. */
export interface LocalEndpoints {
  secretsManagerUrl: string;
  stripeUrl: string;
  /** dynalite, holding the ledger table (`openLocalLedger(dynamodbUrl)`). */
  dynamodbUrl: string;
}

export interface LocalWorld extends LocalEndpoints {
  accounts: LocalAccount[];
  /** True when this process attached to stand-ins that `stripe-config emulate` runs. */
  attached: boolean;
  close(): Promise<void>;
}

export interface LocalWorldOptions {
  /** Persist stand-in state under the workspace (default true); tests pass false for a clean world. */
  persist?: boolean;
  /**
   * Serve other commands of this workspace (what `stripe-config emulate` does): announce the URLs in
   * the lock instead of attaching to someone else's. Default false: attach to a running emulate.
   */
  share?: boolean;
  /** Fixed ports (default random). */
  awsPort?: number;
  stripePort?: number;
  dynamodbPort?: number;
}

/** The lock file's content: who owns the persisted world, and where it serves (once started). */
interface WorldLock extends Partial<LocalEndpoints> {
  pid: number;
}

export async function startLocalWorld(workspace: Workspace, options: LocalWorldOptions = {}): Promise<LocalWorld> {
  const persist = options.persist ?? true;
  const accounts = loadOrCreateAccounts(workspace.stripeAccounts);
  if (!persist) return serveWorld(accounts, options, {}, () => undefined);
  const share = options.share ?? false;
  const lock = lockWorld(workspace.worldLock, !share);
  if ('attachTo' in lock) {
    return { ...lock.attachTo, accounts, attached: true, close: async () => undefined };
  }
  const state = { secretsManager: workspace.secretsManagerState, ledger: workspace.ledgerState };
  return serveWorld(accounts, options, state, lock.release, share ? lock.announce : undefined);
}

async function serveWorld(
  accounts: LocalAccount[],
  options: LocalWorldOptions,
  state: { secretsManager?: string; ledger?: string },
  release: () => void,
  announce?: (endpoints: LocalEndpoints) => void,
): Promise<LocalWorld> {
  let secretsManager: SecretsManagerEmulator | undefined;
  let stripe: StripeEmulator | undefined;
  let dynamodb: LocalDynamoDB | undefined;
  try {
    secretsManager = await secretsManagerStandIn().startSecretsManagerEmulator({ stateFile: state.secretsManager, port: options.awsPort ?? 0 });
    stripe = await stripeStandIn().startStripeEmulator({ accounts: accounts.map(toSpec), port: options.stripePort ?? 0 });
    dynamodb = await ledgerStandIn().startLocalDynamoDB({ path: state.ledger, port: options.dynamodbPort ?? 0 });
    const endpoints = { secretsManagerUrl: secretsManager.url, stripeUrl: stripe.url, dynamodbUrl: dynamodb.url };
    announce?.(endpoints);
    const servers = [secretsManager, stripe, dynamodb];
    return {
      ...endpoints,
      accounts,
      attached: false,
      close: async () => {
        await Promise.allSettled(servers.map((server) => server.close()));
        release();
      },
    };
  } catch (error) {
    await Promise.allSettled([secretsManager?.close(), stripe?.close(), dynamodb?.close()]);
    release();
    throw error;
  }
}

/**
 * One process at a time runs the persisted local world: two stand-ins writing the same state file
 * would silently lose each other's writes. A running `emulate` announces its URLs in the lock so
 * other commands use its stand-ins; any other live owner makes us refuse; a dead owner's lock is
 * taken over.
 */
function lockWorld(
  file: string,
  attach: boolean,
): { attachTo: LocalEndpoints } | { release: () => void; announce: (endpoints: LocalEndpoints) => void } {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, JSON.stringify({ pid: process.pid } satisfies WorldLock), { flag: 'wx', mode: 0o600 });
      return {
        release: () => rmSync(file, { force: true }),
        announce: (endpoints) => writeFileSync(file, JSON.stringify({ pid: process.pid, ...endpoints } satisfies WorldLock), { mode: 0o600 }),
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readLock(file);
      if (owner && isAlive(owner.pid)) {
        if (attach && owner.secretsManagerUrl && owner.stripeUrl && owner.dynamodbUrl) {
          return { attachTo: { secretsManagerUrl: owner.secretsManagerUrl, stripeUrl: owner.stripeUrl, dynamodbUrl: owner.dynamodbUrl } };
        }
        throw new OpsError(
          'usage',
          `Another stripe-config process (pid ${owner.pid}) is using the local stand-ins in ${path.dirname(path.dirname(file))}`,
          'Wait for it to finish (or stop `stripe-config emulate`), then run this command again.',
        );
      }
      rmSync(file, { force: true }); // stale: its owner is gone
    }
  }
  throw new OpsError('usage', `Could not lock the local stand-ins (${file})`);
}

function readLock(file: string): WorldLock | undefined {
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8')) as WorldLock;
    return Number.isInteger(lock.pid) && lock.pid > 0 ? lock : undefined;
  } catch {
    return undefined; // half-written or foreign: treat as stale
  }
}

/** The material of an embedded key set, by name; undefined for a name the embedded default does not know. */
export function embeddedKeySet(accounts: readonly LocalAccount[], keySet: string): KeySetMaterial | undefined {
  const known = Object.prototype.hasOwnProperty.call(EMBEDDED_KEY_SETS, keySet) ? EMBEDDED_KEY_SETS[keySet] : undefined;
  const account = known && accounts.find((candidate) => candidate.id === known.account);
  if (!known || !account) return undefined;
  const keys = known.mode === 'live' ? account.live : account;
  return { secretKey: keys.secretKey, webhookSigningSecret: keys.webhookSigningSecret };
}

function toSpec(account: LocalAccount): StripeAccountSpec {
  return {
    id: account.id,
    publishableKeys: [account.publishableKey],
    secretKeys: [account.secretKey],
    live: { publishableKeys: [account.live.publishableKey], secretKeys: [account.live.secretKey] },
  };
}

/** The workspace's generated keys: kept once made; a workspace from before live mode gains live keys and keeps its test keys. */
function loadOrCreateAccounts(file: string): LocalAccount[] {
  const existing: Partial<LocalAccount>[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalAccount>[]) : [];
  const accounts = EMBEDDED_ACCOUNTS.map((embedded): LocalAccount => {
    const kept = existing.find((account) => account.id === embedded.id && account.publishableKey === embedded.publishableKey);
    return {
      id: embedded.id,
      ...(kept?.secretKey && kept.webhookSigningSecret
        ? { publishableKey: embedded.publishableKey, secretKey: kept.secretKey, webhookSigningSecret: kept.webhookSigningSecret }
        : generatedKeys(embedded.publishableKey, 'test')),
      live: kept?.live?.publishableKey === embedded.livePublishableKey ? kept.live : generatedKeys(embedded.livePublishableKey, 'live'),
    };
  });
  if (JSON.stringify(accounts) !== JSON.stringify(existing)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  }
  return accounts;
}

function generatedKeys(publishableKey: string, mode: KeyMode): LocalKeys {
  return { publishableKey, secretKey: `sk_${mode}_local${randomToken(24)}`, webhookSigningSecret: `whsec_local${randomToken(32)}` };
}

function randomToken(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
