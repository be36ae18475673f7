/**
 * The page a customer sees when they come back from their bank's 3DS page. It says in words what
 * happened, and carries the outcome as data (`<main data-status data-payment-intent>`) so that a
 * test, or the gate's browser, can read it without parsing prose.
 */
import type { CheckoutOutcome, CheckoutStatus } from 'stripe-config/runtime';

interface Wording {
  title: string;
  /** Said when the outcome carries no customer message of its own. */
  text: string;
}

const WORDING: Record<CheckoutStatus, Wording> = {
  paid: { title: 'Thank you: your payment is complete', text: 'Your order is confirmed.' },
  authorized: { title: 'Thank you: your payment is authorised', text: 'Your order is confirmed; your card is charged when it ships.' },
  processing: { title: 'Your payment is processing', text: 'We will email you as soon as your bank confirms it.' },
  needs_authentication: { title: 'Your bank still needs you to confirm this payment', text: 'Continue to your bank to finish.' },
  authentication_failed: { title: 'Your payment was not completed', text: 'Your bank could not verify the payment.' },
  declined: { title: 'Your payment was not completed', text: 'Your card was declined.' },
  needs_customer: { title: 'Your payment was not completed', text: 'Your bank needs you to confirm this payment.' },
  canceled: { title: 'Your payment was canceled', text: 'Nothing was charged.' },
};

export function returnPage(outcome: CheckoutOutcome): string {
  const wording = WORDING[outcome.status];
  const text = 'customerMessage' in outcome ? outcome.customerMessage : wording.text;
  const data = {
    status: outcome.status,
    'payment-intent': outcome.paymentIntentId,
    'decline-code': outcome.status === 'declined' ? (outcome.declineCode ?? outcome.code) : undefined,
  };
  const attributes = Object.entries(data)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` data-${name}="${escapeHtml(value!)}"`)
    .join('');
  // A payment still waiting for the bank gets the way back to it, as a shop's page would offer.
  const next =
    outcome.status === 'needs_authentication' && outcome.redirectUrl ? `<p><a href="${escapeHtml(outcome.redirectUrl)}">Continue to your bank</a></p>` : '';
  return page(wording.title, `<main${attributes}><h1>${escapeHtml(wording.title)}</h1><p>${escapeHtml(text)}</p>${next}</main>`);
}

/** A page for a request the shop cannot answer with an outcome (no such payment, Stripe unreachable). */
export function problemPage(title: string, text: string): string {
  return page(title, `<main data-status="error"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main>`);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Example shop: ${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:3rem auto;max-width:36rem;padding:0 1rem}h1{font-size:1.4rem}</style></head>
<body>${body}</body></html>
`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}
