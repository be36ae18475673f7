/** Which browser the journeys run in (checks/browser.ts): the headless shell first, CHROMIUM_PATH over all. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_CANDIDATES, findChromium } from '../../../checks/browser';

describe('findChromium', () => {
  let dir: string;
  let saved: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-find-chromium-'));
    saved = process.env.CHROMIUM_PATH;
    delete process.env.CHROMIUM_PATH;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  const installed = (name: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, '#!/bin/sh\n');
    return file;
  };

  test("prefers Debian's headless shell, then the full browser", () => {
    expect(CHROMIUM_CANDIDATES.slice(0, 2)).toEqual(['/usr/bin/chromium-headless-shell', '/usr/bin/chromium']);
  });

  test('takes the first candidate that is installed', () => {
    const missing = path.join(dir, 'chromium-headless-shell');
    const full = installed('chromium');
    installed('google-chrome');
    expect(findChromium([missing, full, path.join(dir, 'google-chrome')])).toBe(full);
    const shell = installed('chromium-headless-shell');
    expect(findChromium([shell, full])).toBe(shell);
  });

  test('CHROMIUM_PATH wins over every candidate, and a missing one is named', () => {
    const shell = installed('chromium-headless-shell');
    process.env.CHROMIUM_PATH = installed('my-chrome');
    expect(findChromium([shell])).toBe(process.env.CHROMIUM_PATH);
    process.env.CHROMIUM_PATH = path.join(dir, 'gone');
    expect(() => findChromium([shell])).toThrow(`CHROMIUM_PATH=${path.join(dir, 'gone')} does not exist`);
  });

  test('none installed: the error lists where it looked and how to install one', () => {
    const candidates = [path.join(dir, 'a'), path.join(dir, 'b')];
    let thrown: unknown;
    try {
      findChromium(candidates);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'browser_unavailable',
      message: `No Chromium found (looked in ${candidates.join(', ')})`,
      hint: expect.stringContaining('apt-get install -y chromium-headless-shell'),
    });
  });
});
