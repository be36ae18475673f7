/**
 * The HTTP layer: Node's `http`, Stripe's wire conventions, nothing about payments.
 *
 * request → body (≤ 1 MiB) → form decoding → key (Bearer, Basic, or Stripe.js's `key` field) →
 * API version (Stripe-Version header, else the account default) → route → publishable-key rule →
 * idempotency → parameter validation → handler → JSON. Every failure on the way is rendered by
 * errors.ts; the server never crashes on input and logs nothing (so no key material either).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AccountDirectory, type Account, type StripeAccountSpec } from './accounts';
import { isKnownApiVersion } from './api-versions';
import { invalidRequest, StripeApiError, toErrorResponse } from './errors';
import { decodeForm, type FormHash } from './form-encoding';
import { IdempotencyStore, fingerprintOf, type SavedResponse } from './idempotency';
import { randomBase62 } from './ids';
import { EventLog } from './events';
import { handleHostedPage } from './pages';
import { validateParams } from './params';
import { matchRoute, publishableKeyRefused } from './routes';

const MAX_BODY_BYTES = 1024 * 1024;

export interface ServerOptions {
  host: string;
  port: number;
  accounts: readonly StripeAccountSpec[] | undefined;
  /** The clock; tests of expiry may pass their own. */
  now?: () => Date;
}

export interface RunningServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
  reset(): void;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (error) => {
      if (!failed) {
        failed = true;
        reject(error);
      }
    });
  });
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `Authorization: Bearer sk_…` or `Basic base64(sk_…:)` (facts: requests). */
function keyFromAuthorization(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const [scheme, credentials = ''] = value.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return credentials;
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    return decoded.split(':', 1)[0];
  }
  return '';
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body, null, 2) };
}

const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key, Stripe-Version, Stripe-Account',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE',
  'Access-Control-Expose-Headers': 'Request-Id, Stripe-Version, Idempotency-Key, Idempotent-Replayed',
};

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const accounts = new AccountDirectory(options.accounts);
  const idempotency = new IdempotencyStore();
  const events = new EventLog();
  const now = options.now ?? (() => new Date());
  let baseUrl = '';

  function apiReply(req: http.IncomingMessage, requestId: string, method: string, url: URL, rawBody: string): Reply {
    const query = decodeForm(url.search.slice(1));
    const body = method === 'POST' ? decodeForm(rawBody) : {};
    const raw: FormHash = { ...query, ...body };

    // Stripe.js sends its publishable key as a `key` field rather than a header.
    const bodyKey = typeof raw.key === 'string' && raw.key.startsWith('pk_') ? raw.key : undefined;
    const credential = accounts.authenticate(keyFromAuthorization(header(req, 'authorization')) ?? bodyKey);
    const account: Account = credential.account;

    const requestedVersion = header(req, 'stripe-version');
    let apiVersion = account.defaultApiVersion;
    if (requestedVersion !== undefined) {
      // Beta flags ("2026-10-28.endive; foo_beta=v1") are ignored; the version itself must exist.
      const version = requestedVersion.split(';', 1)[0]!.trim();
      if (!isKnownApiVersion(version)) throw invalidRequest(`Invalid Stripe API version: ${requestedVersion}`);
      apiVersion = version;
    }
    const versionHeaders = { 'Stripe-Version': apiVersion };

    const match = matchRoute(method, url.pathname);
    if (match === undefined) {
      throw invalidRequest(
        `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        { status: 404 },
      );
    }
    if (credential.kind === 'publishable' && match.route.publishable === 'refused') throw publishableKeyRefused();

    const idempotencyKey = method === 'POST' ? header(req, 'idempotency-key') : undefined;
    const endpoint = `${method} ${url.pathname}`;
    const fingerprint = fingerprintOf(raw);
    const at = now().getTime();
    if (idempotencyKey !== undefined) {
      const saved = idempotency.lookup(account.id, idempotencyKey, endpoint, fingerprint, at);
      if (saved !== undefined) {
        return {
          status: saved.status,
          headers: { 'Content-Type': 'application/json', ...versionHeaders, 'Idempotency-Key': idempotencyKey, 'Idempotent-Replayed': 'true' },
          body: saved.body,
        };
      }
    }

    let reply: Reply;
    try {
      const params = validateParams(raw, match.route.params);
      const result = match.route.handle({
        account,
        keyKind: credential.kind,
        apiVersion,
        params,
        pathParams: match.pathParams,
        baseUrl,
        now: now(),
        events,
        requestId,
        idempotencyKey,
      });
      reply = json(200, result, versionHeaders);
    } catch (failure) {
      if (!(failure instanceof StripeApiError)) throw failure;
      const rendered = toErrorResponse(failure);
      reply = json(rendered.status, rendered.body, versionHeaders);
    }
    if (idempotencyKey !== undefined) {
      const saved: SavedResponse = { status: reply.status, body: reply.body };
      idempotency.save(account.id, idempotencyKey, endpoint, fingerprint, saved, at);
      reply.headers['Idempotency-Key'] = idempotencyKey;
    }
    return reply;
  }

  async function respond(req: http.IncomingMessage, requestId: string): Promise<Reply> {
    const method = (req.method ?? 'GET').toUpperCase();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://stand-in.invalid');
    } catch {
      return json(400, toErrorResponse(invalidRequest('Malformed request URL.')).body);
    }
    if (method === 'OPTIONS') return { status: 204, headers: {}, body: '' };
    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch (failure) {
      const message = failure instanceof BodyTooLarge ? 'Request body too large.' : 'The request body could not be read.';
      const rendered = toErrorResponse(invalidRequest(message, { status: failure instanceof BodyTooLarge ? 413 : 400 }));
      return { ...json(rendered.status, rendered.body), headers: { 'Content-Type': 'application/json', Connection: 'close' } };
    }
    if (url.pathname.startsWith('/3ds/')) {
      return handleHostedPage(accounts, {
        method,
        pathname: url.pathname,
        query: decodeForm(url.search.slice(1)),
        form: method === 'POST' ? decodeForm(rawBody) : {},
        baseUrl,
        now: now(),
        events,
      });
    }
    try {
      return apiReply(req, requestId, method, url, rawBody);
    } catch (failure) {
      const rendered = toErrorResponse(failure);
      return json(rendered.status, rendered.body);
    }
  }

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    res.on('error', () => undefined);
    const requestId = `req_${randomBase62(14)}`;
    respond(req, requestId)
      .catch((): Reply => json(500, toErrorResponse(undefined).body))
      .then((reply) => {
        if (res.headersSent || res.destroyed) return;
        res.writeHead(reply.status, { ...CORS_HEADERS, 'Request-Id': requestId, ...reply.headers });
        res.end(reply.body);
      })
      .catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.address.includes(':') ? `[${address.address}]` : address.address;
  baseUrl = `http://${hostForUrl}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    host: address.address,
    port: address.port,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // In-flight requests get a moment to finish; keep-alive sockets are closed now.
        setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, 250).unref();
      });
      return closing;
    },
    reset(): void {
      accounts.reset();
      idempotency.clear();
    },
  };
}
