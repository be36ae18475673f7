/**
 * Tests in three lanes, one jest project each, by what a file really does (README, "Tests"):
 * - unit: pure modules and models; no sockets, no child processes (test/setup/unit-lane.ts refuses both);
 * - integration: the stand-ins on loopback, through the real SDKs and HTTP;
 * - slow: Terraform, Chromium, the spawned CLI.
 * `npm test` runs all three (after `tsc`); `npm run test:unit` is the edit loop.
 * Tests are TypeScript compiled by SWC (fast, no type check).
 */
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
  // Terraform, Chromium and the stand-ins are heavy: two workers on a 2-core box.
  maxWorkers: 2,
};
