/**
 * Tests in three lanes, one jest project each, by what a file really does (README, "Tests"):
 * - unit: pure modules and models; no sockets, no child processes (test/setup/unit-lane.ts refuses both);
 * - integration: the stand-ins on loopback, through the real SDKs and HTTP;
 * - slow: Terraform, Chromium, the spawned CLI.
 * `npm test` runs all three (with `tsc` beside them: scripts/test.sh); `npm run test:unit` is the edit loop.
 * Tests are TypeScript compiled by SWC (fast, no type check).
 */
const os = require('node:os');

const lane = (name, setupFilesAfterEnv = []) => ({
  displayName: name,
  rootDir: __dirname,
  roots: [`<rootDir>/test/${name}`],
  testMatch: ['**/*.test.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFiles: ['<rootDir>/test/setup/environment.ts'],
  setupFilesAfterEnv,
});

module.exports = {
  projects: [lane('unit', ['<rootDir>/test/setup/unit-lane.ts']), lane('integration'), lane('slow')],
  testTimeout: 60000,
  // Without a timing cache (a fresh clone), the slow lane's files start first: test/setup/sequencer.js.
  testSequencer: '<rootDir>/test/setup/sequencer.js',
  // A slow file spends part of its time waiting on the processes it starts (Terraform, Chromium, the CLI),
  // so one worker per core left a sixth of the CPU idle: 1.5 workers per core keeps both cores busy
  // (2-core box, slow lane: 660 s with two workers, 586 s with three; docs/BENCHMARKS.md, section 7, fifth pass). The unit
  // lane alone never waits, so `npm run test:unit` runs one worker per core.
  maxWorkers: Math.max(2, Math.round(os.availableParallelism() * 1.5)),
};
