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
 *
 * Plain HTML forms: no scripts, no external assets, so it works in any browser and without JS.
 */
import type { AccountDirectory } from './accounts';
import type { EventLog } from './events';
import { StripeApiError } from './errors';
import type { FormHash } from './form-encoding';
import { challengeUrl } from './handler-support';
import { newClientSecret, newId } from './ids';
import {
  finishAuthentication,
  redirectStatus,
  type AuthenticationOutcome,
  type IntentContext,
  type PaymentIntent,
} from './payment-intents';
import { finishSetupAuthentication, setupRedirectStatus, type SetupIntent } from './setup-intents';
import { paymentTransitionEvents, recordEvents, setupTransitionEvents, type EventSink } from './transition-events';
import type { Account } from './accounts';

export const CHALLENGE_PATH_PREFIX = '/3ds/authenticate/';
export const COMPLETE_BUTTON = 'Complete authentication';
export const FAIL_BUTTON = 'Fail authentication';
const PAGE_TITLE = '3D Secure 2 Test Page';

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

export interface HostedPageResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function formatAmount(intent: PaymentIntent): string {
  const zeroDecimal = ['jpy', 'krw', 'vnd', 'clp', 'xof', 'xaf'].includes(intent.currency);
  const value = zeroDecimal ? String(intent.amount) : (intent.amount / 100).toFixed(2);
  return `${value} ${intent.currency.toUpperCase()}`;
}

