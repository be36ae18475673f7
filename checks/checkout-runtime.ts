/**
 * The stripe-config runtime a journey runs on. By default the repository's own (`runtime/`); for
 * the gate's version-skew check, the release an environment's checkout service really runs,
 * installed as that service has it (ops/checkout-runtimes.ts). Only the documented entry points
 * are used (docs/ARCHITECTURE.md, "Using the runtime in the checkout backend"), so any release
 * that has them can be checked.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createCheckout, createConfigLoader, createStripeClient } from '../runtime';

export interface CheckoutRuntime {
  /** The package's version, e.g. 0.2.0. */
  version: string;
  /** Where it comes from, in words: "the repository", or what the environment declares. */
  origin: string;
  createCheckout: typeof createCheckout;
  createStripeClient: typeof createStripeClient;
  createConfigLoader: typeof createConfigLoader;
}

/** The version stripe-config/runtime is built with from this repository (its package.json). */
export const REPOSITORY_RUNTIME_VERSION: string = (JSON.parse(readFileSync(path.resolve(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

export const REPOSITORY_RUNTIME: CheckoutRuntime = {
  version: REPOSITORY_RUNTIME_VERSION,
  origin: 'the repository',
  createCheckout,
  createStripeClient,
  createConfigLoader,
};

const ENTRY_POINTS = ['createCheckout', 'createStripeClient', 'createConfigLoader'] as const;

/** A loaded `stripe-config/runtime` module as a CheckoutRuntime; throws naming the version when it lacks an entry point. */
export function checkoutRuntimeOf(module: Record<string, unknown>, version: string, origin: string): CheckoutRuntime {
  const missing = ENTRY_POINTS.filter((name) => typeof module[name] !== 'function');
  if (missing.length > 0) throw new Error(`stripe-config runtime ${version} (${origin}) has no ${missing.join(', ')}: it is not a checkout runtime the checks can drive`);
  return { version, origin, ...(Object.fromEntries(ENTRY_POINTS.map((name) => [name, module[name]])) as Pick<CheckoutRuntime, (typeof ENTRY_POINTS)[number]>) };
}

/**
 * Whether this runtime's config loader takes the candidate's bytes, exactly as a checkout service
 * meets them: with the live document loaded first, AWSCURRENT then moves to the candidate, and a
 * refused candidate is reported through `onRejected` while the live one keeps being served. With
 * nothing live (or a live document this runtime refuses as well), the loader's start-up error says
 * why. Returns the reason it refuses, or undefined when it serves the candidate.
 */
export async function refusalOf(runtime: CheckoutRuntime, candidateJson: string, liveJson?: string): Promise<string | undefined> {
  const secret = { json: liveJson ?? candidateJson, versionId: liveJson === undefined ? CANDIDATE : 'live' };
  // One answer for whatever the loader asks: GetSecretValue of AWSCURRENT (SecretString, VersionId),
  // or, for releases that check the version between reads, DescribeSecret (VersionIdsToStages).
  const client = {
    send: async () => ({ SecretString: secret.json, VersionId: secret.versionId, VersionIdsToStages: { [secret.versionId]: ['AWSCURRENT'] } }),
  } as unknown as SecretsManagerClient;
  const problems: Array<{ path: string; message: string }> = [];
  let clock = 0;
  const loader = runtime.createConfigLoader({
    client,
    secretId: CANDIDATE,
    ttlMs: 1,
    now: () => (clock += 10),
    onRejected: (reason) => problems.push(...(reason.problems ?? [])),
  });
  try {
    await loader.get();
  } catch (error) {
    if (secret.versionId === CANDIDATE) return startUpReason(error);
    return refusalOf(runtime, candidateJson);
  }
  if (secret.versionId === CANDIDATE) return undefined;
  secret.json = candidateJson;
  secret.versionId = CANDIDATE;
  if ((await loader.get()).versionId === CANDIDATE) return undefined;
  return problems.length > 0 ? problems.map(({ path, message }) => (path === '/schemaVersion' ? message : `${path} ${message}`)).join('; ') : 'it kept the live document';
}

const CANDIDATE = 'candidate';

/** The loader's start-up error without its "AWSCURRENT of … is refused:" lead, which names our stand-in secret. */
function startUpReason(error: unknown): string {
  return ((error as Error)?.message ?? String(error)).replace(/^AWSCURRENT of candidate \(version candidate\) is (refused|invalid): /, '');
}
