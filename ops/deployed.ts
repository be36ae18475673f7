/** What is live: the AWSCURRENT document of an environment's config secret, and its label holders. */
import {
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { validateRuntimeDocument, type Problem, type RuntimeDocument } from '../runtime';

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
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (error) {
      return { versionId: output.VersionId ?? '', json, problems: [{ path: '/', message: `is not JSON (${(error as Error).message})` }] };
    }
    const problems = validateRuntimeDocument(parsed);
    return { versionId: output.VersionId ?? '', json, problems, ...(problems.length === 0 ? { document: parsed as RuntimeDocument } : {}) };
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

export interface LabelHolders {
  current?: string;
  previous?: string;
}

export async function findLabelHolders(client: SecretsManagerClient, secretId: string): Promise<LabelHolders> {
  const holders: LabelHolders = {};
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListSecretVersionIdsCommand({ SecretId: secretId, NextToken: nextToken }));
    for (const version of page.Versions ?? []) {
      if (version.VersionStages?.includes('AWSCURRENT')) holders.current = version.VersionId;
      if (version.VersionStages?.includes('AWSPREVIOUS')) holders.previous = version.VersionId;
    }
    nextToken = page.NextToken || undefined;
  } while (nextToken);
  return holders;
}
