/** Component tests: React in jsdom, tcp-core from its sources (no lib build needed). */
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'web',
  testEnvironment: 'jsdom',
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: {
    '^@tcp-lab/tcp-core$': '<rootDir>/../../libs/tcp-core/src/index.ts',
    '\\.css$': '<rootDir>/test/style-stub.js',
  },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  testMatch: ['<rootDir>/test/**/*.spec.ts?(x)'],
};