function page(status: number, title: string, main: string): HostedPageResponse {
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#f6f9fc;color:#1a1f36;margin:0;padding:2rem}
main{max-width:28rem;margin:auto;background:#fff;border-radius:8px;padding:1.5rem;box-shadow:0 2px 8px #0002}
.note{color:#697386;font-size:.85rem}
.actions{display:flex;gap:.75rem;margin-top:1.25rem}
button{flex:1;padding:.75rem;border:0;border-radius:6px;font-size:1rem;cursor:pointer}
.complete{background:#635bff;color:#fff}.fail{background:#e3e8ee;color:#1a1f36}
</style>
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`;
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      // No scripts or external loads; form-action is left open because the POST redirects to the shop.
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'Referrer-Policy': 'no-referrer',
    },
    body,
  };
}

function messagePage(status: number, heading: string, text: string): HostedPageResponse {
  return page(status, PAGE_TITLE, `<h1>${escapeHtml(heading)}</h1>\n<p>${escapeHtml(text)}</p>`);
}

function challengePage(intentId: string, purpose: string, last4: string, clientSecret: string): HostedPageResponse {
  const action = `${CHALLENGE_PATH_PREFIX}${encodeURIComponent(intentId)}`;
  return page(
    200,
    PAGE_TITLE,
    `<h1>${PAGE_TITLE}</h1>
<p>Authenticate ${purpose} with the card ending in <strong>${escapeHtml(last4)}</strong>.</p>
<p class="note">This is a test-mode stand-in for Stripe's 3D Secure test page. No real bank is involved.</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="client_secret" value="${escapeHtml(clientSecret)}">
<div class="actions">
<button type="submit" class="complete" name="outcome" value="complete">${COMPLETE_BUTTON}</button>
<button type="submit" class="fail" name="outcome" value="fail">${FAIL_BUTTON}</button>
</div>
</form>`,
  );
}

/** `return_url` with Stripe's three query parameters added (facts: `next_action`). */
export function returnUrlFor(returnUrl: string, intent: PaymentIntent): string {
  return withRedirectParams(returnUrl, 'payment_intent', intent.id, intent.client_secret, redirectStatus(intent));
}

/** The same for a SetupIntent: `setup_intent`, `setup_intent_client_secret`, `redirect_status`. */
export function setupReturnUrlFor(returnUrl: string, intent: SetupIntent): string {
  return withRedirectParams(returnUrl, 'setup_intent', intent.id, intent.client_secret, setupRedirectStatus(intent));
}

function withRedirectParams(returnUrl: string, kind: string, id: string, clientSecret: string, status: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set(kind, id);
  url.searchParams.set(`${kind}_client_secret`, clientSecret);
  url.searchParams.set('redirect_status', status);
  return url.toString();
}

function pageEventSink(account: Account, request: HostedPageRequest): EventSink {
  return { account, log: request.events, origin: { apiVersion: account.defaultApiVersion, now: request.now, requestId: null, idempotencyKey: null } };
}

/** Where the browser goes once the customer has answered: the shop, or a closing page. */
function finished(returnUrl: string | null, location: () => string): HostedPageResponse {
  if (returnUrl === null) return messagePage(200, 'Authentication finished', 'You can close this window and return to the shop.');
  return { status: 303, headers: { Location: location(), 'Cache-Control': 'no-store' }, body: '' };
}

function firstString(hashValue: FormHash, key: string): string | undefined {
  const v = hashValue[key];
  return typeof v === 'string' ? v : undefined;
}

/** Serves the hosted pages; never throws (an unexpected failure is a plain 500 page). */
export function handleHostedPage(accounts: AccountDirectory, request: HostedPageRequest): HostedPageResponse {
  try {
    return hostedPage(accounts, request);
  } catch (failure) {
    if (failure instanceof StripeApiError) return messagePage(failure.status, 'Authentication unavailable', failure.message);
    return messagePage(500, 'Something went wrong', 'The stand-in could not process this page.');
  }
}

function hostedPage(accounts: AccountDirectory, request: HostedPageRequest): HostedPageResponse {
  const rest = request.pathname.slice(CHALLENGE_PATH_PREFIX.length);
  if (!request.pathname.startsWith(CHALLENGE_PATH_PREFIX) || rest === '' || rest.includes('/')) {
    return messagePage(404, 'Not found', 'There is no page at this address.');
  }
  let intentId: string;
  try {
    intentId = decodeURIComponent(rest);
  } catch {
    return messagePage(404, 'Not found', 'There is no page at this address.');
  }
  const source = request.method === 'POST' ? request.form : request.query;
  const clientSecret = firstString(source, 'client_secret');
  if (intentId.startsWith('seti_')) return setupIntentPage(accounts, request, intentId, clientSecret);
  const found = accounts.findPaymentIntent(intentId);
  if (found === undefined || clientSecret === undefined || clientSecret !== found.state.intent.client_secret) {
    return messagePage(404, 'Not found', 'This authentication link is not valid.');
  }
  const { account, state } = found;

  if (request.method === 'GET') {
    if (state.intent.status !== 'requires_action' || state.paymentMethod === null) {
      return messagePage(409, 'Nothing to authenticate', `This payment has a status of ${state.intent.status}.`);
    }
    const purpose = `a payment of <strong>${escapeHtml(formatAmount(state.intent))}</strong>`;
    return challengePage(state.intent.id, purpose, state.paymentMethod.card.number.slice(-4), clientSecret);
  }
  if (request.method !== 'POST') return messagePage(405, 'Method not allowed', 'Use the buttons on the page.');

  const outcomeField = firstString(request.form, 'outcome');
  if (outcomeField !== 'complete' && outcomeField !== 'fail') {
    return messagePage(400, 'Choose an outcome', 'Use "Complete authentication" or "Fail authentication".');
  }
  const ctx: IntentContext = {
    apiVersion: account.defaultApiVersion,
    now: Math.floor(request.now.getTime() / 1000),
    newId,
    newClientSecret,
    challengeUrl: (id, secret) => challengeUrl(request.baseUrl, id, secret),
  };
  const transition = finishAuthentication(state, outcomeField as AuthenticationOutcome, ctx);
  account.objects.storePaymentIntentTransition(transition);
  recordEvents(pageEventSink(account, request), paymentTransitionEvents(state.intent.status, transition, outcomeField === 'fail'));
  const intent = transition.state.intent;
  return finished(transition.state.returnUrl, () => returnUrlFor(transition.state.returnUrl!, intent));
}

/** The same page for a SetupIntent (facts: SetupIntent `requires_action`). */
function setupIntentPage(accounts: AccountDirectory, request: HostedPageRequest, intentId: string, clientSecret: string | undefined): HostedPageResponse {
  const found = accounts.findSetupIntent(intentId);
  if (found === undefined || clientSecret === undefined || clientSecret !== found.state.intent.client_secret) {
    return messagePage(404, 'Not found', 'This authentication link is not valid.');
  }
  const { account, state } = found;
  if (request.method === 'GET') {
    if (state.intent.status !== 'requires_action' || state.paymentMethod === null) {
      return messagePage(409, 'Nothing to authenticate', `This card setup has a status of ${state.intent.status}.`);
    }
    return challengePage(state.intent.id, 'saving this card for future payments', state.paymentMethod.card.number.slice(-4), clientSecret);
  }
  if (request.method !== 'POST') return messagePage(405, 'Method not allowed', 'Use the buttons on the page.');
  const outcome = firstString(request.form, 'outcome');
  if (outcome !== 'complete' && outcome !== 'fail') {
    return messagePage(400, 'Choose an outcome', 'Use "Complete authentication" or "Fail authentication".');
  }
  const transition = finishSetupAuthentication(state, outcome);
  account.objects.storeSetupIntentTransition(transition);
  // A failed challenge or a declined card check both end in requires_payment_method.
  const failed = transition.state.intent.status === 'requires_payment_method';
  recordEvents(pageEventSink(account, request), setupTransitionEvents(state.intent.status, transition, failed));
  return finished(transition.state.returnUrl, () => setupReturnUrlFor(transition.state.returnUrl!, transition.state.intent));
}
