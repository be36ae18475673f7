/**
 * Which Secrets Manager and which Stripe the commands talk to. The embedded default ('local')
 * starts both stand-ins in-process on loopback; 'real' uses the AWS SDK's credential chain and
 * api.stripe.com with test keys. Nothing else in ops/ knows the difference.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretNamesFor, type ValidatedEnvironment } from '../config';
import { loadKeySet, parseKeySetMaterial, StripeConfigError, type KeySetMaterial, type StripeEndpoint } from '../runtime';
import type { StackTarget } from '../stacks';
import { OpsError } from './errors';
import { createLedger, type Ledger } from './ledger';
import { LEDGER_TABLE, openLocalLedger } from './ledger-local';
import { EMBEDDED_ACCOUNTS, EMBEDDED_KEY_SETS, embeddedKeySet, startLocalWorld, type LocalWorld } from './local-world';
import { stacks } from './synth';
import { writeTerraformCliConfig, type TerraformContext } from './terraform';
import type { Workspace } from './workspace';

export type TargetKind = 'local' | 'real';

export interface TargetOptions {
  aws?: TargetKind;
  stripe?: TargetKind;
  /** Keep the local stand-ins' state in the workspace (default true). */
  persist?: boolean;
}

export interface Targets {
  readonly aws: TargetKind;
  readonly stripe: TargetKind;
  readonly stackTarget: StackTarget;
  /** Where stripe-node should send requests; undefined = api.stripe.com. */
  readonly stripeEndpoint?: StripeEndpoint;
  /** Origins the customer's browser may load (the challenge page's host). */
  readonly browserOrigins: string[];
  secretsManager(region: string): SecretsManagerClient;
  /** The ledger (audit trail, lock, hold, gate attestations) next to the environment's secrets in `region`. */
  ledger(region: string): Ledger;
  /** Key material of a key set, by name: $STRIPE_CONFIG_KEY_SET_<NAME>, the embedded key sets, or the key set already stored. */
  keyMaterial(environment: ValidatedEnvironment, keySet: string): Promise<KeySetMaterial>;
  /** A Terraform context for a stack folder, with every key set's material in TF_VAR_ variables. */
  terraformContext(environment: ValidatedEnvironment, directory: string): Promise<TerraformContext>;
  close(): Promise<void>;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'AKIDSTRIPECONFIGLOCAL', secretAccessKey: 'stripe-config-local' };

/**
 * The client for a local stand-in: dummy credentials and two attempts, so one lost response or
 * transient fault is retried but a dead stand-in fails fast. The rollback retry tests use it too.
 */
export function localSecretsManagerClient(endpoint: string, region: string): SecretsManagerClient {
  return new SecretsManagerClient({ region, endpoint, credentials: LOCAL_CREDENTIALS, maxAttempts: 2 });
}

export function keySetEnvironmentVariable(keySet: string): string {
  return `STRIPE_CONFIG_KEY_SET_${keySet.toUpperCase().replace(/-/g, '_')}`;
}

