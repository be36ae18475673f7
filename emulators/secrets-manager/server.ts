/**
 * HTTP front end speaking AWS JSON 1.1 (facts §1): every call is `POST /` with
 * `X-Amz-Target: secretsmanager.<Operation>` and a JSON body; answers are JSON with
 * `Content-Type: application/x-amz-json-1.1`. Signatures are not checked, but the region is read
 * from the SigV4 credential scope because it goes into every ARN (facts §1.1).
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { SecretsManagerError, toWireError } from './errors';
import { purgeExpiredDeletions } from './model';
import { OPERATIONS, RequestContext } from './operations';
import type { SecretStore } from './store';

const CONTENT_TYPE = 'application/x-amz-json-1.1';
const TARGET_PREFIX = 'secretsmanager.';
const DEFAULT_REGION = 'us-east-1';
/** Largest legitimate body is a 64 KiB value or a 20 KiB policy (facts §3.6); leave headroom. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface ServerDependencies {
  store: SecretStore;
  accountId: string;
  now: () => number;
}

/** `Credential=<AKID>/<yyyymmdd>/<region>/secretsmanager/aws4_request` (facts §1.1). */
export function regionFromAuthorization(authorization: string | undefined): string {
  const match = /Credential=[^/,\s]+\/[^/,\s]+\/([a-z0-9-]+)\//.exec(authorization ?? '');
  return match ? match[1] : DEFAULT_REGION;
}

function send(response: http.ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
    // Kept identical to __type, as both SDKs may read either (facts §1.3).
    ...(errorType && { 'x-amzn-ErrorType': errorType }),
  });
  response.end(text);
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SecretsManagerError('SerializationException', 'The request body is too large.'));
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(text: string): Record<string, unknown> {
  // Clients always send at least `{}` (facts §1.1); an empty body means the same.
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SecretsManagerError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SecretsManagerError('SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

function operationName(request: http.IncomingMessage): string {
  const target = request.headers['x-amz-target'];
  const name = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  const path = (request.url ?? '/').split('?')[0];
  if (request.method !== 'POST' || path !== '/' || !Object.hasOwn(OPERATIONS, name)) {
    // 400, never 500: the provider retries 5xx for minutes (facts §1.3).
    throw new SecretsManagerError(
      'UnknownOperationException',
      name ? `The Secrets Manager stand-in does not implement ${name}.` : 'Missing or unknown X-Amz-Target header.',
    );
  }
  return name;
}

async function handle(request: http.IncomingMessage, deps: ServerDependencies): Promise<unknown> {
  const text = await readBody(request);
  const name = operationName(request);
  const body = parseBody(text);
  const now = deps.now();
  purgeExpiredDeletions(deps.store.state, now);
  const ctx: RequestContext = {
    store: deps.store,
    region: regionFromAuthorization(request.headers.authorization),
    accountId: deps.accountId,
    now,
  };
  return OPERATIONS[name].run(body, ctx);
}

export function createSecretsManagerServer(deps: ServerDependencies): http.Server {
  return http.createServer((request, response) => {
    handle(request, deps).then(
      (output) => send(response, 200, output),
      (failure: unknown) => {
        const wire = toWireError(failure);
        if (wire.status >= 500) {
          // Only the failure's own text: requests (and so secret values) are never logged.
          const detail = failure instanceof Error ? failure.stack ?? failure.message : String(failure);
          process.stderr.write(`secrets-manager stand-in: internal error: ${detail}\n`);
        }
        if (!response.headersSent) send(response, wire.status, wire.body, wire.body.__type);
      },
    );
  });
}
