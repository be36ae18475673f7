/**
 * The HTML of the hosted 3D Secure test page: the challenge with its two buttons, and the short
 * message pages around it. Plain HTML forms: no scripts, no external assets, so it works in any
 * browser and without JS. What the buttons do is pages.ts.
 */
import { CHALLENGE_PATH_PREFIX } from './intent-context';

export const COMPLETE_BUTTON = 'Complete authentication';
export const FAIL_BUTTON = 'Fail authentication';
const PAGE_TITLE = '3D Secure 2 Test Page';

export interface HtmlPage {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `20.00 EUR`; zero-decimal currencies have no minor unit (docs.stripe.com/currencies#zero-decimal). */
export function formatAmount(amount: number, currency: string): string {
  const zeroDecimal = ['jpy', 'krw', 'vnd', 'clp', 'xof', 'xaf'].includes(currency);
  const value = zeroDecimal ? String(amount) : (amount / 100).toFixed(2);
  return `${value} ${currency.toUpperCase()}`;
}

function page(status: number, title: string, main: string): HtmlPage {
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

export function messagePage(status: number, heading: string, text: string): HtmlPage {
  return page(status, PAGE_TITLE, `<h1>${escapeHtml(heading)}</h1>\n<p>${escapeHtml(text)}</p>`);
}

/** `purpose` is HTML ("a payment of <strong>20.00 EUR</strong>"); everything else is escaped here. */
export function challengePage(intentId: string, purpose: string, last4: string, clientSecret: string): HtmlPage {
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
