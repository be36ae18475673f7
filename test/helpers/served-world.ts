import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CreateSecretCommand, PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startSecretsManagerEmulator, type SecretsManagerEmulator } from '../../emulators/secrets-manager';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe';
import { localSecretsManagerClient, openLocalLedger, openWorkspace, startLocalDynamoDB, type LocalLedger, type Workspace } from '../../ops';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'stripe-config.js');

/**
 * What `stripe-config emulate` does, served by the test process itself so that the test keeps the
 * stand-ins' fault controls: the stand-ins and dynalite on loopback, announced in the workspace's
 * world lock, so every CLI spawned with STRIPE_CONFIG_HOME=home attaches to them.
 */
export interface ServedWorld {
  home: string;
  workspace: Workspace;
  secretsManager: SecretsManagerEmulator;
  stripe: StripeEmulator;
  /** The ledger the CLI writes to. */
  ledger: LocalLedger;
  client(region: string): SecretsManagerClient;
  /** Stores documents as successive deploys leave them; returns their version ids. */
  seed(secretId: string, region: string, documents: string[]): Promise<string[]>;
  close(): Promise<void>;
}

export async function serveWorld(): Promise<ServedWorld> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-served-'));
  const workspace = openWorkspace(home);
  const secretsManager = await startSecretsManagerEmulator();
  const stripe = await startStripeEmulator({ accounts: [] });
  const dynamodb = await startLocalDynamoDB();
  mkdirSync(path.dirname(workspace.worldLock), { recursive: true });
  writeFileSync(
    workspace.worldLock,
    JSON.stringify({ pid: process.pid, secretsManagerUrl: secretsManager.url, stripeUrl: stripe.url, dynamodbUrl: dynamodb.url }),
  );
  const ledger = openLocalLedger(dynamodb.url);
  const clients: SecretsManagerClient[] = [];
  const client = (region: string) => {
    const made = localSecretsManagerClient(secretsManager.url, region);
    clients.push(made);
    return made;
  };
  let versions = 0;
  return {
    home,
    workspace,
    secretsManager,
    stripe,
    ledger,
    client,
    async seed(secretId, region, documents) {
      const sm = client(region);
      const ids: string[] = [];
      for (const json of documents) {
        versions += 1;
        const token = `terraform-${String(versions).padStart(26, '0')}`;
        if (versions === 1) await sm.send(new CreateSecretCommand({ Name: secretId, SecretString: json, ClientRequestToken: token }));
        else await sm.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: json, ClientRequestToken: token }));
        ids.push(token);
      }
      return ids;
    },
    async close() {
      for (const made of clients) made.destroy();
      ledger.close();
      await Promise.allSettled([secretsManager.close(), stripe.close(), dynamodb.close()]);
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface SpawnedCli {
  child: ChildProcess;
  /** Resolves when the process has ended (also after a kill). */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts the CLI as a user would, without waiting for it: the test may kill it mid-way. */
export function spawnCli(args: string[], env: Record<string, string>): SpawnedCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Polls until `condition` holds (bounded: 30 s). */
export async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
