/** The file order of a run without jest's timing cache (a fresh CI clone): slow lane first, longest recorded first, then by size. */
import path from 'node:path';

// CommonJS, as jest loads it from jest.config.js.
const SlowLaneFirstSequencer = require('../../setup/sequencer.js') as new () => { sort<T>(tests: T[]): T[] };

interface FakeTest {
  path: string;
  context: { config: { displayName: { name: string }; cache: boolean; id: string; rootDir: string }; hasteFS: { getSize(file: string): number } };
}

const sizes = new Map<string, number>();
const contexts = new Map<string, FakeTest['context']>();

/** A test file of `lane`, `size` bytes long, in a project without a timing cache. */
function file(lane: string, name: string, size: number): FakeTest {
  const filePath = path.join('/repo/test', lane, name);
  sizes.set(filePath, size);
  if (!contexts.has(lane)) {
    contexts.set(lane, { config: { displayName: { name: lane }, cache: false, id: lane, rootDir: '/repo' }, hasteFS: { getSize: (file) => sizes.get(file) ?? 0 } });
  }
  return { path: filePath, context: contexts.get(lane)! };
}

const order = (tests: FakeTest[]) => new SlowLaneFirstSequencer().sort(tests).map((test) => path.relative('/repo/test', test.path));

test('without durations, slow files start first, then integration, then unit, each largest first', () => {
  const tests = [
    file('unit', 'big-model.test.ts', 30_000),
    file('integration', 'sdk.test.ts', 31_000),
    file('slow', 'ops/deploy-gate.test.ts', 14_000),
    file('unit', 'small.test.ts', 1_000),
    file('slow', 'cli/declared-target.test.ts', 6_000),
    file('integration', 'ledger.test.ts', 24_000),
  ];
  expect(order(tests)).toEqual([
    'slow/ops/deploy-gate.test.ts',
    'slow/cli/declared-target.test.ts',
    'integration/sdk.test.ts',
    'integration/ledger.test.ts',
    'unit/big-model.test.ts',
    'unit/small.test.ts',
  ]);
});

test('a file outside the three lanes keeps jest\'s order, after them', () => {
  const tests = [file('other', 'huge.test.ts', 90_000), file('unit', 'small.test.ts', 1_000), file('slow', 'stacks/terraform-stack.test.ts', 8_000)];
  expect(order(tests)).toEqual(['slow/stacks/terraform-stack.test.ts', 'unit/small.test.ts', 'other/huge.test.ts']);
});

test('slow files start longest first by their recorded wall time, an unrecorded one as a typical slow file, whatever their size', () => {
  const recorded = require('../../setup/slow-durations.json') as Record<string, number>;
  expect(recorded['test/slow/ops/gate.test.ts']).toBeGreaterThan(recorded['test/slow/checks/returns.test.ts']!);
  const tests = [
    file('slow', 'checks/returns.test.ts', 8_000),
    file('slow', 'cli/brand-new.test.ts', 9_000),
    file('slow', 'ops/gate.test.ts', 7_000),
    file('unit', 'small.test.ts', 1_000),
  ];
  expect(order(tests)).toEqual(['slow/ops/gate.test.ts', 'slow/cli/brand-new.test.ts', 'slow/checks/returns.test.ts', 'unit/small.test.ts']);
});

test('every file in the recorded durations exists (a renamed file would silently lose its place)', () => {
  const { existsSync } = require('node:fs') as typeof import('node:fs');
  const recorded = require('../../setup/slow-durations.json') as Record<string, number>;
  expect(Object.keys(recorded).filter((file) => !existsSync(path.join(__dirname, '..', '..', '..', file)))).toEqual([]);
});
