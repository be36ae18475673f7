/**
 * The contract between the server and the route handlers: the request a handler gets (validated
 * parameters, the account, the API version, the clock), the shape of a route, and what every handler
 * does the same way: find the object the URL names, and record Events.
 */
import type { Account, KeyKind } from './accounts';
import { resourceMissing } from './errors';
import { recordEvents, type EventLog } from './events';
import type { HashSpec, ParamHash } from './params';
import type { PendingEvent } from './transition-events';

export interface ApiRequest {
  account: Account;
  keyKind: KeyKind;
  apiVersion: string;
  params: ParamHash;
  pathParams: Readonly<Record<string, string>>;
  /** `http://127.0.0.1:PORT`, for links to hosted pages. */
  baseUrl: string;
  now: Date;
  /** Where transitions are recorded as Events (and so delivered to webhook endpoints). */
  events: EventLog;
  requestId: string;
  idempotencyKey: string | undefined;
}

/**
 * Publishable keys may create PaymentMethods and, with the intent's client secret, retrieve and
 * confirm a PaymentIntent or SetupIntent (what Stripe.js does); everything else needs a secret key
 * (facts: requests).
 */
export type PublishableAccess = 'refused' | 'allowed' | 'with_client_secret';

/** One row of the route table (routes.ts). */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  params: HashSpec;
  publishable: PublishableAccess;
  handle(request: ApiRequest): unknown;
}

export function unixNow(request: ApiRequest): number {
  return Math.floor(request.now.getTime() / 1000);
}

/**
 * The object named by the URL's `:param` (`/v1/charges/:charge`), or Stripe's 404
 * `No such <resource>` (the same for another account's object as for one that never existed).
 */
export function pathObject<T>(request: ApiRequest, param: string, find: (id: string) => T | undefined, resource = param): T {
  const id = request.pathParams[param] ?? '';
  const found = find(id);
  if (found === undefined) throw resourceMissing(resource, id);
  return found;
}

/** Records Events rendered at the account's default version (Stripe renders them so), tagged with the request. */
export function record(request: ApiRequest, events: readonly PendingEvent[]): void {
  recordEvents(
    {
      account: request.account,
      log: request.events,
      origin: {
        apiVersion: request.account.defaultApiVersion,
        now: request.now,
        requestId: request.requestId,
        idempotencyKey: request.idempotencyKey ?? null,
      },
    },
    events,
  );
}
