/** Tests are TypeScript compiled by SWC (fast, no type check); `npm test` type-checks first with tsc. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup/jest.ts'],
  testTimeout: 60000,
  // Terraform, Chromium and the stand-ins are heavy: two workers on a 2-core box.
  maxWorkers: 2,
};
