/**
 * The HTTP layer: Node's `http`, Stripe's wire conventions, nothing about payments.
 *
 * request → fault rules (control.ts) → body (≤ 1 MiB) → Content-Type → form decoding → key (Bearer,
 * Basic, or Stripe.js's `key` field) → API version (Stripe-Version header, else the account default)
 * → route → restricted-key permission → publishable-key rule → idempotency → parameter validation →
 * handler → JSON. Every failure on the way is rendered by errors.ts; the server never crashes on
 * input and logs nothing (so no key material either). Each request runs inside the emulator's
 * IdSource, so `ids: 'sequential'` holds per instance.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AccountDirectory, type Account, type StripeAccountSpec } from './accounts';
import { isKnownApiVersion } from './api-versions';
import { FaultInjector, FaultTimers } from '../shared';
import { faultReply } from './control';
import { invalidRequest, StripeApiError, toErrorResponse, unsupportedContentType } from './errors';
import { decodeForm, type FormHash } from './form-encoding';
import { IdempotencyStore, fingerprintOf, type SavedResponse } from './idempotency';
import { IdSource, randomBase62, withIdSource, type IdMode } from './ids';
import { EventLog } from './events';
import { handleHostedPage } from './pages';
import { validateParams } from './params';
import { checkRestrictedKey } from './restricted-keys';
import { matchRoute, publishableKeyRefused } from './routes';
import { WebhookDispatcher, type WebhookAttempt, type WebhookDeliveryOptions } from './webhook-delivery';
import { createWebhookEndpoint } from './webhook-endpoints';

const MAX_BODY_BYTES = 1024 * 1024;

export interface ServerOptions {
  host: string;
  port: number;
  accounts: readonly StripeAccountSpec[] | undefined;
  /** The clock; tests of expiry may pass their own. */
  now?: () => Date;
  ids?: IdMode;
  webhooks?: WebhookDeliveryOptions;
}

export interface RunningServer {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly faults: Pick<FaultInjector, 'add' | 'clear'>;
  readonly webhooks: { idle(): Promise<void>; attempts(): readonly WebhookAttempt[] };
  close(): Promise<void>;
  reset(): void;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

class BodyTooLarge extends Error {}
class BodyNotUtf8 extends Error {}

/** Raw bytes that are not UTF-8 are refused, not silently replaced by U+FFFD. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A fault rule cut the connection: there is no reply to write. */
const DROPPED: Reply = { status: 0, headers: {}, body: '' };

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
      if (failed) return;
      try {
        resolve(UTF8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new BodyNotUtf8());
      }
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

/** Stripe reads form-encoded bodies only; an empty body needs no type (stripe-node's bodiless POSTs). */
function checkContentType(req: http.IncomingMessage, rawBody: string): void {
  if (rawBody === '') return;
  const contentType = header(req, 'content-type') ?? '';
  const mediaType = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (mediaType !== 'application/x-www-form-urlencoded') throw unsupportedContentType(contentType.slice(0, 100));
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
  const ids = new IdSource(options.ids ?? 'random');
  const faults = new FaultInjector();
  const faultTimers = new FaultTimers();
  const webhooks = new WebhookDispatcher(events, options.webhooks ?? {}, now);
  let baseUrl = '';

  /** Endpoints from the account specs exist from the start and again after each reset. */
  function seedWebhookEndpoints(): void {
    withIdSource(ids, () => {
      for (const account of accounts.all()) {
        for (const spec of account.configuredWebhookEndpoints ?? []) {
          const record = createWebhookEndpoint({
            url: spec.url,
            enabledEvents: spec.enabledEvents,
            created: Math.floor(now().getTime() / 1000),
            ...(spec.secret === undefined ? {} : { secret: spec.secret }),
            ...(spec.description === undefined ? {} : { description: spec.description }),
          });
          account.objects.webhookEndpoints.set(record.endpoint.id, record);
        }
      }
    });
  }
  seedWebhookEndpoints();

  function apiReply(req: http.IncomingMessage, requestId: string, method: string, url: URL, rawBody: string): Reply {
    if (method === 'POST') checkContentType(req, rawBody);
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
    checkRestrictedKey(credential, method, url.pathname);
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
    const plan = faults.planFor(`${method} ${url.pathname}`);
    await faultTimers.wait(plan);
    if (plan.outcome.kind === 'drop') {
      req.socket.destroy();
      return DROPPED;
    }
    if (plan.outcome.kind === 'status') return faultReply(plan.outcome.status);
    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch (failure) {
      const message =
        failure instanceof BodyTooLarge
          ? `Request body too large: the limit is ${MAX_BODY_BYTES} bytes.`
          : failure instanceof BodyNotUtf8
            ? 'Invalid request: the body is not valid UTF-8.'
            : 'The request body could not be read.';
      const tooLarge = failure instanceof BodyTooLarge;
      const rendered = toErrorResponse(invalidRequest(message, { status: tooLarge ? 413 : 400 }));
      // The rest of an oversized body is never read, so that connection cannot carry another request.
      return json(rendered.status, rendered.body, tooLarge ? { Connection: 'close' } : {});
    }
    if (url.pathname.startsWith('/3ds/')) {
      let form: FormHash;
      let query: FormHash;
      try {
        query = decodeForm(url.search.slice(1));
        form = method === 'POST' ? decodeForm(rawBody) : {};
      } catch (failure) {
        const rendered = toErrorResponse(failure);
        return json(rendered.status, rendered.body);
      }
      return handleHostedPage(accounts, {
        method,
        pathname: url.pathname,
        query,
        form,
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
    withIdSource(ids, () => {
      const requestId = `req_${randomBase62(14, 'req')}`;
      respond(req, requestId)
        .catch((): Reply => json(500, toErrorResponse(undefined).body))
        .then((reply) => {
          if (reply === DROPPED || res.headersSent || res.destroyed) return;
          res.writeHead(reply.status, { ...CORS_HEADERS, 'Request-Id': requestId, ...reply.headers });
          res.end(reply.body);
        })
        .catch(() => res.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Requests Node cannot even parse (bad request line, oversized headers) still get Stripe's error shape.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify(toErrorResponse(invalidRequest(status === 431 ? 'Request headers too large.' : 'Malformed HTTP request.', { status })).body);
    const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
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
    faults: { add: (rule) => faults.add(rule), clear: () => faults.clear() },
    webhooks: { idle: () => webhooks.idle(), attempts: () => webhooks.attemptLog() },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        webhooks.close();
        faultTimers.cancelAll();
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
      webhooks.cancelAll();
      faults.clear();
      accounts.reset();
      idempotency.clear();
      ids.reset();
      seedWebhookEndpoints();
    },
  };
}
