/**
 * The emulator's lifecycle: its state (accounts, idempotency keys, events, webhook delivery, fault
 * rules, ids), the Node `http` server that hands each request to the pipeline (pipeline.ts), and the
 * control surface: `close()` and `reset()`. Each request runs inside the emulator's IdSource, so
 * `ids: 'sequential'` holds per instance.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { AccountDirectory, type StripeAccountSpec } from './accounts';
import { invalidRequest, toErrorResponse } from './errors';
import { EventLog } from './events';
import { IdempotencyStore } from './idempotency';
import { IdSource, randomBase62, withIdSource, type IdMode } from './ids';
import { handleRequest, type StandIn } from './pipeline';
import { CORS_HEADERS, DROPPED, errorReply, type Reply } from './replies';
import { FaultInjector, FaultTimers } from '../shared';
import { WebhookDispatcher, type WebhookAttempt, type WebhookDeliveryOptions } from './webhook-delivery';
import { createWebhookEndpoint } from './webhook-endpoints';

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

/** Endpoints from the account specs exist from the start and again after each reset. */
function seedWebhookEndpoints(standIn: StandIn, ids: IdSource): void {
  withIdSource(ids, () => {
    for (const account of standIn.accounts.all()) {
      for (const spec of account.configuredWebhookEndpoints ?? []) {
        const record = createWebhookEndpoint({
          url: spec.url,
          enabledEvents: spec.enabledEvents,
          created: Math.floor(standIn.now().getTime() / 1000),
          ...(spec.secret === undefined ? {} : { secret: spec.secret }),
          ...(spec.description === undefined ? {} : { description: spec.description }),
        });
        account.objects.webhookEndpoints.set(record.endpoint.id, record);
      }
    }
  });
}

/**
 * Requests Node cannot even parse (bad request line, oversized headers) still get Stripe's error
 * shape, written straight to the socket since there is no response object.
 */
function answerUnparsable(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify(toErrorResponse(invalidRequest(status === 431 ? 'Request headers too large.' : 'Malformed HTTP request.', { status })).body);
  const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const standIn: StandIn = {
    accounts: new AccountDirectory(options.accounts),
    idempotency: new IdempotencyStore(),
    events: new EventLog(),
    faults: new FaultInjector(),
    faultTimers: new FaultTimers(),
    now: options.now ?? (() => new Date()),
    baseUrl: '',
  };
  const ids = new IdSource(options.ids ?? 'random');
  const webhooks = new WebhookDispatcher(standIn.events, options.webhooks ?? {}, standIn.now);
  seedWebhookEndpoints(standIn, ids);

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    res.on('error', () => undefined);
    withIdSource(ids, () => {
      const requestId = `req_${randomBase62(14, 'req')}`;
      handleRequest(standIn, req, requestId)
        .catch((): Reply => errorReply(undefined))
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
  server.on('clientError', answerUnparsable);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.address.includes(':') ? `[${address.address}]` : address.address;
  standIn.baseUrl = `http://${hostForUrl}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: standIn.baseUrl,
    host: address.address,
    port: address.port,
    faults: { add: (rule) => standIn.faults.add(rule), clear: () => standIn.faults.clear() },
    webhooks: { idle: () => webhooks.idle(), attempts: () => webhooks.attemptLog() },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        webhooks.close();
        standIn.faultTimers.cancelAll();
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
      standIn.faults.clear();
      standIn.accounts.reset();
      standIn.idempotency.clear();
      ids.reset();
      seedWebhookEndpoints(standIn, ids);
    },
  };
}
