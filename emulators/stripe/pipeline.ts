/**
 * One request, as a flat pipeline of named stages in the spirit of stripe-mock's `HandleRequest`:
 *
 *   target → fault rules → body → (hosted page) → decode → authenticate → API version → route
 *   → authorize → idempotency → validate parameters → handler → JSON
 *
 * Each stage either hands what it learnt to the next or ends the request with Stripe's answer
 * (errors.ts renders every failure, replies.ts writes it). Nothing here knows about payments: that is
 * the route table's handlers (routes.ts) and the hosted page (pages.ts). The pipeline never throws
 * on input and logs nothing (so no key material either).
 */
import type http from 'node:http';
import type { AccountDirectory, Credential } from './accounts';
import type { ApiRequest, ApiRoute } from './api-request';
import { negotiateApiVersion } from './api-versions';
import { faultReply } from './control';
import { invalidRequest, publishableKeyRefused, StripeApiError } from './errors';
import type { EventLog } from './events';
import { decodeForm, type FormHash } from './form-encoding';
import { fingerprintOf, idempotently, type IdempotencyStore } from './idempotency';
import { validateParams } from './params';
import { handleHostedPage, isHostedPagePath } from './pages';
import { DROPPED, errorReply, json, PREFLIGHT, type Reply } from './replies';
import {
  checkContentType,
  header,
  readBody,
  requestKey,
  requestLabel,
  requestTarget,
  unreadableBodyError,
  type UnreadableBody,
  type RequestTarget,
} from './requests';
import { checkRestrictedKey } from './restricted-keys';
import { matchRoute, type RouteMatch } from './routes';
import type { FaultInjector, FaultTimers } from '../shared';

/** What the pipeline works with: one emulator's state, faults and clock. */
export interface StandIn {
  readonly accounts: AccountDirectory;
  readonly idempotency: IdempotencyStore;
  readonly events: EventLog;
  readonly faults: FaultInjector;
  readonly faultTimers: FaultTimers;
  readonly now: () => Date;
  /** `http://127.0.0.1:PORT`, known once the server listens; links to hosted pages use it. */
  baseUrl: string;
}

export async function handleRequest(standIn: StandIn, req: http.IncomingMessage, requestId: string): Promise<Reply> {
  const target = requestTarget(req);
  if (target === undefined) return errorReply(invalidRequest('Malformed request URL.'));
  if (target.method === 'OPTIONS') return PREFLIGHT;
  const fault = await injectFault(standIn, req, target);
  if (fault !== undefined) return fault;
  const body = await readBody(req).catch(bodyRefusal);
  if (typeof body !== 'string') return body;
  if (isHostedPagePath(target.url.pathname)) return hostedPage(standIn, target, body);
  try {
    return apiReply(standIn, req, target, body, requestId);
  } catch (failure) {
    return errorReply(failure);
  }
}

/** Fault rules (control.ts): a delay, then the request goes on, is answered with a status, or is cut off. */
async function injectFault(standIn: StandIn, req: http.IncomingMessage, target: RequestTarget): Promise<Reply | undefined> {
  const plan = standIn.faults.planFor(requestLabel(target));
  await standIn.faultTimers.wait(plan);
  if (plan.outcome.kind === 'drop') {
    req.socket.destroy();
    return DROPPED;
  }
  return plan.outcome.kind === 'status' ? faultReply(plan.outcome.status) : undefined;
}

/** The rest of an oversized body is never read, so that connection cannot carry another request. */
function bodyRefusal(failure: UnreadableBody): Reply {
  return errorReply(unreadableBodyError(failure), failure.tooLarge ? { Connection: 'close' } : {});
}

/** The hosted 3DS page: form fields, no key, no API version (pages.ts). */
function hostedPage(standIn: StandIn, target: RequestTarget, rawBody: string): Reply {
  let query: FormHash;
  let form: FormHash;
  try {
    query = decodeForm(target.url.search.slice(1));
    form = target.method === 'POST' ? decodeForm(rawBody) : {};
  } catch (failure) {
    return errorReply(failure);
  }
  return handleHostedPage(standIn.accounts, {
    method: target.method,
    pathname: target.url.pathname,
    query,
    form,
    baseUrl: standIn.baseUrl,
    now: standIn.now(),
    events: standIn.events,
  });
}

/** The API: every stage until the route's handler runs; a failure here is answered without a Stripe-Version. */
function apiReply(standIn: StandIn, req: http.IncomingMessage, target: RequestTarget, rawBody: string, requestId: string): Reply {
  const raw = decode(req, target, rawBody);
  const credential = standIn.accounts.authenticate(requestKey(req, raw));
  const account = credential.account;
  const apiVersion = negotiateApiVersion(header(req, 'stripe-version'), account.defaultApiVersion);
  const match = findRoute(target);
  authorize(credential, match.route, target);
  const idempotencyKey = target.method === 'POST' ? header(req, 'idempotency-key') : undefined;
  const idempotent = {
    accountId: account.id,
    key: idempotencyKey,
    endpoint: requestLabel(target),
    fingerprint: fingerprintOf(raw),
    at: standIn.now().getTime(),
    apiVersion,
  };
  return idempotently(standIn.idempotency, idempotent, () =>
    runRoute(match, raw, apiVersion, {
      account,
      keyKind: credential.kind,
      apiVersion,
      pathParams: match.pathParams,
      baseUrl: standIn.baseUrl,
      now: standIn.now(),
      events: standIn.events,
      requestId,
      idempotencyKey,
    }),
  );
}

/** Query and form body as one bracket-notation hash; a POST body must be form-encoded. */
function decode(req: http.IncomingMessage, target: RequestTarget, rawBody: string): FormHash {
  if (target.method === 'POST') checkContentType(req, rawBody);
  const query = decodeForm(target.url.search.slice(1));
  const body = target.method === 'POST' ? decodeForm(rawBody) : {};
  return { ...query, ...body };
}

function findRoute(target: RequestTarget): RouteMatch {
  const match = matchRoute(target.method, target.url.pathname);
  if (match !== undefined) return match;
  throw invalidRequest(
    `Unrecognized request URL (${target.method}: ${target.url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    { status: 404 },
  );
}

/** A restricted key needs the route's permission; a publishable key only reaches the routes that allow it. */
function authorize(credential: Credential, route: ApiRoute, target: RequestTarget): void {
  checkRestrictedKey(credential, target.method, target.url.pathname);
  if (credential.kind === 'publishable' && route.publishable === 'refused') throw publishableKeyRefused();
}

/**
 * Validates the parameters against the route's schema and runs its handler. A Stripe error here is the
 * answer (and is saved for an idempotent replay); anything else is the stand-in's own fault, a 500.
 */
function runRoute(
  match: RouteMatch,
  raw: FormHash,
  apiVersion: string,
  request: Omit<ApiRequest, 'params'>,
): Reply {
  const versionHeaders = { 'Stripe-Version': apiVersion };
  try {
    const params = validateParams(raw, match.route.params);
    return json(200, match.route.handle({ ...request, params }), versionHeaders);
  } catch (failure) {
    if (!(failure instanceof StripeApiError)) throw failure;
    return errorReply(failure, versionHeaders);
  }
}
