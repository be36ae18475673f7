/**
 * Which key sets the gate verifies, and as what. A key set is written once (stacks/constructs/key-set.ts),
 * so the moment to verify it is before that write: every key set in `infrastructure.keySets` that is
 * not stored yet, not only the one in use, since a live key placed in a spare key set would otherwise
 * be written unchecked. A key set already stored is not written again: its value never changes.
 */
import { DescribeSecretCommand, ResourceNotFoundException, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { verifyKeySet, type KeyMode, type KeySetCheck } from '../checks';
import { secretNamesFor, type EnvironmentConfig, type ValidatedEnvironment } from '../config';
import type { Targets } from './targets';

export async function verifyKeySetsToWrite(environment: ValidatedEnvironment, targets: Targets): Promise<KeySetCheck[]> {
  const { config } = environment;
  const names = secretNamesFor(environment.environment, config);
  const client = targets.secretsManager(config.infrastructure.region);
  const toWrite = [];
  for (const keySet of config.infrastructure.keySets) {
    if (!(await isStored(client, names.keySet(keySet)))) toWrite.push(keySet);
  }
  // A handful of key sets, each a few read-only requests: verified together.
  return Promise.all(
    toWrite.map(async (keySet) =>
      verifyKeySet({
        keySet,
        accountId: config.stripe.accountId,
        mode: keySetMode(config, keySet),
        material: await targets.keyMaterial(environment, keySet),
        publishableKey: publishableKeyOf(config, keySet),
        apiVersion: config.stripe.apiVersion,
        endpoint: targets.stripeEndpoint,
      }),
    ),
  );
}

/** The mode the config uses a key set in: the checks' test key set (testMode.keySet) is test mode; every other is the environment's mode. */
export function keySetMode(config: EnvironmentConfig, keySet: string): KeyMode {
  return keySet === config.testMode?.keySet ? 'test' : config.stripe.mode;
}

/** The publishable key that goes with a key set in use; undefined for a spare key set (kept for a rollback, or not yet in use). */
function publishableKeyOf(config: EnvironmentConfig, keySet: string): string | undefined {
  if (keySet === config.stripe.keySet) return config.stripe.publishableKey;
  return keySet === config.testMode?.keySet ? config.testMode.publishableKey : undefined;
}

/** The key set's secret has a current value: AWSCURRENT on some version, and not scheduled for deletion. */
async function isStored(client: SecretsManagerClient, secretId: string): Promise<boolean> {
  try {
    const secret = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
    return !secret.DeletedDate && Object.values(secret.VersionIdsToStages ?? {}).some((stages) => stages.includes('AWSCURRENT'));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}
