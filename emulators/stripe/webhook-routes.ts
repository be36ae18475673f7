/**
 * Routes for webhook endpoints and events, in the API reference's order
 * (docs.stripe.com/api/webhook_endpoints, docs.stripe.com/api/events). Merged into routes.ts's table.
 * Everything here is per account: another account's keys get `No such webhook_endpoint` / `No such event`.
 */
import { pathObject, unixNow, type ApiRequest, type ApiRoute } from './api-request';
import type { StripeEvent } from './event-object';
import { page } from './lists';
import { bool, hash, int, list, metadata, read, str, type ParamHash } from './params';
import { EXPAND, PAGINATION, pageRequest } from './request-inputs';
import { createWebhookEndpoint, loopbackUrl, validEnabledEvents, type WebhookEndpointRecord } from './webhook-endpoints';

const expand = EXPAND;
const RETRIEVE = hash({ expand });
const LIST = { ...PAGINATION, expand };

const ENDPOINT_CREATE = hash(
  {
    url: str(5000),
    enabled_events: list(str()),
    description: str(5000),
    metadata: metadata(),
    api_version: str(),
    connect: bool(),
    expand,
  },
  ['url', 'enabled_events'],
);
const ENDPOINT_UPDATE = hash({
  url: str(5000),
  enabled_events: list(str()),
  description: str(5000),
  metadata: metadata(),
  disabled: bool(),
  expand,
});
const EVENT_LIST = hash({
  ...LIST,
  type: str(),
  types: list(str()),
  // Stripe also takes `created=<unix>`; the stand-in takes the range form only.
  created: hash({ gt: int(), gte: int(), lt: int(), lte: int() }),
  delivery_success: bool(),
});

function findEndpoint(request: ApiRequest): WebhookEndpointRecord {
  return pathObject(request, 'webhook_endpoint', (id) => request.account.objects.webhookEndpoints.get(id));
}

function createEndpoint(request: ApiRequest): unknown {
  const p = request.params;
  const description = read.string(p, 'description');
  const apiVersion = read.string(p, 'api_version');
  const record = createWebhookEndpoint({
    url: read.string(p, 'url')!,
    enabledEvents: read.strings(p, 'enabled_events') ?? [],
    created: unixNow(request),
    metadata: read.metadata(p, 'metadata') ?? {},
    ...(description === undefined ? {} : { description }),
    ...(apiVersion === undefined ? {} : { apiVersion }),
  });
  request.account.objects.webhookEndpoints.set(record.endpoint.id, record);
  // The secret is in the create response only, as with Stripe.
  return { ...record.endpoint, secret: record.secret };
}

function retrieveEndpoint(request: ApiRequest): unknown {
  return findEndpoint(request).endpoint;
}

function updateEndpoint(request: ApiRequest): unknown {
  const record = findEndpoint(request);
  const p = request.params;
  const endpoint = { ...record.endpoint };
  const url = read.string(p, 'url');
  if (url !== undefined) endpoint.url = loopbackUrl(url);
  const events = read.strings(p, 'enabled_events');
  if (events !== undefined) endpoint.enabled_events = validEnabledEvents(events);
  const description = read.string(p, 'description');
  if (description !== undefined) endpoint.description = description;
  const meta = read.metadata(p, 'metadata');
  if (meta !== undefined) endpoint.metadata = { ...endpoint.metadata, ...meta };
  const disabled = read.boolean(p, 'disabled');
  if (disabled !== undefined) endpoint.status = disabled ? 'disabled' : 'enabled';
  request.account.objects.webhookEndpoints.set(endpoint.id, { ...record, endpoint });
  return endpoint;
}

function deleteEndpoint(request: ApiRequest): unknown {
  const { endpoint } = findEndpoint(request);
  request.account.objects.webhookEndpoints.delete(endpoint.id);
  return { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
}

function listEndpoints(request: ApiRequest): unknown {
  const all = [...request.account.objects.webhookEndpoints.values()].map((r) => r.endpoint);
  return page(all, pageRequest(request.params), '/v1/webhook_endpoints');
}

function createdMatches(created: number, range: ParamHash | undefined): boolean {
  if (range === undefined) return true;
  const gt = read.integer(range, 'gt');
  const gte = read.integer(range, 'gte');
  const lt = read.integer(range, 'lt');
  const lte = read.integer(range, 'lte');
  return (gt === undefined || created > gt) && (gte === undefined || created >= gte) && (lt === undefined || created < lt) && (lte === undefined || created <= lte);
}

function listEvents(request: ApiRequest): unknown {
  const p = request.params;
  const type = read.string(p, 'type');
  const types = read.strings(p, 'types');
  const range = read.hash(p, 'created');
  const deliverySuccess = read.boolean(p, 'delivery_success');
  const events = [...request.account.objects.events.values()].filter(
    (event: StripeEvent) =>
      (type === undefined || typeMatches(type, event.type)) &&
      (types === undefined || types.includes(event.type)) &&
      createdMatches(event.created, range) &&
      (deliverySuccess === undefined || (event.pending_webhooks === 0) === deliverySuccess),
  );
  return page(events, pageRequest(p), '/v1/events');
}

/**
 * `type` with `*` wildcards (`payment_intent.*`, as in the API reference), matched piece by piece
 * rather than as a RegExp, which a request full of `*` could make backtrack for minutes.
 */
function typeMatches(pattern: string, type: string): boolean {
  const pieces = pattern.split('*');
  const first = pieces[0]!;
  if (pieces.length === 1) return type === first;
  const last = pieces[pieces.length - 1]!;
  if (type.length < first.length + last.length || !type.startsWith(first) || !type.endsWith(last)) return false;
  const end = type.length - last.length;
  let at = first.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = type.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}

function retrieveEvent(request: ApiRequest): unknown {
  return pathObject(request, 'event', (id) => request.account.objects.events.get(id));
}

export const WEBHOOK_ROUTES: readonly ApiRoute[] = [
  { method: 'POST', path: '/v1/webhook_endpoints', params: ENDPOINT_CREATE, publishable: 'refused', handle: createEndpoint },
  { method: 'GET', path: '/v1/webhook_endpoints/:webhook_endpoint', params: RETRIEVE, publishable: 'refused', handle: retrieveEndpoint },
  { method: 'POST', path: '/v1/webhook_endpoints/:webhook_endpoint', params: ENDPOINT_UPDATE, publishable: 'refused', handle: updateEndpoint },
  { method: 'GET', path: '/v1/webhook_endpoints', params: hash(LIST), publishable: 'refused', handle: listEndpoints },
  { method: 'DELETE', path: '/v1/webhook_endpoints/:webhook_endpoint', params: RETRIEVE, publishable: 'refused', handle: deleteEndpoint },

  { method: 'GET', path: '/v1/events/:event', params: RETRIEVE, publishable: 'refused', handle: retrieveEvent },
  { method: 'GET', path: '/v1/events', params: EVENT_LIST, publishable: 'refused', handle: listEvents },
];
