/**
 * The checkout service's view of its config: AWSCURRENT of the config secret, validated, cached for
 * a TTL. A newer document that fails validation never replaces the last good one: the service keeps
 * taking payments with known-good settings and the problem is reported through `onRejected`.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { parseRuntimeDocument, StripeConfigError, type Problem, type RuntimeDocument } from './contract';

export interface LoadedDocument {
  document: RuntimeDocument;
  /** Secrets Manager version the document came from. */
  versionId: string;
  /** The exact bytes stored. */
  json: string;
}

export interface ConfigLoaderOptions {
  client: SecretsManagerClient;
  /** Name or ARN of the environment's config secret. */
  secretId: string;
  /** How long a document is served before AWSCURRENT is read again; default 60 s. */
  ttlMs?: number;
  /** Clock in ms; default Date.now. */
  now?: () => number;
  /** Told when a fetched document is refused or the fetch fails while a last good one is served. */
  onRejected?: (reason: { versionId?: string; problems?: Problem[]; error?: unknown }) => void;
}

export interface ConfigLoader {
  /** The current document (cached), or throws when no valid document was ever read. */
  get(): Promise<LoadedDocument>;
}

export function createConfigLoader(options: ConfigLoaderOptions): ConfigLoader {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  let lastGood: LoadedDocument | undefined;
  let checkedAt = -Infinity;
  let inFlight: Promise<LoadedDocument> | undefined;

  async function refresh(): Promise<LoadedDocument> {
    let fetched: LoadedDocument | { versionId?: string; problems: Problem[] };
    try {
      fetched = await fetchCurrent(options.client, options.secretId);
    } catch (error) {
      if (!lastGood) throw error;
      options.onRejected?.({ error });
      return lastGood;
    } finally {
      checkedAt = now();
    }
    if ('document' in fetched) {
      lastGood = fetched;
      return fetched;
    }
    if (!lastGood) {
      throw new StripeConfigError(
        'document_invalid',
        `AWSCURRENT of ${options.secretId} (version ${fetched.versionId ?? 'unknown'}) is invalid: ${fetched.problems
          .map((p) => `${p.path} ${p.message}`)
          .join('; ')}`,
        'Roll back with `npm run rollback -- <env>`.',
      );
    }
    options.onRejected?.({ versionId: fetched.versionId, problems: fetched.problems });
    return lastGood;
  }

  return {
    get() {
      if (lastGood && now() - checkedAt < ttlMs) return Promise.resolve(lastGood);
      inFlight ??= refresh().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}

async function fetchCurrent(
  client: SecretsManagerClient,
  secretId: string,
): Promise<LoadedDocument | { versionId?: string; problems: Problem[] }> {
  const output = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
  const json = output.SecretString ?? '';
  const { document, problems } = parseRuntimeDocument(json);
  if (!document) return { versionId: output.VersionId, problems };
  return { document, versionId: output.VersionId ?? '', json };
}
