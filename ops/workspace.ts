/**
 * Where stripe-config keeps its local files. Everything lives under one git-ignored folder
 * (`.stripe-config/`, or $STRIPE_CONFIG_HOME) so that separate commands see the same world.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..');

export interface Workspace {
  root: string;
  /** Synthesized stacks (`cdktf.out/stacks/<env>`), as `cdktf synth` would write them. */
  synthDir: string;
  /** Terraform CLI config pointing at a provider mirror, when one exists. */
  terraformCliConfig: string;
  /** Local Terraform state per target. */
  stateDir(target: 'local' | 'aws'): string;
  /** Persistent state of the embedded Secrets Manager stand-in. */
  secretsManagerState: string;
  /** dynalite's LevelDB folder: the embedded ledger (audit trail, locks, holds, attestations). */
  ledgerState: string;
  /** Local Stripe accounts of the embedded default (generated test keys, mode 0600). */
  stripeAccounts: string;
  /** Held (pid inside) by the one process running the persisted stand-ins. */
  worldLock: string;
  /** Checkout services' declared runtimes, installed once each (ops/checkout-runtimes.ts). */
  runtimes: string;
}

export function openWorkspace(root = process.env.STRIPE_CONFIG_HOME ?? path.join(PROJECT_ROOT, '.stripe-config')): Workspace {
  const absolute = path.resolve(root);
  mkdirSync(absolute, { recursive: true, mode: 0o700 });
  return {
    root: absolute,
    synthDir: path.join(absolute, 'cdktf.out'),
    terraformCliConfig: path.join(absolute, 'terraform.rc'),
    stateDir: (target) => path.join(absolute, target, 'terraform'),
    secretsManagerState: path.join(absolute, 'local', 'secrets-manager.json'),
    ledgerState: path.join(absolute, 'local', 'dynamodb'),
    stripeAccounts: path.join(absolute, 'local', 'stripe-accounts.json'),
    worldLock: path.join(absolute, 'local', 'world.lock'),
    runtimes: path.join(absolute, 'runtimes'),
  };
}
