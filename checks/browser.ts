/**
 * The customer's browser: headless Chromium driven by playwright-core, used to complete or fail
 * 3DS challenges on the hosted authentication page and to follow the customer back to the shop.
 * Only Stripe's origins and the shop's declared origins are reached; on the embedded default the
 * loopback shop answers for the latter, so no journey ever leaves the machine.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Frame, Locator, Page, Request, Route } from 'playwright-core';
import { CheckError } from './errors';
import type { JourneyEvidence, Landing } from './experience';
import type { ChallengeAction } from './journeys';
import { answerFromShop, NOT_DECLARED, refuse, type ShopRoute } from './shop-route';

// Loaded when a browser launches: commands that never open one (history, synth) skip Playwright's
// load time, and a rollback loads it only after the label move, for its smoke journeys.
const playwright = () => require('playwright-core') as typeof import('playwright-core');

// Accessible names of the challenge buttons, on the stand-in and Stripe's test page alike.
// Kept in one place: if Stripe relabels its page, this is the only line to change.
const BUTTON_NAMES: Record<ChallengeAction, RegExp> = {
  complete: /^complete( authentication)?$/i,
  fail: /^fail( authentication)?$/i,
};

/**
 * One renderer process for every page and frame: the customer's browser visits two or three sites
 * (the shop, Stripe, its authentication page), and a process per site cost a launch and its journeys
 * 1.1× the CPU (bench/browser.ts; 1.2× by process accounting) and 1.4× the wall time. What a page sees does not
 * change: site isolation is a wall between processes against compromised renderers, and these
 * browsers are throwaway ones that visit only Stripe's origins and the shop's declared ones.
 */
export const ONE_RENDERER = ['--renderer-process-limit=1', '--disable-site-isolation-trials'];

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
  ...ONE_RENDERER,
];

// Debian's chromium-headless-shell first: the same Chromium build without the browser's UI, and what
// Playwright itself runs for `headless: true` (microsoft/playwright#33566). A gate's launch and challenge
// journeys cost about 2.7× less CPU in it than in the full browser (bench/browser.ts). CHROMIUM_PATH
// picks another, e.g. /usr/bin/chromium for the full browser.
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(candidates: readonly string[] = CHROMIUM_CANDIDATES): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (existsSync(configured)) return configured;
    throw new CheckError('browser_unavailable', `CHROMIUM_PATH=${configured} does not exist`);
  }
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new CheckError(
      'browser_unavailable',
      `No Chromium found (looked in ${candidates.join(', ')})`,
      'Install it (Debian: apt-get install -y chromium-headless-shell, or chromium) or set CHROMIUM_PATH.',
    );
  }
  return found;
}

export interface ChallengeRequest {
  url: string;
  action: ChallengeAction;
  /** The shop's return URL, as configured: named when the customer never comes back. */
  returnUrl?: string;
  /** Where the shop lives and who answers for it; without it no origin is declared, so the customer is refused at the shop's door. */
  shop?: ShopRoute;
  /** PNG screenshots of the authentication page (before the click) and of the landing page; default false (they cost time). */
  screenshots?: boolean;
  timeoutMs?: number;
}

export interface AuthenticationResult {
  /** The URL Stripe sent the customer back to, query included (payment_intent, redirect_status). */
  returnedTo: URL;
  /** Whether the shop answered there. */
  landing: Landing;
  evidence: JourneyEvidence;
}

