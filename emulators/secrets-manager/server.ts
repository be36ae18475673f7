/**
 * HTTP front end speaking AWS JSON 1.1 (facts §1): every call is `POST /` with
 * `X-Amz-Target: secretsmanager.<Operation>` and a JSON body; answers are JSON with
 * `Content-Type: application/x-amz-json-1.1`. Signatures are not checked, but the region is read
 * from the SigV4 credential scope because it goes into every ARN (facts §1.1).
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { FaultInjector, FaultTimers, type FaultPlan } from '../shared';
import { SecretsManagerError, toWireError, WireError } from './errors';
import { faultWireError } from './faults';
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
  /** Access key id → account id, for callers of other accounts; others get `accountId`. */
  accountIds: Readonly<Record<string, string>>;
  now: () => number;
  /** The 6-character ARN suffix for a new secret (facts §2.2). */
  arnSuffix: (name: string) => string;
  /** Consulted before a request is handled: it then never takes effect. */
  faults: FaultInjector;
  /** Consulted after a request took effect: its answer is replaced or lost. */
  faultsAfterHandling: FaultInjector;
  /** Latency waits of injected faults, cancelled on close. */
  faultTimers: FaultTimers;
}

/**
 * The caller's access key and region from `Credential=<AKID>/<yyyymmdd>/<region>/secretsmanager/aws4_request`
 * (facts §1.1); a scope without a readable region gets the default one.
 */
function credentialScope(authorization: string | undefined): { accessKey?: string; region: string } {
  const match = /Credential=([^/,\s]+)\/(?:[^/,\s]+\/([a-z0-9-]+)\/)?/.exec(authorization ?? '');
  return { accessKey: match?.[1], region: match?.[2] ?? DEFAULT_REGION };
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

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SecretsManagerError('SerializationException', `The request body exceeds ${MAX_BODY_BYTES} bytes.`));
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    // The client hung up mid-body: nobody is left to answer, and it is no fault of ours.
    request.on('error', () => reject(new SecretsManagerError('SerializationException', 'The request body was cut off.')));
  });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** JSON is UTF-8; a lenient decode would silently turn bad bytes into U+FFFD inside a secret value. */
function decodeBody(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new SecretsManagerError('SerializationException', 'The request body is not valid UTF-8.');
  }
}

/**
 * Both SDKs send `application/x-amz-json-1.1` (facts §1.1). Anything else is refused as AWS's
 * front end would not read it as this protocol (wording inferred); a missing header is tolerated
 * for hand-made requests.
 */
function checkContentType(request: http.IncomingMessage): void {
  const type = request.headers['content-type']?.split(';')[0].trim().toLowerCase();
  if (type === undefined || type === '' || /^application\/(x-amz-json-1\.[01]|json)$/.test(type)) return;
  throw new SecretsManagerError('SerializationException', `Unsupported Content-Type '${type}': expected application/x-amz-json-1.1.`);
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
  const name = targetOperation(request);
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

/** The operation X-Amz-Target names, known or not; also the label fault rules match. */
function targetOperation(request: http.IncomingMessage): string {
  const target = request.headers['x-amz-target'];
  return typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
}

async function handle(request: http.IncomingMessage, bytes: Buffer, deps: ServerDependencies): Promise<unknown> {
  checkContentType(request);
  const name = operationName(request);
  const body = parseBody(decodeBody(bytes));
  const now = deps.now();
  purgeExpiredDeletions(deps.store.state, now);
  const { accessKey, region } = credentialScope(request.headers.authorization);
  const ctx: RequestContext = {
    scope: { state: deps.store.state, region, accountId: accountOf(accessKey, deps), now, arnSuffix: deps.arnSuffix },
    commit: () => deps.store.commit(),
  };
  return OPERATIONS[name].run(body, ctx);
}

function accountOf(accessKey: string | undefined, deps: ServerDependencies): string {
  return accessKey !== undefined && Object.hasOwn(deps.accountIds, accessKey) ? deps.accountIds[accessKey] : deps.accountId;
}

function wireErrorOf(failure: unknown): WireError {
  const wire = toWireError(failure);
  if (wire.status >= 500) {
    // Only the failure's own text: requests (and so secret values) are never logged.
    const detail = failure instanceof Error ? failure.stack ?? failure.message : String(failure);
    process.stderr.write(`secrets-manager stand-in: internal error: ${detail}\n`);
  }
  return wire;
}

/**
 * Carries out an injected fault. Returns true when it answered (or cut) the request, so the real
 * answer must not be sent.
 */
async function applyFault(plan: FaultPlan, response: http.ServerResponse, timers: FaultTimers): Promise<boolean> {
  await timers.wait(plan);
  if (plan.outcome.kind === 'drop') {
    // No status line at all: the client sees a reset socket, as behind a crashed load balancer.
    response.socket?.destroy();
    return true;
  }
  if (plan.outcome.kind === 'status') {
    const wire = faultWireError(plan.outcome.status);
    send(response, wire.status, wire.body, wire.body.__type);
    return true;
  }
  return false;
}

async function serve(request: http.IncomingMessage, response: http.ServerResponse, deps: ServerDependencies): Promise<void> {
  const label = targetOperation(request);
  let bytes: Buffer | undefined;
  let answer: { status: number; body: unknown; errorType?: string };
  try {
    bytes = await readBody(request);
    if (await applyFault(deps.faults.planFor(label), response, deps.faultTimers)) return;
    answer = { status: 200, body: await handle(request, bytes, deps) };
  } catch (failure) {
    const wire = wireErrorOf(failure);
    answer = { status: wire.status, body: wire.body, errorType: wire.body.__type };
  }
  if (bytes !== undefined && (await applyFault(deps.faultsAfterHandling.planFor(label), response, deps.faultTimers))) return;
  if (!response.headersSent && !response.destroyed) send(response, answer.status, answer.body, answer.errorType);
}

/** Bytes that are not HTTP at all still get AWS's error shape, then the connection closes. */
function answerUnparsable(error: Error, socket: Duplex): void {
  if (!socket.writable || (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ __type: 'SerializationException', Message: 'The request is not valid HTTP.' });
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: ${CONTENT_TYPE}\r\nx-amzn-ErrorType: SerializationException\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function createSecretsManagerServer(deps: ServerDependencies): http.Server {
  const server = http.createServer((request, response) => {
    serve(request, response, deps).catch((failure: unknown) => {
      // Last line of defence: whatever went wrong, the server answers and keeps serving.
      const wire = wireErrorOf(failure);
      if (!response.headersSent && !response.destroyed) send(response, wire.status, wire.body, wire.body.__type);
    });
  });
  server.on('clientError', answerUnparsable);
  return server;
}
