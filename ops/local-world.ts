/**
 * The embedded default: both stand-ins started in-process on loopback, with their state under the
 * workspace so that `gate`, `deploy`, `rollback` and `history` see the same world across commands.
 *
 * The sample environments name placeholder accounts and publishable keys that this world knows.
 * Their secret keys are not in git: they are generated once per workspace, test-mode only, and
 * stored with mode 0600 next to the stand-ins' state.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSecretsManagerEmulator, type SecretsManagerEmulator } from '../emulators/secrets-manager';
import { startStripeEmulator, type StripeAccountSpec, type StripeEmulator } from '../emulators/stripe';
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

export interface LocalWorld {
  secretsManager: SecretsManagerEmulator;
  stripe: StripeEmulator;
  accounts: LocalAccount[];
  close(): Promise<void>;
}

export interface LocalWorldOptions {
  /** Persist stand-in state under the workspace (default true); tests pass false for a clean world. */
  persist?: boolean;
  /** Fixed ports (default random). */
  awsPort?: number;
  stripePort?: number;
}

export async function startLocalWorld(workspace: Workspace, options: LocalWorldOptions = {}): Promise<LocalWorld> {
  const persist = options.persist ?? true;
  const accounts = loadOrCreateAccounts(workspace.stripeAccounts);
  const secretsManager = await startSecretsManagerEmulator({
    stateFile: persist ? workspace.secretsManagerState : undefined,
    port: options.awsPort ?? 0,
  });
  let stripe: StripeEmulator;
  try {
    stripe = await startStripeEmulator({ accounts: accounts.map(toSpec), port: options.stripePort ?? 0 });
  } catch (error) {
    await secretsManager.close();
    throw error;
  }
  return {
    secretsManager,
    stripe,
    accounts,
    close: async () => {
      await Promise.allSettled([secretsManager.close(), stripe.close()]);
    },
  };
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
