import type { GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager';
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Type, type Static } from '@sinclair/typebox';
import { compileValidator, StripeConfigError } from './contract';

/** What a key-set secret holds. Never logged, never in the runtime document. */
export const KeySetMaterialSchema = Type.Object(
  {
    secretKey: Type.String({ pattern: '^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$' }),
    webhookSigningSecret: Type.Optional(Type.String({ pattern: '^whsec_[A-Za-z0-9]{8,}$' })),
  },
  { additionalProperties: false },
);
export type KeySetMaterial = Static<typeof KeySetMaterialSchema>;

const validateMaterial = compileValidator(KeySetMaterialSchema);

/** Parses key-set JSON; errors name the field but never echo the value. */
export function parseKeySetMaterial(json: string, source: string): KeySetMaterial {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new StripeConfigError('key_material_missing', `${source} is not JSON`, 'Expected {"secretKey": "sk_test_…", "webhookSigningSecret": "whsec_…"}.');
  }
  const problems = validateMaterial(value);
  if (problems.length > 0) {
    throw new StripeConfigError(
      'key_material_missing',
      `${source} is not a valid key set: ${problems.map((p) => `${p.path} ${p.message.replace(/\(got .*\)$/, '')}`).join('; ')}`,
      'Expected {"secretKey": "sk_test_…", "webhookSigningSecret": "whsec_…"}.',
    );
  }
  return value as KeySetMaterial;
}

/** Reads a key set (AWSCURRENT of its secret). */
export async function loadKeySet(client: SecretsManagerClient, secretId: string): Promise<KeySetMaterial> {
  let output: GetSecretValueCommandOutput;
  try {
    output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  } catch (error) {
    throw new StripeConfigError('key_material_missing', `Could not read key set ${secretId}: ${(error as Error).message}`, undefined, {
      cause: error,
    });
  }
  if (!output.SecretString) throw new StripeConfigError('key_material_missing', `Key set ${secretId} has no string value`);
  return parseKeySetMaterial(output.SecretString, `key set ${secretId}`);
}
