/** @type {import('jest').Config} */
module.exports = {
  displayName: 'server',
  testEnvironment: 'node',
  // Type-checking happens in `npm run typecheck`/build; tests transpile only, which keeps them fast on 2 cores.
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^@tcp-lab/tcp-core$': '<rootDir>/../../libs/tcp-core/src/index.ts',
    '^@tcp-lab/lab-protocol$': '<rootDir>/../../libs/lab-protocol/src/index.ts',
  },
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  // Each spec file boots real servers against its own fresh Postgres database.
  testTimeout: 30000,
  maxWorkers: 2,
};
