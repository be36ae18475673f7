/**
 * The customer's way back to the shop after the challenge, as the browser takes it: a request to
 * one of the shop's declared origins is answered by the loopback shop (the embedded default) or by
 * the real shop over the network (real targets), and what came back is the `Landing`.
 */
import type { APIResponse, Route } from 'playwright-core';
import type { Landing } from './experience';

export interface ShopRoute {
  /** Origins the environment declares for its shop (config `shop.origins`); any other origin is refused. */
  origins: readonly string[];
  /** The loopback shop answering for them (embedded default); absent: the real shop, over the network. */
  loopbackUrl?: string;
}

/** A shop that redirects more often than this on its return page sends customers in circles. */
const MAX_SHOP_REDIRECTS = 5;

export const NOT_DECLARED = 'origin not declared by the shop';

/**
 * Fetches a page of the shop and fulfills the browser's request with it. Redirects within the
 * shop's origins are followed here, because Chromium follows a redirect without asking the route
 * again (page.route docs), which could leave loopback; one to any other origin is refused.
 * The landing keeps the URL Stripe sent the customer to, and the status of the page they got.
 */
export async function answerFromShop(route: Route, url: URL, shop: ShopRoute, timeoutMs: number): Promise<Landing> {
  const declared = new Set(shop.origins.map((origin) => new URL(origin).origin));
  const landed = (fields: Omit<Landing, 'url'>): Landing => ({ url: `${url.origin}${url.pathname}`, ...fields });
  let current = url;
  for (let hop = 0; hop <= MAX_SHOP_REDIRECTS; hop += 1) {
    let response: APIResponse;
    try {
      response = await route.fetch({ ...target(route, current, shop), ...(hop > 0 ? { method: 'GET' } : {}), maxRedirects: 0, timeout: timeoutMs });
    } catch (error) {
      return refuse(route, landed({ answered: false, problem: networkProblem(error, current) }));
    }
    const status = response.status();
    const location = response.headers().location;
    if (status >= 300 && status < 400 && location) {
      const next = new URL(location, current);
      if (!declared.has(next.origin)) return refuse(route, landed({ answered: false, httpStatus: status, problem: `redirected to ${next.origin}, ${NOT_DECLARED}` }));
      current = next;
      continue;
    }
    await route.fulfill({ response });
    // Answered: the page loaded (2xx), not an error page. A 404 on the return path strands the customer as surely as a dead host.
    return landed({ answered: status < 400, httpStatus: status, ...(status >= 400 ? { problem: `HTTP ${status}` } : {}) });
  }
  return refuse(route, landed({ answered: false, problem: `more than ${MAX_SHOP_REDIRECTS} redirects` }));
}

/** Where the request goes: the loopback shop with the declared host in Host and X-Forwarded-Host (as a proxy in front of a shop sends them), or the URL itself. */
function target(route: Route, url: URL, shop: ShopRoute): { url: string; headers?: Record<string, string> } {
  if (!shop.loopbackUrl) return { url: url.href };
  const forwarded = { host: url.host, 'x-forwarded-host': url.host, 'x-forwarded-proto': url.protocol.replace(':', '') };
  return { url: `${shop.loopbackUrl}${url.pathname}${url.search}`, headers: { ...route.request().headers(), ...forwarded } };
}

/** A page in place of one the customer could not reach, so the screenshot shows why. */
export async function refuse(route: Route, landing: Landing): Promise<Landing> {
  const body = `<!doctype html><title>Not reached</title><main data-status="not-reached"><h1>The customer did not reach the shop</h1><p>${escapeHtml(
    `${landing.url}: ${landing.problem ?? 'no answer'}`,
  )}</p><p>stripe-config stopped the browser here: no request was sent to this host.</p></main>`;
  await route.fulfill({ status: 502, contentType: 'text/html', body });
  return landing;
}

/** A network failure, named the way an on-call engineer searches for it: DNS, TLS, or the connection. */
export function networkProblem(error: unknown, url: URL): string {
  const message = ((error as Error)?.message ?? String(error)).split('\n')[0];
  const code = /\b(E[A-Z_]{3,}|ERR_[A-Z_]+)\b/.exec(message)?.[1];
  if (/ENOTFOUND|EAI_AGAIN|NAME_NOT_RESOLVED/.test(message)) return `DNS: ${code ?? 'not found'} ${url.hostname}`;
  if (/certificate|CERT_|SSL|TLS|self[- ]signed/i.test(message)) return `TLS: ${message.replace(/^.*?:\s*/, '')}`;
  if (/timeout|timed out/i.test(message)) return `timed out: ${url.origin}`;
  return `network: ${code ?? message}`;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]);
}
