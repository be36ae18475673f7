/**
 * gate.html as a reviewer opens it: in Chromium, from the file, with every request that is not a
 * data: or file: URL refused (the report must be self-contained). Screenshots are real PNGs taken by
 * the same browser, as the journey runner takes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { findChromium } from '../../../checks';
import { writeGateReports } from '../../../reports';
import { blockedRun } from '../../helpers/gate-runs';

// The flags of checks/browser.ts: a closed network, nothing phoning home at start.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

describe('gate.html in Chromium', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(async () => browser?.close());
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-html-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function screenshot(html: string): Promise<Buffer> {
    const page = await browser.newPage({ viewport: { width: 480, height: 320 } });
    try {
      await page.setContent(html);
      return await page.screenshot();
    } finally {
      await page.close();
    }
  }

  test('shows the verdict and loads every screenshot without a request outside the file', async () => {
    const run = blockedRun();
    const authenticationPage = await screenshot('<h1>3D Secure test page</h1><button>Complete</button>');
    const landingPage = await screenshot('<h1>404 Not Found</h1>');
    for (const row of run.environments[0].rows) {
      for (const result of [row.candidate, row.baseline]) if (result?.evidence) result.evidence = { authenticationPage, landingPage };
    }
    writeGateReports(dir, run);

    const context = await browser.newContext({ offline: true });
    try {
      const refused: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('data:') || url.startsWith('file:')) return route.continue();
        refused.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      await page.goto(pathToFileURL(path.join(dir, 'gate.html')).href, { waitUntil: 'load' });

      await expect(page.locator('h1#verdict').innerText()).resolves.toBe('stripe-config gate: blocked');
      expect(await page.locator('h1#verdict').isVisible()).toBe(true);
      const images = await page.locator('img').evaluateAll((imgs) => imgs.map((img) => ({ alt: (img as HTMLImageElement).alt, width: (img as HTMLImageElement).naturalWidth })));
      expect(images.map((image) => image.alt)).toEqual([
        'Authentication page (candidate)',
        'Returned to https://shop.example.com/checkout/returned (candidate)',
        'Authentication page (live settings)',
        'Returned to https://shop.example.com/checkout/return (live settings)',
      ]);
      for (const image of images) expect(image).toEqual({ alt: image.alt, width: 480 });
      expect(refused).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
