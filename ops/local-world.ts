/**
 * The embedded default: both stand-ins and the ledger's DynamoDB (dynalite) started in-process on
 * loopback, with their state under the workspace so that `gate`, `deploy`, `rollback` and `history`
 * see the same world across commands.
 *
 * The sample environments name placeholder accounts and publishable keys that this world knows.
 * Their secret keys are not in git: they are generated once per workspace, test-mode only, and
 * stored with mode 0600 next to the stand-ins' state.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSecretsManagerEmulator, type SecretsManagerEmulator } from '../emulators/secrets-manager';
import { isAlive } from '../emulators/shared';
import { startStripeEmulator, type StripeAccountSpec, type StripeEmulator } from '../emulators/stripe';
import { OpsError } from './errors';
import { startLocalDynamoDB, type LocalDynamoDB } from './ledger-local';
import type { Workspace } from './workspace';

/** Accounts of the embedded default, matching the placeholders in config/environments. */
export const EMBEDDED_ACCOUNTS: ReadonlyArray<{ id: string; publishableKey: string }> = [
  { id: 'acct_1LocalDevelopment', publishableKey: 'pk_test_51LocalDevelopmentPublishable' },
  { id: 'acct_1LocalStaging', publishableKey: 'pk_test_51LocalStagingPublishable' },
  { id: 'acct_1LocalProduction', publishableKey: 'pk_test_51LocalProductionPublishable' },
];

export interface LocalAccount {
  id: string;
  publishableKey: string;
  secretKey: string;
  webhookSigningSecret: string;
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
    secretsManager = await startSecretsManagerEmulator({ stateFile: state.secretsManager, port: options.awsPort ?? 0 });
    stripe = await startStripeEmulator({ accounts: accounts.map(toSpec), port: options.stripePort ?? 0 });
    dynamodb = await startLocalDynamoDB({ path: state.ledger, port: options.dynamodbPort ?? 0 });
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

function toSpec(account: LocalAccount): StripeAccountSpec {
  return { id: account.id, publishableKeys: [account.publishableKey], secretKeys: [account.secretKey] };
}

function loadOrCreateAccounts(file: string): LocalAccount[] {
  const existing: LocalAccount[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocalAccount[]) : [];
  const accounts = EMBEDDED_ACCOUNTS.map(
    (embedded) =>
      existing.find((account) => account.id === embedded.id && account.publishableKey === embedded.publishableKey) ?? {
        ...embedded,
        secretKey: `sk_test_local${randomToken(24)}`,
        webhookSigningSecret: `whsec_local${randomToken(32)}`,
      },
  );
  if (JSON.stringify(accounts) !== JSON.stringify(existing)) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  }
  return accounts;
}

function randomToken(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}
