/**
 * The customer's browser: headless Chromium driven by playwright-core, used to complete or fail
 * 3DS challenges on the hosted authentication page. Only allowed origins are reached; the shop's
 * return URL is answered locally, so no journey ever leaves the machine on the embedded default.
 */
import { existsSync } from 'node:fs';
import type { Browser, Frame, Page, Route } from 'playwright-core';
import { CheckError } from './errors';
import type { ChallengeAction } from './journeys';

// Loaded when a browser launches: commands that never open one (history, synth) skip Playwright's
// load time, and a rollback loads it only after the label move, for its smoke journeys.
const playwright = () => require('playwright-core') as typeof import('playwright-core');

// Accessible names of the challenge buttons, on the stand-in and Stripe's test page alike.
// Kept in one place: if Stripe relabels its page, this is the only line to change.
const BUTTON_NAMES: Record<ChallengeAction, RegExp> = {
  complete: /^complete( authentication)?$/i,
  fail: /^fail( authentication)?$/i,
};

// Flags for a closed network: without them Chromium phones home at start (env: machines/node.md).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const CANDIDATE_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (existsSync(configured)) return configured;
    throw new CheckError('browser_unavailable', `CHROMIUM_PATH=${configured} does not exist`);
  }
  const found = CANDIDATE_PATHS.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new CheckError(
      'browser_unavailable',
      `No Chromium found (looked in ${CANDIDATE_PATHS.join(', ')})`,
      'Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.',
    );
  }
  return found;
}

export interface ChallengeRequest {
  url: string;
  action: ChallengeAction;
  /** The shop's return URL; the redirect back to it ends the challenge. */
  returnUrl: string;
  timeoutMs?: number;
}

export interface CustomerBrowser {
  /** Opens the authentication page, clicks the button, and returns the URL the customer came back to. */
  authenticate(request: ChallengeRequest): Promise<URL>;
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** Origins the browser may load besides the return URL (the stand-in, or Stripe's hosts). */
  allowedOrigins: string[];
}

export async function launchCustomerBrowser(options: BrowserOptions): Promise<CustomerBrowser> {
  let browser: Browser;
  try {
    browser = await playwright().chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  } catch (error) {
    if (error instanceof CheckError) throw error;
    throw new CheckError('browser_unavailable', `Chromium did not start: ${(error as Error).message.split('\n')[0]}`, undefined, {
      cause: error,
    });
  }
  const allowed = new Set(options.allowedOrigins.map((origin) => new URL(origin).origin));

  return {
    async authenticate(request) {
      const timeout = request.timeoutMs ?? 15_000;
      const returnTarget = new URL(request.returnUrl);
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        let resolveReturn!: (url: URL) => void;
        const returned = new Promise<URL>((resolve) => (resolveReturn = resolve));
        await page.route('**/*', (route) => guard(route, { allowed, returnTarget, onReturn: resolveReturn }));
        await page.goto(request.url, { timeout });
        await clickInAnyFrame(page, BUTTON_NAMES[request.action], timeout);
        return await withTimeout(returned, timeout, `no redirect back to ${returnTarget.origin}${returnTarget.pathname}`);
      } finally {
        await context.close();
      }
    },
    close: () => browser.close(),
  };
}

const RETURNED_PAGE = { status: 200, contentType: 'text/html', body: '<title>Returned to shop</title>' };

/**
 * Keeps the customer's traffic on the allowed origins. Playwright does not route the target of an
 * HTTP redirect (page.route docs: the handler is only called for the first URL), so allowed
 * requests are fetched here without following redirects: a redirect to the return URL ends the
 * journey on the spot, and one to any other origin is refused, so the shop's real site and the
 * internet are never reached.
 */
async function guard(
  route: Route,
  context: { allowed: Set<string>; returnTarget: URL; onReturn: (url: URL) => void },
): Promise<void> {
  const isReturn = (url: URL) => url.origin === context.returnTarget.origin && url.pathname === context.returnTarget.pathname;
  const url = new URL(route.request().url());
  try {
    if (isReturn(url)) {
      context.onReturn(url);
      return await route.fulfill(RETURNED_PAGE);
    }
    if (!context.allowed.has(url.origin)) return await route.abort('blockedbyclient');
    const response = await route.fetch({ maxRedirects: 0 });
    const location = response.headers().location;
    if (response.status() >= 300 && response.status() < 400 && location) {
      const target = new URL(location, url);
      if (isReturn(target)) {
        context.onReturn(target);
        return await route.fulfill(RETURNED_PAGE);
      }
      if (!context.allowed.has(target.origin)) {
        return await route.fulfill({ status: 403, contentType: 'text/plain', body: `stripe-config blocked a redirect to ${target.origin}` });
      }
    }
    await route.fulfill({ response });
  } catch {
    // The context closed once the journey had what it needed; the request no longer matters.
  }
}

/** Stripe's real test page puts the buttons in nested iframes; search every frame until one has it. */
async function clickInAnyFrame(page: Page, name: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const button = frame.getByRole('button', { name });
      if ((await countSafely(button)) > 0) {
        await button.first().click({ timeout: Math.max(1000, deadline - Date.now()) });
        return;
      }
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`no button named ${name} on ${page.url()}`);
}

async function countSafely(locator: ReturnType<Frame['getByRole']>): Promise<number> {
  try {
    return await locator.count();
  } catch {
    return 0; // the frame navigated away while we looked
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}
