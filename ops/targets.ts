/**
 * Which Secrets Manager and which Stripe the commands talk to: what the environment declares
 * (`target`, docs/CONFIG.md). The embedded stand-ins ('local') start in-process on loopback; an
 * AWS target ('real') uses the AWS SDK's credential chain, checked against the declared account
 * before anything else (ops/aws-account.ts), and api.stripe.com. `--local` is the one explicit way
 * to run a real environment's config on the stand-ins. Nothing else in ops/ knows the difference.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { isAwsTarget, secretNamesFor, type EnvironmentTarget, type ValidatedEnvironment } from '../config';
import type { KeySetMaterial, StripeEndpoint } from '../runtime';
import { StripeConfigError } from '../runtime/contract';
import type { StackTarget } from '../stacks';
import { verifyAwsAccount, type AwsPlace, type CallerIdentity } from './aws-account';
import { createLedger, type Ledger } from './ledger';
import { LEDGER_TABLE, openLocalLedger } from './ledger-local';
import { EMBEDDED_ACCOUNTS, EMBEDDED_KEY_SETS, embeddedKeySet, startLocalWorld, type LocalWorld } from './local-world';
import { stacks } from './synth';
import { writeTerraformCliConfig, type TerraformContext } from './terraform';
import type { Workspace } from './workspace';

export type TargetKind = 'local' | 'real';

/**
 * What to open: the embedded stand-ins (`{ local: true }`: tests, benchmarks, environments that
 * declare 'embedded', and `--local`), or the AWS account an environment declares, with api.stripe.com.
 */
export type TargetRequest =
  | {
      local: true;
      /** Keep the local stand-ins' state in the workspace (default true). */
      persist?: boolean;
    }
  | { aws: AwsPlace };

export interface Targets {
  /** Secrets Manager and the ledger: the stand-ins, or real AWS. */
  readonly aws: TargetKind;
  /** Stripe: the stand-in, or api.stripe.com. Always the same kind as `aws`: an environment lives in one place. */
  readonly stripe: TargetKind;
  /** Who the AWS credentials are (checked against the declared account); undefined on the stand-ins. */
  readonly caller?: CallerIdentity;
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
  /** A Terraform context for a stack folder: endpoint and credentials, never key material. */
  terraformContext(environment: ValidatedEnvironment, directory: string): Promise<TerraformContext>;
  close(): Promise<void>;
}

// Key sets are read for checks only, after a rollback's move: runtime/index.ts brings the Stripe SDK.
const keySets = () => require('../runtime') as typeof import('../runtime');

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

/**
 * What an environment's command opens: its declared target, or the stand-ins with `local` (--local).
 * The one place that turns a declaration into a request, so no command can pick another world.
 */
export function targetRequestFor(location: { environment: string; target: EnvironmentTarget; region: string }, local = false): TargetRequest {
  if (local || !isAwsTarget(location.target)) return { local: true };
  return { aws: { environment: location.environment, accountId: location.target.aws.accountId, region: location.region } };
}

/** Same request, same world: commands over several environments open each world once. */
export function sameTargetRequest(a: TargetRequest, b: TargetRequest): boolean {
  if ('local' in a || 'local' in b) return 'local' in a && 'local' in b;
  return a.aws.accountId === b.aws.accountId;
}

export async function openTargets(workspace: Workspace, request: TargetRequest): Promise<Targets> {
  const kind: TargetKind = 'local' in request ? 'local' : 'real';
  const aws = kind;
  const stripe = kind;
  // Credentials first: a command on an AWS target does nothing before they name its account.
  const caller = 'aws' in request ? await verifyAwsAccount(request.aws) : undefined;
  const world: LocalWorld | undefined = 'local' in request ? await startLocalWorld(workspace, { persist: request.persist ?? true }) : undefined;
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
    if (fromEnv) return keySets().parseKeySetMaterial(fromEnv, `$${variable}`);
    const embedded = stripe === 'local' && onPlaceholderAccount(environment) ? embeddedKeySet(world!.accounts, keySet) : undefined;
    if (embedded) return embedded;
    const secretId = secretNamesFor(environment.environment, environment.config).keySet(keySet);
    try {
      return await keySets().loadKeySet(secretsManager(environment.config.infrastructure.region), secretId);
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
    ...(caller ? { caller } : {}),
    stackTarget: stackTargetFor(request),
    stripeEndpoint: stripe === 'local' ? endpointOf(world!.stripeUrl) : undefined,
    browserOrigins: stripe === 'local' ? [world!.stripeUrl] : ['https://hooks.stripe.com', 'https://js.stripe.com', 'https://b.stripecdn.com'],
    secretsManager,
    ledger,
    keyMaterial,
    async terraformContext(_environment, directory) {
      const { LOCAL_ENDPOINT_VARIABLE } = stacks();
      // No key material: the stacks hold none (ops/key-set-material.ts writes it through the SDK).
      const variables: Record<string, string> = {};
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
          ...localEndpointEnvironment(world!.secretsManagerUrl),
        });
      }
      return { directory, variables, env, secrets: [], cliConfigFile };
    },
    async close() {
      for (const client of clients.values()) client.destroy();
      for (const opened of ledgers.values()) opened.close();
      await world?.close();
    },
  };
}

/**
 * Points the Terraform AWS provider at the stand-in through its environment. The provider reads
 * endpoints from `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL` for every other service, unless
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or a shared config file's `ignore_configure_endpoint_urls`
 * says to ignore them (terraform-provider-aws, "Custom Service Endpoint Configuration"). So both are
 * set to the stand-in, the ignore switch is off, and no shared config or credentials file of the
 * caller's is read: whatever the shell holds, no request of a local stack leaves loopback.
 */
export function localEndpointEnvironment(secretsManagerUrl: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManagerUrl,
    AWS_ENDPOINT_URL: secretsManagerUrl,
    AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  };
}

/** The embedded key sets belong to the placeholder accounts; an environment on a real account never gets them. */
function onPlaceholderAccount(environment: ValidatedEnvironment): boolean {
  return EMBEDDED_ACCOUNTS.some((account) => account.id === environment.config.stripe.accountId);
}

/** Where the stacks apply, for a target request: the one place that decides it. */
export function stackTargetFor(request: TargetRequest): StackTarget {
  return 'local' in request ? 'local' : 'aws';
}

function endpointOf(url: string): StripeEndpoint {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port), protocol: 'http' };
}
