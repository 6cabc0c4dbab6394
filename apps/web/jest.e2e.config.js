/**
 * Browser tests: real headless Chromium (playwright-core) against the real server, which serves apps/web/dist.
 * Build the web first (`npm run build -w @tcp-lab/web`). Needs Postgres (see e2e/support.ts).
 */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'web-e2e',
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: {
    '^@tcp-lab/tcp-core$': '<rootDir>/../../libs/tcp-core/src/index.ts',
    '^@tcp-lab/lab-protocol$': '<rootDir>/../../libs/lab-protocol/src/index.ts',
  },
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  testTimeout: 180000,
};