export interface CustomerBrowser {
  /** Opens the authentication page, clicks the button, follows the customer back to the shop and says where they landed. */
  authenticate(request: ChallengeRequest): Promise<AuthenticationResult>;
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** Origins of the authentication flow (the stand-in, or Stripe's hosts); the shop's come with each request. */
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
  const idle: Tab[] = [];

  return {
    async authenticate(request) {
      const timeout = request.timeoutMs ?? 15_000;
      const shop: ShopRoute = request.shop ?? { origins: [] };
      const tab = idle.pop() ?? (await openTab(browser));
      let reusable = false;
      try {
        const { page } = tab;
        let arrive!: (arrival: Arrival) => void;
        const arrived = new Promise<Arrival>((resolve) => (arrive = resolve));
        tab.trip = { allowed, shop, declared: new Set(shop.origins.map((origin) => new URL(origin).origin)), timeoutMs: timeout, arrive };
        await page.goto(request.url, { timeout });
        const button = await findInAnyFrame(page, BUTTON_NAMES[request.action], timeout);
        const authenticationPage = request.screenshots ? await page.screenshot() : undefined;
        await button.click({ timeout });
        const back = request.returnUrl ? new URL(request.returnUrl) : undefined;
        const arrival = await withTimeout(arrived, timeout, `no redirect back to the shop${back ? ` (${back.origin}${back.pathname})` : ''}`);
        const landingPage = request.screenshots ? await screenshotOnceLoaded(page, arrival.returnedTo, timeout) : undefined;
        // Only once the landing is on the page (its request went through the route) may the tab serve another customer.
        reusable = landingPage !== undefined || (await landingCommitted(page, arrival.returnedTo, timeout));
        return {
          returnedTo: arrival.returnedTo,
          landing: arrival.landing,
          evidence: { ...(authenticationPage ? { authenticationPage } : {}), ...(landingPage ? { landingPage } : {}) },
        };
      } finally {
        await release(tab, reusable, idle);
      }
    },
    close: () => browser.close(),
  };
}

/**
 * A customer's tab: one browser context and its page, kept for the next journey. Opening them was
 * most of what a challenge journey cost (a new renderer process each: docs/BENCHMARKS.md section 2).
 * Between customers the tab goes blank and its cookies are cleared (test/slow/checks/browser-tabs.test.ts);
 * other web storage of the authentication pages would live as long as the tab (the stand-in's page
 * keeps none). The route is installed once and guards the trip of the journey using the tab now;
 * between journeys every request is refused.
 */
interface Tab {
  context: BrowserContext;
  page: Page;
  trip?: Trip;
}

async function openTab(browser: Browser): Promise<Tab> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const tab: Tab = { context, page };
    await page.route('**/*', (route) => (tab.trip ? guard(route, tab.trip) : route.abort('blockedbyclient').catch(() => undefined)));
    return tab;
  } catch (error) {
    await context.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Back to the idle tabs, blank and without cookies, once the journey got what it needed; a tab
 * whose journey broke (a timeout, a page that never loaded) is closed instead, so that nothing it
 * was still doing reaches the next customer.
 */
async function release(tab: Tab, reusable: boolean, idle: Tab[]): Promise<void> {
  tab.trip = undefined;
  if (reusable) {
    try {
      await tab.page.goto('about:blank');
      await tab.context.clearCookies();
      idle.push(tab);
      return;
    } catch {
      // Could not be reset: closed below like a broken one.
    }
  }
  await tab.context.close().catch(() => undefined);
}

interface Arrival {
  returnedTo: URL;
  landing: Landing;
}

interface Trip {
  /** The authentication flow's origins. */
  allowed: Set<string>;
  shop: ShopRoute;
  declared: Set<string>;
  timeoutMs: number;
  /** Called once the customer's page left the authentication flow and got an answer (or none). */
  arrive(arrival: Arrival): void;
}

/**
 * Keeps the customer's traffic on the allowed origins and the shop's. Playwright does not route the
 * target of an HTTP redirect (page.route docs: the handler is only called for the first URL), so
 * requests to the authentication flow are fetched here without following redirects, and a
 * redirect of a page becomes a navigation the route sees again: the customer's way back to the
 * shop passes through here like every other request, and never reaches an undeclared host.
 */
async function guard(route: Route, trip: Trip): Promise<void> {
  const request = route.request();
  const url = new URL(request.url());
  try {
    if (trip.declared.has(url.origin)) {
      const landing = await answerFromShop(route, url, trip.shop, trip.timeoutMs);
      if (isCustomersPage(request)) trip.arrive({ returnedTo: url, landing });
      return;
    }
    if (!trip.allowed.has(url.origin)) {
      if (!isCustomersPage(request)) return await route.abort('blockedbyclient');
      // The customer's page left the authentication flow for a host the shop does not declare: stranded, and nothing is sent there.
      const landing = await refuse(route, { url: `${url.origin}${url.pathname}`, answered: false, problem: NOT_DECLARED });
      return trip.arrive({ returnedTo: url, landing });
    }
    const response = await route.fetch({ maxRedirects: 0 });
    const location = response.headers().location;
    if (response.status() >= 300 && response.status() < 400 && location) {
      const target = new URL(location, url);
      if (request.isNavigationRequest()) return await route.fulfill(navigationTo(target));
      if (!trip.allowed.has(target.origin)) {
        return await route.fulfill({ status: 403, contentType: 'text/plain', body: `stripe-config blocked a redirect to ${target.origin}` });
      }
    }
    await route.fulfill({ response });
  } catch {
    // The context closed once the journey had what it needed; the request no longer matters.
  }
}

/** A top-level page load (not a frame's, not an image's): where the customer is. */
function isCustomersPage(request: Request): boolean {
  if (!request.isNavigationRequest()) return false;
  try {
    return request.frame().parentFrame() === null;
  } catch {
    return false; // a request of a service worker or a closed page
  }
}

/** In place of a redirect: a page that goes on to `target` at once, so its request is routed too. */
function navigationTo(target: URL): { status: number; contentType: string; body: string } {
  return { status: 200, contentType: 'text/html', body: `<!doctype html><script>location.replace(${JSON.stringify(target.href)})</script>` };
}

function onLandingPage(page: Page, url: URL, waitUntil: 'load' | 'commit', timeoutMs: number): Promise<void> {
  const landingPath = `${url.origin}${url.pathname}`;
  return page.waitForURL((current) => `${current.origin}${current.pathname}` === landingPath, { waitUntil, timeout: timeoutMs });
}

async function screenshotOnceLoaded(page: Page, url: URL, timeoutMs: number): Promise<Buffer> {
  await onLandingPage(page, url, 'load', timeoutMs);
  return page.screenshot();
}

/** False when the landing's navigation failed (Chromium fails a 5xx without a body): the journey has its landing, the tab is not reused. */
function landingCommitted(page: Page, url: URL, timeoutMs: number): Promise<boolean> {
  return onLandingPage(page, url, 'commit', timeoutMs).then(
    () => true,
    () => false,
  );
}

/** Stripe's real test page puts the buttons in nested iframes; search every frame until one has it. */
async function findInAnyFrame(page: Page, name: RegExp, timeoutMs: number): Promise<Locator> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const button = frame.getByRole('button', { name });
      if ((await countSafely(button)) > 0) return button.first();
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
