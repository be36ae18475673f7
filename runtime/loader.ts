/**
 * The checkout service's view of its config: AWSCURRENT of the config secret, validated, cached for
 * a TTL, with a cheap version check between full reads so that a rollback reaches the service in
 * seconds rather than at the end of the TTL. A newer document that fails validation never replaces the last good one: the service keeps
 * taking payments with known-good settings and the problem is reported through `onRejected`. A
 * document in a schema version this runtime does not understand is refused the same way, and said
 * to be that case, since the fix is then to upgrade the runtime rather than to correct the document.
 */
import { DescribeSecretCommand, GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
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
  /** How long a document is served before AWSCURRENT is read again in full (GetSecretValue); default 60 s. */
  ttlMs?: number;
  /**
   * How often, between full reads, the loader asks which version holds AWSCURRENT (DescribeSecret:
   * metadata only, no secret value, no decryption) and reads the document at once if it moved;
   * default 10 s. At most 60 s ÷ this + 60 s ÷ ttlMs calls a minute, and one more per new version.
   * At or above `ttlMs`: no checks, a full read every `ttlMs` only.
   */
  checkIntervalMs?: number;
  /** Clock in ms; default Date.now. */
  now?: () => number;
  /** Told when a fetched document is refused or the fetch fails while a last good one is served. */
  onRejected?: (reason: ConfigRejection) => void;
}

/** Why the loader kept serving its last good document. */
export interface ConfigRejection {
  /** Secrets Manager version of the refused document (absent when the read itself failed). */
  versionId?: string;
  /** What is wrong with the refused document, each at its field. */
  problems?: Problem[];
  /**
   * Set when the document was refused for its schema version alone: the version it states, which
   * this runtime does not understand (`SUPPORTED_SCHEMA_VERSIONS`). The fix is a runtime that
   * understands it, not a change to the document.
   */
  unsupportedSchemaVersion?: number;
  /** The read failed (network, permissions, throttling); nothing was refused. */
  error?: unknown;
}

export interface ConfigLoader {
  /** The current document (cached), or throws when no valid document was ever read. */
  get(): Promise<LoadedDocument>;
}

export function createConfigLoader(options: ConfigLoaderOptions): ConfigLoader {
  const ttlMs = options.ttlMs ?? 60_000;
  const checkIntervalMs = Math.min(options.checkIntervalMs ?? 10_000, ttlMs);
  const now = options.now ?? Date.now;
  let lastGood: LoadedDocument | undefined;
  let readAt = -Infinity;
  let checkedAt = -Infinity;
  /** The version last refused: a check that finds it still current needs no new read until the TTL. */
  let refusedVersionId: string | undefined;
  let inFlight: Promise<LoadedDocument> | undefined;

  async function refresh(): Promise<LoadedDocument> {
    if (lastGood && now() - readAt < ttlMs) {
      const current = await currentVersionId(options.client, options.secretId).catch((error: unknown) => ({ error }));
      checkedAt = now();
      if (typeof current !== 'string') {
        options.onRejected?.({ error: current.error });
        return lastGood;
      }
      // Versions are immutable (facts §3.1): the same id holding AWSCURRENT means the same bytes.
      if (current === lastGood.versionId || current === refusedVersionId) return lastGood;
    }
    return read();
  }

  async function read(): Promise<LoadedDocument> {
    let fetched: LoadedDocument | RefusedDocument;
    try {
      fetched = await fetchCurrent(options.client, options.secretId);
    } catch (error) {
      if (!lastGood) throw error;
      options.onRejected?.({ error });
      return lastGood;
    } finally {
      readAt = checkedAt = now();
    }
    if ('document' in fetched) {
      lastGood = fetched;
      refusedVersionId = undefined;
      return fetched;
    }
    refusedVersionId = fetched.versionId;
    if (!lastGood) throw refusal(options.secretId, fetched);
    options.onRejected?.({
      versionId: fetched.versionId,
      problems: fetched.problems,
      ...(fetched.unsupportedSchemaVersion === undefined ? {} : { unsupportedSchemaVersion: fetched.unsupportedSchemaVersion }),
    });
    return lastGood;
  }

  return {
    get() {
      const time = now();
      if (lastGood && time - checkedAt < checkIntervalMs && time - readAt < ttlMs) return Promise.resolve(lastGood);
      inFlight ??= refresh().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}

interface RefusedDocument {
  versionId?: string;
  problems: Problem[];
  unsupportedSchemaVersion?: number;
}

async function fetchCurrent(client: SecretsManagerClient, secretId: string): Promise<LoadedDocument | RefusedDocument> {
  const output = await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
  const json = output.SecretString ?? '';
  const { document, problems, unsupportedSchemaVersion } = parseRuntimeDocument(json);
  if (!document) return { versionId: output.VersionId, problems, unsupportedSchemaVersion };
  return { document, versionId: output.VersionId ?? '', json };
}

/** The version holding AWSCURRENT now, from the secret's metadata (DescribeSecret's VersionIdsToStages). */
async function currentVersionId(client: SecretsManagerClient, secretId: string): Promise<string> {
  const output = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  const current = Object.entries(output.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes('AWSCURRENT'));
  if (!current) throw new Error(`DescribeSecret ${secretId}: no version holds AWSCURRENT`);
  return current[0];
}

/** The error for a service with no last good document to fall back on: it cannot take payments. */
function refusal(secretId: string, refused: RefusedDocument): StripeConfigError {
  const where = `AWSCURRENT of ${secretId} (version ${refused.versionId ?? 'unknown'})`;
  if (refused.unsupportedSchemaVersion !== undefined) {
    return new StripeConfigError(
      'document_invalid',
      `${where} is refused: ${refused.problems.map((p) => p.message).join('; ')}`,
      'Until then this service has no document to serve; roll the document back with `npm run rollback -- <env>` to keep taking payments.',
    );
  }
  return new StripeConfigError(
    'document_invalid',
    `${where} is invalid: ${refused.problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    'Roll back with `npm run rollback -- <env>`.',
  );
}
