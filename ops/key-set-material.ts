/**
 * Writes key-set material into its secret through the SDK, never through Terraform (the stack owns
 * only the secret: stacks/constructs/key-set.ts says why). A key set is written once: a secret that
 * already has an AWSCURRENT value is left alone, whatever material is offered, so the write needs
 * PutSecretValue and DescribeSecret and never GetSecretValue, and the deploy role that runs it cannot
 * read live key material back.
 */
import { createHash } from 'node:crypto';
import { DescribeSecretCommand, PutSecretValueCommand, ResourceNotFoundException, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretNamesFor, type ValidatedEnvironment } from '../config';
import type { KeySetMaterial } from '../runtime';
import { OpsError } from './errors';

/** Fixed prefix, so a fingerprint of key material is never a plain sha256 of it that another system might also publish. */
const FINGERPRINT_PREFIX = 'stripe-config key-set fingerprint v1\n';

/** sha256 (hex) of the material with a fixed prefix: names the material without revealing it. */
export function keySetFingerprint(material: KeySetMaterial): string {
  const canonical = JSON.stringify({ secretKey: material.secretKey, webhookSigningSecret: material.webhookSigningSecret ?? null });
  return createHash('sha256').update(FINGERPRINT_PREFIX).update(canonical).digest('hex');
}

/**
 * The ClientRequestToken (32-64 characters, it becomes the VersionId): derived from the fingerprint,
 * so a re-run with the same material is the same request and AWS answers it without a new version
 * (Secrets Manager API Reference, PutSecretValue, ClientRequestToken), while different material under the same token is refused.
 */
export function keySetVersionToken(material: KeySetMaterial): string {
  return `key-set-${keySetFingerprint(material).slice(0, 48)}`;
}

/** A key set whose secret has no value yet, with the material to write once the stack has created the secret. */
export interface PendingKeySet {
  keySet: string;
  secretId: string;
  material: KeySetMaterial;
}

export interface KeySetWrite {
  keySet: string;
  secretId: string;
  /** written: this run stored it; stored: it had a value already and was left alone. */
  outcome: 'written' | 'stored';
  versionId: string;
}

/**
 * Before apply: the listed key sets that have no value yet, with their material. Looking the material
 * up first means a missing key set stops the deploy before anything changes, instead of after the
 * config version that names it went live.
 */
export async function keySetsToWrite(
  environment: ValidatedEnvironment,
  client: SecretsManagerClient,
  materialOf: (keySet: string) => Promise<KeySetMaterial>,
): Promise<PendingKeySet[]> {
  const names = secretNamesFor(environment.environment, environment.config);
  const pending: PendingKeySet[] = [];
  for (const keySet of environment.config.infrastructure.keySets) {
    const secretId = names.keySet(keySet);
    if (!(await currentVersionOf(client, secretId))) pending.push({ keySet, secretId, material: await materialOf(keySet) });
  }
  return pending;
}

/** After apply: writes each pending key set, one by one (a failure stops before the next write). */
export async function writeKeySets(client: SecretsManagerClient, pending: PendingKeySet[]): Promise<KeySetWrite[]> {
  const writes: KeySetWrite[] = [];
  for (const keySet of pending) writes.push(await writeKeySetMaterial(client, keySet));
  return writes;
}

/** Writes one key set's material unless its secret already has a current value (written meanwhile, or by an earlier run). */
export async function writeKeySetMaterial(client: SecretsManagerClient, { keySet, secretId, material }: PendingKeySet): Promise<KeySetWrite> {
  const current = await currentVersionOf(client, secretId);
  if (current) return { keySet, secretId, outcome: 'stored', versionId: current };
  const token = keySetVersionToken(material);
  try {
    const put = await client.send(new PutSecretValueCommand({ SecretId: secretId, ClientRequestToken: token, SecretString: JSON.stringify(material) }));
    return { keySet, secretId, outcome: 'written', versionId: put.VersionId ?? token };
  } catch (error) {
    // The SDK's message names the secret and the request, never the value we sent.
    throw new OpsError(
      'key_set_write_failed',
      `PutSecretValue for key set "${keySet}" (${secretId}) failed: ${(error as Error).name}: ${(error as Error).message}`,
      'The deploy role needs secretsmanager:PutSecretValue on the key-set secret and kms:GenerateDataKey on the environment key (stacks/access-policies.ts).',
      { cause: error },
    );
  }
}

/** The version holding AWSCURRENT; undefined when the secret has no value or does not exist yet. */
async function currentVersionOf(client: SecretsManagerClient, secretId: string): Promise<string | undefined> {
  try {
    const secret = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
    if (secret.DeletedDate) return undefined;
    return Object.entries(secret.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw new OpsError(
      'key_set_write_failed',
      `DescribeSecret ${secretId} failed: ${(error as Error).name}: ${(error as Error).message}`,
      'The deploy role needs secretsmanager:DescribeSecret on the key-set secrets (stacks/access-policies.ts).',
      { cause: error },
    );
  }
}
