/** Small helpers shared by the Secrets Manager stand-in tests; no state lives here. */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerEmulator } from '../../../emulators/secrets-manager';

export const REGION = 'eu-west-1';
export const CREDENTIALS = { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' };

/** The real SDK pointed at the stand-in; one attempt so a wrong status shows up instead of a retry. */
export function sdkClient(emulator: SecretsManagerEmulator, region = REGION): SecretsManagerClient {
  return new SecretsManagerClient({ endpoint: emulator.url, region, credentials: CREDENTIALS, maxAttempts: 1 });
}

/** A controllable clock in ms, starting at a fixed instant so dates in assertions are stable. */
export function fakeClock(start = Date.UTC(2025, 5, 1, 12, 0, 0, 250)): { now: () => number; advance(ms: number): void } {
  let current = start;
  return { now: () => current, advance: (ms) => (current += ms) };
}

export interface RawResponse {
  status: number;
  contentType: string | null;
  json: Record<string, unknown>;
}

/**
 * A hand-made AWS JSON 1.1 call, for what the SDK would never send (bad JSON, unknown targets) and
 * for checking the exact wire encoding.
 */
export async function rawCall(
  emulator: SecretsManagerEmulator,
  target: string | undefined,
  body: string,
  region = REGION,
): Promise<RawResponse> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    authorization: `AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20250601/${region}/secretsmanager/aws4_request, SignedHeaders=host, Signature=0`,
  };
  if (target !== undefined) headers['x-amz-target'] = target;
  const response = await fetch(`${emulator.url}/`, { method: 'POST', headers, body });
  return { status: response.status, contentType: response.headers.get('content-type'), json: (await response.json()) as Record<string, unknown> };
}

/** Runs `action`, expecting it to fail; returns the SDK error for assertions. */
export async function failureOf(action: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await action;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
