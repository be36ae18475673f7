/**
 * The import rules of docs/ARCHITECTURE.md ("Import rules"), written for dependency-cruiser in
 * .dependency-cruiser.cjs: each folder imports only the layers below it, other folders are entered
 * through their index.ts, and the product folders have no import cycles.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const ROOT = path.resolve(__dirname, '..', '..');
const PRODUCT_FOLDERS = ['bin', 'cli', 'reports', 'ops', 'checks', 'config', 'runtime', 'stacks', 'emulators', 'examples'];

interface Violation {
  rule: string;
  from: string;
  to: string;
  cycle?: string[];
}

/** dependency-cruiser's violations for `folders` under `baseDir` (in a worker thread: it is an ES module only). */
function cruise(baseDir: string, folders: string[]): Promise<Violation[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(ROOT, 'test', 'helpers', 'cruise.mjs'), {
      workerData: { baseDir, folders, ruleSetFile: path.join(ROOT, '.dependency-cruiser.cjs') },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`dependency-cruiser's worker exited (${code}) without an answer`)));
  });
}

const describeViolation = ({ rule, from, to, cycle }: Violation): string => `${rule}: ${from} → ${cycle ? cycle.join(' → ') : to}`;

// dependency-cruiser parses every product file: about 5 s on a quiet 2-core box, but several times that
// while the other lanes' Terraform and Chromium share the cores, so the budget is generous.
const CRUISE_TIMEOUT_MS = 120_000;

describe('import rules', () => {
  test('the product folders follow them', async () => {
    expect((await cruise(ROOT, PRODUCT_FOLDERS)).map(describeViolation)).toEqual([]);
  }, CRUISE_TIMEOUT_MS);

  test('a wrong-way import, a reach past index.ts and a cycle are each a violation', async () => {
    const violations = await cruise(path.join(ROOT, 'test', 'fixtures', 'architecture'), ['runtime', 'ops', 'config']);
    expect(violations.map(describeViolation).sort()).toEqual([
      'enter-through-index: ops/deploy.ts → config/schema.ts',
      'layer-runtime: runtime/key-set.ts → ops/index.ts',
      'no-circular: config/rules.ts → config/schema.ts → config/rules.ts',
    ]);
  }, CRUISE_TIMEOUT_MS);
});
