/**
 * The hosted 3D Secure test page that `next_action.redirect_to_url.url` points to, standing in for
 * Stripe's test authentication page under hooks.stripe.com (facts: automating the challenge).
 *
 *   GET  /3ds/authenticate/:intent?client_secret=…   → the page: "Complete authentication" / "Fail authentication"
 *   POST /3ds/authenticate/:intent  (form: client_secret, outcome=complete|fail)
 *        → 303 to `return_url?payment_intent=…&payment_intent_client_secret=…&redirect_status=succeeded|failed`
 *          (`setup_intent=…&setup_intent_client_secret=…` for a SetupIntent, `:intent` being `seti_…`),
 *          or a "you may close this window" page when the intent has no return_url (use_stripe_sdk flow).
 *
 * Both next-action kinds land here: `redirect_to_url.url` and `use_stripe_sdk.stripe_js` are this page.
 * PaymentIntents and SetupIntents take the same steps; the answer runs the kind's
 * `finishAuthentication` (payment-intent-routes.ts, setup-intent-routes.ts). The HTML is page-html.ts.
 */
import type { Account, AccountDirectory } from './accounts';
import { StripeApiError } from './errors';
import { recordEvents, type EventLog, type EventSink } from './events';
import type { FormHash } from './form-encoding';
import { CHALLENGE_PATH_PREFIX, intentContext } from './intent-context';
import type { IntentObject, IntentState } from './intent-lifecycle';
import type { IntentResource } from './intent-routes';
import { challengePage, escapeHtml, formatAmount, messagePage, type HtmlPage } from './page-html';
import { PAYMENT_INTENTS } from './payment-intent-routes';
import type { PaymentIntentState } from './payment-intents';
import { SETUP_INTENTS } from './setup-intent-routes';
import type { SetupIntentState } from './setup-intents';

export { COMPLETE_BUTTON, FAIL_BUTTON } from './page-html';

/** Requests under this path are hosted pages, not the API. */
export function isHostedPagePath(pathname: string): boolean {
  return pathname.startsWith('/3ds/');
}

export interface HostedPageRequest {
  method: string;
  pathname: string;
  query: FormHash;
  form: FormHash;
  baseUrl: string;
  now: Date;
  /** Where transitions are recorded as Events (and so delivered to webhook endpoints). */
  events: EventLog;
}

export type HostedPageResponse = HtmlPage;

/** What the page says about each kind of intent. */
interface ChallengedKind<S extends IntentState<IntentObject>> {
  resource: IntentResource<S, string>;
  /** What the customer authenticates (HTML). */
  purpose(state: S): string;
  /** How the page names it when there is nothing to authenticate. */
  noun: string;
}

const PAYMENT: ChallengedKind<PaymentIntentState> = {
  resource: PAYMENT_INTENTS,
  purpose: ({ intent }) => `a payment of <strong>${escapeHtml(formatAmount(intent.amount, intent.currency))}</strong>`,
  noun: 'payment',
};

const SETUP: ChallengedKind<SetupIntentState> = {
  resource: SETUP_INTENTS,
  purpose: () => 'saving this card for future payments',
  noun: 'card setup',
};

const NOT_FOUND = (): HtmlPage => messagePage(404, 'Not found', 'There is no page at this address.');

/** Serves the hosted pages; never throws (an unexpected failure is a plain 500 page). */
export function handleHostedPage(accounts: AccountDirectory, request: HostedPageRequest): HostedPageResponse {
  try {
    return hostedPage(accounts, request);
  } catch (failure) {
    if (failure instanceof StripeApiError) return messagePage(failure.status, 'Authentication unavailable', failure.message);
    return messagePage(500, 'Something went wrong', 'The stand-in could not process this page.');
  }
}

function hostedPage(accounts: AccountDirectory, request: HostedPageRequest): HtmlPage {
  const rest = request.pathname.slice(CHALLENGE_PATH_PREFIX.length);
  if (!request.pathname.startsWith(CHALLENGE_PATH_PREFIX) || rest === '' || rest.includes('/')) return NOT_FOUND();
  let intentId: string;
  try {
    intentId = decodeURIComponent(rest);
  } catch {
    return NOT_FOUND();
  }
  const clientSecret = firstString(request.method === 'POST' ? request.form : request.query, 'client_secret');
  return intentId.startsWith('seti_')
    ? intentPage(SETUP, accounts, request, intentId, clientSecret)
    : intentPage(PAYMENT, accounts, request, intentId, clientSecret);
}

/** GET shows the challenge (facts: `requires_action`); POST answers it and sends the customer on. */
function intentPage<S extends IntentState<IntentObject>>(
  kind: ChallengedKind<S>,
  accounts: AccountDirectory,
  request: HostedPageRequest,
  intentId: string,
  clientSecret: string | undefined,
): HtmlPage {
  const { resource } = kind;
  const found = accounts.findIntent(resource.stored, intentId);
  if (found === undefined || clientSecret === undefined || clientSecret !== found.state.intent.client_secret) {
    return messagePage(404, 'Not found', 'This authentication link is not valid.');
  }
  const { account, state } = found;
  if (request.method === 'GET') {
    if (state.intent.status !== 'requires_action' || state.paymentMethod === null) {
      return messagePage(409, 'Nothing to authenticate', `This ${kind.noun} has a status of ${state.intent.status}.`);
    }
    return challengePage(state.intent.id, kind.purpose(state), state.paymentMethod.card.number.slice(-4), clientSecret);
  }
  if (request.method !== 'POST') return messagePage(405, 'Method not allowed', 'Use the buttons on the page.');
  const outcome = firstString(request.form, 'outcome');
  if (outcome !== 'complete' && outcome !== 'fail') {
    return messagePage(400, 'Choose an outcome', 'Use "Complete authentication" or "Fail authentication".');
  }
  const ctx = intentContext({ apiVersion: account.defaultApiVersion, now: request.now, baseUrl: request.baseUrl });
  const change = resource.finishAuthentication(state, outcome, ctx);
  account.objects.keepIntent(resource.stored(account.objects), change);
  recordEvents(pageEventSink(account, request), change.events);
  const { intent, returnUrl } = change.state;
  if (returnUrl === null) return messagePage(200, 'Authentication finished', 'You can close this window and return to the shop.');
  const location = withRedirectParams(returnUrl, resource.object, intent.id, intent.client_secret, resource.redirectStatus(intent));
  return { status: 303, headers: { Location: location, 'Cache-Control': 'no-store' }, body: '' };
}

/** `return_url` with Stripe's three query parameters added (facts: `next_action`). */
function withRedirectParams(returnUrl: string, kind: string, id: string, clientSecret: string, status: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set(kind, id);
  url.searchParams.set(`${kind}_client_secret`, clientSecret);
  url.searchParams.set('redirect_status', status);
  return url.toString();
}

/** A customer's answer on the page is no API request: its Events carry no request id. */
function pageEventSink(account: Account, request: HostedPageRequest): EventSink {
  return { account, log: request.events, origin: { apiVersion: account.defaultApiVersion, now: request.now, requestId: null, idempotencyKey: null } };
}

function firstString(hashValue: FormHash, key: string): string | undefined {
  const v = hashValue[key];
  return typeof v === 'string' ? v : undefined;
}
