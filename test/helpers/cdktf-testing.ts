import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Testing, type App } from 'cdktf';

// One folder per test file (jest loads this module afresh for each), removed after the file.
const root = mkdtempSync(path.join(os.tmpdir(), 'stripe-config-cdktf-testing-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * `Testing.app()` with its output folder inside this file's folder: without an outdir, each call
 * leaves a `cdktf.outdir.*` folder in the temporary directory for good.
 */
export function testingApp(): App {
  return Testing.app({ outdir: mkdtempSync(path.join(root, 'app-')) });
}
