/** What is live: the AWSCURRENT document of an environment's config secret, and its label holders. */
import {
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
  type SecretVersionsListEntry,
} from '@aws-sdk/client-secrets-manager';
import { parseRuntimeDocument, type Problem, type RuntimeDocument } from '../runtime/contract';

export interface DeployedDocument {
  versionId: string;
  json: string;
  /** Present when the stored bytes pass the schema. */
  document?: RuntimeDocument;
  problems: Problem[];
}

export async function readDocumentVersion(
  client: SecretsManagerClient,
  secretId: string,
  selector: { versionId: string } | { stage: string } = { stage: 'AWSCURRENT' },
): Promise<DeployedDocument | undefined> {
  try {
    const output = await client.send(
      new GetSecretValueCommand({
        SecretId: secretId,
        ...('versionId' in selector ? { VersionId: selector.versionId } : { VersionStage: selector.stage }),
      }),
    );
    const json = output.SecretString ?? '';
    return { versionId: output.VersionId ?? '', json, ...parseRuntimeDocument(json) };
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** Every version of a secret, following NextToken; with `includeDeprecated`, the unlabelled ones too. */
export async function listVersions(client: SecretsManagerClient, secretId: string, includeDeprecated = false): Promise<SecretVersionsListEntry[]> {
  const versions: SecretVersionsListEntry[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListSecretVersionIdsCommand({ SecretId: secretId, IncludeDeprecated: includeDeprecated, NextToken: nextToken }));
    versions.push(...(page.Versions ?? []));
    nextToken = page.NextToken || undefined;
  } while (nextToken);
  return versions;
}

export interface LabelHolders {
  current?: string;
  previous?: string;
}

export async function findLabelHolders(client: SecretsManagerClient, secretId: string): Promise<LabelHolders> {
  const versions = await listVersions(client, secretId);
  return {
    current: versions.find((version) => version.VersionStages?.includes('AWSCURRENT'))?.VersionId,
    previous: versions.find((version) => version.VersionStages?.includes('AWSPREVIOUS'))?.VersionId,
  };
}
