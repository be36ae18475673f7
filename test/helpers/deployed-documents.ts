import { CreateSecretCommand, DescribeSecretCommand, PutSecretValueCommand, ResourceNotFoundException, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { locationOf, secretNamesFor, type ValidatedEnvironment } from '../../config';
import { openTargets, openWorkspace, type Targets } from '../../ops';
import { changed, sampleEnvironment } from './environments';

let versions = 0;

/** A version id as Terraform's provider makes them: `terraform-` and 26 digits (facts §2.1, §6.6); unique in this process. */
function terraformToken(): string {
  versions += 1;
  return `terraform-${String(versions).padStart(26, '0')}`;
}

/**
 * Stores environments' documents in the local Secrets Manager as deploys through Terraform leave
 * them, for tests that need deployed documents but do not test Terraform (which
 * test/slow/stacks/terraform-stack.test.ts and test/slow/ops/deploy-rollback.test.ts do):
 * - each document is a new version of the environment's config secret, its bytes the rendered JSON,
 *   put with a Terraform-style ClientRequestToken, which becomes its version id (facts §3.3), so
 *   AWSCURRENT moves to it and AWSPREVIOUS to the version before (facts §3.2);
 * - each key set the document names is a secret holding the material as the JSON the stack's
 *   write-only attribute receives (`targets.terraformContext` passes the same JSON).
 * Descriptions, tags and resource policies are not stored: no test that seeds reads them.
 * Returns the new version ids, in order.
 */
export async function seedDeployedDocuments(targets: Targets, environments: ValidatedEnvironment[]): Promise<string[]> {
  const versionIds: string[] = [];
  for (const environment of environments) {
    const { region, configSecretId } = locationOf(environment);
    const client = targets.secretsManager(region);
    const names = secretNamesFor(environment.environment, environment.config);
    for (const keySet of environment.config.infrastructure.keySets) {
      if (await exists(client, names.keySet(keySet))) continue; // key sets are written once
      const material = await targets.keyMaterial(environment, keySet);
      await client.send(new CreateSecretCommand({ Name: names.keySet(keySet) }));
      await client.send(new PutSecretValueCommand({ SecretId: names.keySet(keySet), SecretString: JSON.stringify(material), ClientRequestToken: terraformToken() }));
    }
    if (!(await exists(client, configSecretId))) await client.send(new CreateSecretCommand({ Name: configSecretId }));
    const { VersionId } = await client.send(
      new PutSecretValueCommand({ SecretId: configSecretId, SecretString: environment.rendered.json, ClientRequestToken: terraformToken() }),
    );
    versionIds.push(VersionId!);
  }
  return versionIds;
}

async function exists(client: SecretsManagerClient, secretId: string): Promise<boolean> {
  try {
    await client.send(new DescribeSecretCommand({ SecretId: secretId }));
    return true;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/**
 * The on-call story's two deploys of staging, seeded into the workspace at `home`: staging as
 * shipped, then the bad change (every card challenged). Returns [good, bad] version ids.
 */
export async function seedStagingThenChallenge(home: string): Promise<string[]> {
  const targets = await openTargets(openWorkspace(home), { local: true });
  try {
    const good = sampleEnvironment('staging');
    return await seedDeployedDocuments(targets, [good, changed(good, (config) => (config.payments.threeDSecure = 'challenge'))]);
  } finally {
    await targets.close();
  }
}