export async function openTargets(workspace: Workspace, options: TargetOptions = {}): Promise<Targets> {
  const aws = targetKind(options.aws, 'STRIPE_CONFIG_AWS');
  const stripe = targetKind(options.stripe, 'STRIPE_CONFIG_STRIPE');
  const world: LocalWorld | undefined =
    aws === 'local' || stripe === 'local' ? await startLocalWorld(workspace, { persist: options.persist ?? true }) : undefined;
  const cliConfigFile = writeTerraformCliConfig(workspace.terraformCliConfig);
  const clients = new Map<string, SecretsManagerClient>();
  const ledgers = new Map<string, { ledger: Ledger; close(): void }>();

  const secretsManager = (region: string): SecretsManagerClient => {
    let client = clients.get(region);
    if (!client) {
      client =
        aws === 'local' ? localSecretsManagerClient(world!.secretsManagerUrl, region) : new SecretsManagerClient({ region });
      clients.set(region, client);
    }
    return client;
  };

  const ledger = (region: string): Ledger => {
    let opened = ledgers.get(region);
    if (!opened) {
      if (aws === 'local') {
        const local = openLocalLedger(world!.dynamodbUrl);
        opened = { ledger: local, close: () => local.close() };
      } else {
        const client = new DynamoDBClient({ region });
        opened = { ledger: createLedger({ client, tableName: LEDGER_TABLE }), close: () => client.destroy() };
      }
      ledgers.set(region, opened);
    }
    return opened.ledger;
  };

  /**
   * By the key set's NAME, as a secret store holds it: the variable, then (on the embedded default,
   * for environments on its placeholder accounts) the embedded key sets, then the key set already
   * stored. Never by the environment's account: a config pointed at another environment's key set
   * must get that key set's keys, so that its verification can say whose they are.
   */
  const keyMaterial = async (environment: ValidatedEnvironment, keySet: string): Promise<KeySetMaterial> => {
    const variable = keySetEnvironmentVariable(keySet);
    const fromEnv = process.env[variable];
    if (fromEnv) return parseKeySetMaterial(fromEnv, `$${variable}`);
    const embedded = stripe === 'local' && onPlaceholderAccount(environment) ? embeddedKeySet(world!.accounts, keySet) : undefined;
    if (embedded) return embedded;
    const secretId = secretNamesFor(environment.environment, environment.config).keySet(keySet);
    try {
      return await loadKeySet(secretsManager(environment.config.infrastructure.region), secretId);
    } catch (error) {
      const where = stripe === 'local' ? ` The embedded default's keys (placeholder accounts only, key sets ${Object.keys(EMBEDDED_KEY_SETS).join(', ')}) are in ${workspace.stripeAccounts}.` : '';
      throw new StripeConfigError(
        'key_material_missing',
        `No key material for key set "${keySet}" of ${environment.environment}: not in $${variable}, and ${secretId} could not be read`,
        `Set ${variable}='{"secretKey":"sk_test_…","webhookSigningSecret":"whsec_…"}' (from your CI secret store) for a new key set.${where}`,
        { cause: error },
      );
    }
  };

  return {
    aws,
    stripe,
    stackTarget: stackTargetFor(aws),
    stripeEndpoint: stripe === 'local' ? endpointOf(world!.stripeUrl) : undefined,
    browserOrigins: stripe === 'local' ? [world!.stripeUrl] : ['https://hooks.stripe.com', 'https://js.stripe.com', 'https://b.stripecdn.com'],
    secretsManager,
    ledger,
    keyMaterial,
    async terraformContext(environment, directory) {
      const { keySetVariableName, LOCAL_ENDPOINT_VARIABLE } = stacks();
      const materials = await Promise.all(
        environment.config.infrastructure.keySets.map(async (keySet) => [keySet, await keyMaterial(environment, keySet)] as const),
      );
      const variables: Record<string, string> = Object.fromEntries(
        materials.map(([keySet, material]) => [keySetVariableName(keySet), JSON.stringify(material)]),
      );
      const env: Record<string, string> = {};
      if (aws === 'local') {
        variables[LOCAL_ENDPOINT_VARIABLE] = world!.secretsManagerUrl;
        // Dummy credentials, and no profile or real credentials leaking in from the caller's shell.
        Object.assign(env, {
          AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
          AWS_SESSION_TOKEN: '',
          AWS_PROFILE: '',
          AWS_EC2_METADATA_DISABLED: 'true',
        });
      }
      const secrets = materials.flatMap(([, material]) => [material.secretKey, material.webhookSigningSecret ?? '']).filter(Boolean);
      return { directory, variables, env, secrets, cliConfigFile };
    },
    async close() {
      for (const client of clients.values()) client.destroy();
      for (const opened of ledgers.values()) opened.close();
      await world?.close();
    },
  };
}

/** The embedded key sets belong to the placeholder accounts; an environment on a real account never gets them. */
function onPlaceholderAccount(environment: ValidatedEnvironment): boolean {
  return EMBEDDED_ACCOUNTS.some((account) => account.id === environment.config.stripe.accountId);
}

/** Where the stacks apply, for a choice of Secrets Manager: the one place that decides it. */
export function stackTargetFor(aws: TargetKind): StackTarget {
  return aws === 'local' ? 'local' : 'aws';
}

/** The explicit choice, else the environment variable, else the embedded default ('local'). */
export function targetKind(explicit: TargetKind | undefined, variable: 'STRIPE_CONFIG_AWS' | 'STRIPE_CONFIG_STRIPE'): TargetKind {
  const value = explicit ?? process.env[variable] ?? 'local';
  if (value !== 'local' && value !== 'real') {
    throw new OpsError('usage', `${variable} must be "local" or "real" (got "${value}")`);
  }
  return value;
}

function endpointOf(url: string): StripeEndpoint {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), protocol: 'http' };
}
